import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

/**
 * MAX_CONCURRENT_GENERATIONS_PER_USER across the cluster. The web node runs alone at first, so
 * accepted answers stay queued, holding their slots, for as long as the test needs; a worker
 * started later answers them.
 */
describe('concurrent generations per user', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let worker: INestApplicationContext | undefined;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config({ APP_ROLE: 'web', MAX_CONCURRENT_GENERATIONS_PER_USER: '2' }));
    token = (await registerUser(web, 'g@example.com')).accessToken;
  });
  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
    await env?.dispose();
  });

  const send = (body: Record<string, unknown>): Promise<Response> => web.request('/api/v1/messages/stream', { method: 'POST', token, json: body });
  /** Sends a message and reads its stream up to `started` (the answer goes on without us). */
  const start = async (body: Record<string, unknown>): Promise<SseEvent> => {
    const response = await send(body);
    expect(response.status).toBe(200);
    const [started] = await readSse(response, (event) => event.event === 'started');
    expect(started?.event).toBe('started');
    return started;
  };
  const count = async (table: string): Promise<number> => Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);

  it('refuses the third answer at a cap of two with 429, writing nothing; accepts one again once an answer ends', async () => {
    const first = await start({ message: 'First question' });
    // An incognito turn generates like any other, so it holds a slot too.
    await start({ message: 'A private second question', incognito: true });
    const [chatsBefore, messagesBefore] = [await count('chats'), await count('messages')];
    expect([chatsBefore, messagesBefore]).toEqual([1, 2]);

    const refused = await send({ message: 'Third question' });

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: { code: 'TOO_MANY_GENERATIONS', message: expect.stringContaining('2') } });
    expect([await count('chats'), await count('messages')]).toEqual([chatsBefore, messagesBefore]);

    worker = await startWorkerApp(env.config({ APP_ROLE: 'worker', MAX_CONCURRENT_GENERATIONS_PER_USER: '2' }));
    const { trackId } = first.data as { trackId: string };
    const firstAnswer = await readSse(await web.request(`/api/v1/messages/stream/${trackId}`, { token }), isTerminal);
    expect(firstAnswer.at(-1)?.event).toBe('complete');

    // The slot went back before `complete` went out: the next message is accepted straight away.
    const next = await send({ message: 'Fourth question' });
    expect(next.status).toBe(200);
    expect((await readSse(next, isTerminal)).at(-1)?.event).toBe('complete');
  });
});
