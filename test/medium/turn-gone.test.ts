import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, readSse } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

/** A stream always ends with `complete` or `error`, even when its turn is gone before a worker gets to it. */
describe('a turn deleted while its job waits', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let worker: INestApplicationContext | undefined;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // The web node runs alone at first, so the message stays queued while its chat is deleted.
    web = await startWebApp(env.config({ APP_ROLE: 'web', MAX_CONCURRENT_GENERATIONS_PER_USER: '1' }));
    token = (await registerUser(web, 'gone@example.com')).accessToken;
  });
  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close()]);
    await env?.dispose();
  });

  it('ends the stream with error NOT_FOUND and gives the generation slot back', async () => {
    const sent = await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello there' } });
    const [started] = await readSse(sent, (event) => event.event === 'started');
    const { trackId, chatId } = started?.data as { trackId: string; chatId: string };
    expect((await web.request(`/api/v1/chats/${chatId}`, { method: 'DELETE', token })).status).toBe(204);

    worker = await startWorkerApp(env.config({ APP_ROLE: 'worker', MAX_CONCURRENT_GENERATIONS_PER_USER: '1' }));
    const events = await readSse(await web.request(`/api/v1/messages/stream/${trackId}`, { token }), isTerminal);

    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'NOT_FOUND' } });
    // At a cap of one, the next message is accepted only if the gone turn gave its slot back.
    const next = await web.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hello again' } });
    expect(next.status).toBe(200);
    expect((await readSse(next, isTerminal)).at(-1)?.event).toBe('complete');
  });
});
