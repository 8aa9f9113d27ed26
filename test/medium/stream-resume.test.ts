import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClients } from '../../src/infra/redis/redis.clients';
import { trackKey } from '../../src/infra/stream/track-key';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { isTerminal, readSse, type SseEvent } from '../support/sse';

/** A browser refresh, or a load balancer switching nodes, mid-answer loses nothing. */
describe('resuming a stream on another web node', () => {
  let env: TestEnvironment;
  let nodeA: RunningWebApp;
  let nodeB: RunningWebApp;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    [nodeA, nodeB] = await Promise.all([startWebApp(env.config({ APP_ROLE: 'all' })), startWebApp(env.config({ APP_ROLE: 'web' }))]);
    token = (await registerUser(nodeA, 'r@example.com')).accessToken;
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
    await env?.dispose();
  });

  /** A short answer, read to its end: every event with its id, the last one `complete`. */
  const finishedAnswer = async (): Promise<{ trackId: string; events: SseEvent[] }> => {
    const events = await readSse(await nodeA.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Hi' } }), isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return { trackId: (events[0]?.data as { trackId: string }).trackId, events };
  };
  const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;

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
    const otherToken = (await registerUser(nodeB, 'o@example.com')).accessToken;
    const { trackId } = await finishedAnswer();

    const foreign = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token: otherToken });
    expect(foreign.status).toBe(404);
    const badId = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': 'x; DROP' } });
    expect(badId.status).toBe(400);
    expect(await errorCode(badId)).toBe('INVALID_LAST_EVENT_ID');
    const unknown = await nodeB.request('/api/v1/messages/stream/9b2f3c1e-0000-4000-8000-000000000000', { token });
    expect(unknown.status).toBe(404);
    const stopForeign = await nodeB.request('/api/v1/messages/stop', { method: 'POST', token: otherToken, json: { trackId } });
    expect(stopForeign.status).toBe(404);
  });

  it('refuses a Last-Event-ID beyond the 64 bits Redis holds, from the header or the query', async () => {
    const { trackId } = await finishedAnswer();

    const header = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': '99999999999999999999-1' } });
    expect(header.status).toBe(400);
    expect(await errorCode(header)).toBe('INVALID_LAST_EVENT_ID');
    const query = await nodeB.request(`/api/v1/messages/stream/${trackId}?token=${token}&lastEventId=18446744073709551616-0`);
    expect(query.status).toBe(400);
    expect(await errorCode(query)).toBe('INVALID_LAST_EVENT_ID');
  });

  it('refuses a well-formed Last-Event-ID later than the last event the stream sent', async () => {
    const { trackId, events } = await finishedAnswer();
    const [ms, seq] = (events.at(-1)?.id ?? '').split('-');

    for (const later of [`${ms}-${BigInt(seq ?? '') + 1n}`, `${BigInt(ms ?? '') + 1n}-0`, '18446744073709551615-18446744073709551615']) {
      const response = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': later } });
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('INVALID_LAST_EVENT_ID');
    }
  });

  it('ends with the final event again when Last-Event-ID is that final event', async () => {
    const { trackId, events } = await finishedAnswer();
    const complete = events.at(-1);

    const resumed = await readSse(await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': complete?.id ?? '' } }));

    // readSse returns when the server ends the response: nothing but the final event came.
    expect(resumed).toEqual([complete]);
  });

  it('ends the stream with an INTERNAL error event when Redis fails to read its history', async () => {
    const { trackId } = await finishedAnswer();
    // A real Redis failure: the track's stream key now holds a string, so XRANGE answers WRONGTYPE.
    const redis = nodeB.app.get(RedisClients);
    await redis.app.set(trackKey(redis, trackId, 'events'), 'not a stream');

    const response = await nodeB.request(`/api/v1/messages/stream/${trackId}`, { token });
    const events = await readSse(response);

    expect(response.status).toBe(200);
    expect(events).toEqual([{ id: undefined, event: 'error', data: { code: 'INTERNAL', message: expect.any(String) } }]);
  });
});
