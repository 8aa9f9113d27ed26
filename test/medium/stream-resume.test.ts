import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { isTerminal, readSse } from '../support/sse';

/** A browser refresh, or a load balancer switching nodes, mid-answer loses nothing. */
describe('resuming a stream on another web node', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    [nodeA, nodeB] = await Promise.all([startWebApp(env.config({ APP_ROLE: 'all' })), startWebApp(env.config({ APP_ROLE: 'web' }))]);
    const res = await nodeA.request('/api/v1/auth/register', { method: 'POST', json: { email: 'r@example.com', password: 'long enough', name: 'R' } });
    token = ((await res.json()) as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await env?.dispose();
  });

  it('returns exactly the events after Last-Event-ID, from a node that did not start the stream', async () => {
    const started = await nodeA.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'Summarize this and make a PDF of it: Alpha is first. Beta is second. Gamma is third.' },
    });
    // The client goes away after the first few events (a refresh, a dropped connection).
    const seen = await readSse(started, (event) => event.event === 'plan' || event.event === 'chunk');
    const last = seen.at(-1);
    const trackId = (seen[0]?.data as { trackId: string }).trackId;
    expect(last?.id).toBeDefined();

    const resumed = await readSse(
      await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': last?.id ?? '' } }),
      isTerminal,
    );
    const everything = await readSse(await nodeB.request(`/api/v1/messages/stream/${trackId}?token=${token}`), isTerminal);

    expect(resumed.length).toBeGreaterThan(0);
    expect([...seen, ...resumed].map((e) => e.id)).toEqual(everything.map((e) => e.id));
    expect(resumed.at(-1)?.event).toBe('complete');
  });

  it('refuses other users, malformed ids and unknown tracks', async () => {
    const other = await nodeB.request('/api/v1/auth/register', { method: 'POST', json: { email: 'o@example.com', password: 'long enough', name: 'O' } });
    const otherToken = ((await other.json()) as { accessToken: string }).accessToken;
    const events = await readSse(await nodeA.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hi' } }), isTerminal);
    const trackId = (events[0]?.data as { trackId: string }).trackId;

    const foreign = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token: otherToken });
    expect(foreign.status).toBe(404);
    const badId = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': 'x; DROP' } });
    expect(badId.status).toBe(400);
    const unknown = await nodeB.request('/api/v1/messages/stream/9b2f3c1e-0000-4000-8000-000000000000', { token });
    expect(unknown.status).toBe(404);
    const stopForeign = await nodeB.request('/api/v1/messages/stop', { method: 'POST', token: otherToken, json: { trackId } });
    expect(stopForeign.status).toBe(404);
  });
});
