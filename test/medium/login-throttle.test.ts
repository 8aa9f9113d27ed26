import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

const PASSWORD = 'plum-cloud-9-ferry';
const OWNER = 'owner@example.com';
const HOME_IP = '192.0.2.10';

/**
 * Per-account login backoff over HTTP, across two nodes. Clients are told apart by X-Forwarded-For
 * (TRUST_PROXY), as behind a load balancer; the per-IP `auth` budget is set out of the way.
 */
describe('login throttling per account', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;

  const login = (node: RunningWebApp, ip: string, email: string, password: string): Promise<Response> =>
    node.request('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers: { 'x-forwarded-for': ip } });
  /** Statuses of a failed login from `ip` repeated `times`, alternating nodes. */
  const failures = async (ip: string, email: string, times: number): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await login(i % 2 ? nodeB : nodeA, ip, email, 'wrong-password-1')).status);
    return statuses;
  };
  const expectThrottled = async (res: Response): Promise<void> => {
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = env.config({
      TRUST_PROXY: 'true',
      RATE_LIMIT_AUTH_PER_MIN: '1000',
      LOGIN_FAILURES_PER_ACCOUNT_AND_IP: '2',
      LOGIN_FAILURES_PER_ACCOUNT: '5',
    });
    [nodeA, nodeB] = await Promise.all([startWebApp(config), startWebApp(config)]);
    await registerUser(nodeA, OWNER, { password: PASSWORD, name: 'Owner' });
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await env?.dispose();
  });

  it('makes an IP that keeps failing wait, even with the right password, and only that IP', async () => {
    expect(await failures('10.0.0.1', OWNER, 2)).toEqual([401, 401]);

    await expectThrottled(await login(nodeB, '10.0.0.1', OWNER, PASSWORD));
    expect((await login(nodeA, '10.0.0.2', OWNER, PASSWORD)).status).toBe(200);
  });

  it('throttles an unknown email exactly like an existing one', async () => {
    expect(await failures('10.0.1.1', 'nobody@example.com', 2)).toEqual([401, 401]);

    await expectThrottled(await login(nodeA, '10.0.1.1', 'nobody@example.com', PASSWORD));
  });

  it('slows guessing spread over many IPs for every new IP, while the owner still logs in from home', async () => {
    const victim = 'victim@example.com';
    await registerUser(nodeA, victim, { password: PASSWORD, name: 'Victim' });
    expect((await login(nodeB, HOME_IP, victim, PASSWORD)).status).toBe(200);

    expect(await failures('10.0.2.1', victim, 2)).toEqual([401, 401]);
    expect(await failures('10.0.2.2', victim, 2)).toEqual([401, 401]);
    expect(await failures('10.0.2.3', victim, 1)).toEqual([401]);

    await expectThrottled(await login(nodeB, '10.0.2.4', victim, PASSWORD));
    await expectThrottled(await login(nodeA, '10.0.2.5', victim, 'another-guess-2'));
    const home = await login(nodeB, HOME_IP, victim, PASSWORD);
    expect(home.status).toBe(200);
    expect(((await home.json()) as { user: { email: string } }).user.email).toBe(victim);
  });
});
