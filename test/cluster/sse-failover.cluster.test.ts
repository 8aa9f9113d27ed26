import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import type { FakeOpenAiServer } from '../support/fake-openai-server';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure, SLOW_ANSWER, startSlowModel, textOf } from './cluster-suite';


/** Redis stream ids (`<ms>-<seq>`) as one comparable number. */
const order = (id: string | undefined): bigint => {
  const [ms = '', seq = ''] = (id ?? '').split('-');
  return (BigInt(ms) << 64n) + BigInt(seq);
};

/** The web node serving an answer's stream dies: the client re-attaches through the load balancer and loses nothing. */
describe('an SSE stream whose web node is killed mid-answer', () => {
  let cluster: ClusterHarness;
  let openai: FakeOpenAiServer;
  let token: string;

  beforeAll(async () => {
    // About 6 s of answer at one word every 100 ms: long enough to kill a node in the middle of it.
    openai = await startSlowModel(100);
    cluster = await ClusterHarness.start({
      workers: 1,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' },
    });
    token = (await registerUser(cluster, 'sam@example.com')).accessToken;
  });
  afterAll(async () => {
    await cluster?.stop();
    await openai?.close();
  });
  reportLogsOnFailure(() => cluster);

  it('resumes with Last-Event-ID on another node: every event once, in order, the whole answer', async () => {
    const started = await cluster.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Tell me a long story' } });
    expect(started.status).toBe(200);
    const serving = cluster.node(started.headers.get('x-served-by') ?? '');

    // Read until a few words have arrived, then the serving node dies under the open stream.
    const beforeDeath: SseEvent[] = [];
    const cut = readSse(started, (event) => {
      beforeDeath.push(event);
      return isTerminal(event);
    }).catch(() => undefined);
    await waitFor(() => beforeDeath.filter((event) => event.event === 'chunk').length >= 3, { what: 'the first words of the answer' });
    expect((await serving.kill('SIGKILL')).signal).toBe('SIGKILL');
    await cut;
    expect(beforeDeath.some(isTerminal)).toBe(false);
    const trackId = (beforeDeath[0]?.data as { trackId: string }).trackId;

    // The client re-attaches through the load balancer, which sends it to a node still alive.
    const resumedResponse = await cluster.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': beforeDeath.at(-1)?.id ?? '' } });
    expect(resumedResponse.status).toBe(200);
    expect(resumedResponse.headers.get('x-served-by')).not.toBe(serving.name);
    const resumed = await readSse(resumedResponse, isTerminal);
    expect(resumed.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });

    const received = [...beforeDeath, ...resumed];
    const ids = received.map((event) => event.id);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(order(ids[i]) > order(ids[i - 1])).toBe(true);
    expect(textOf(received)).toBe(SLOW_ANSWER);

    // Exactly the events of the stream as a client reading it whole sees them.
    const whole = await readSse(await cluster.request(`/api/v1/messages/stream/${trackId}`, { token }), isTerminal);
    expect(ids).toEqual(whole.map((event) => event.id));
  });
});
