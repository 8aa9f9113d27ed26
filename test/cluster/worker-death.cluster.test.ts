import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness, type ClusterNode } from '../../scripts/cluster/harness';
import type { FakeOpenAiServer } from '../support/fake-openai-server';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { registerUser } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure, SLOW_ANSWER, startSlowModel, textOf } from './cluster-suite';



/** A webhook receiver: the `message.completed` events it got, by message id. */
class CompletedReceiver {
  readonly completed: string[] = [];
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const event = JSON.parse(body) as { type: string; data: { messageId: string } };
      if (event.type === 'message.completed') this.completed.push(event.data.messageId);
      response.writeHead(204).end();
    });
  });

  url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A worker killed with SIGKILL mid-answer (docs/api.md, "a worker dies"): the other worker finds
 * its job stalled and answers again; the client, through the load balancer, sees a `reset` and
 * one whole answer, the chat holds that answer, and its webhook is called once.
 */
describe('a worker killed with SIGKILL mid-answer', () => {
  let cluster: ClusterHarness;
  let openai: FakeOpenAiServer;
  let redis: Redis;
  const receiver = new CompletedReceiver();
  let token: string;

  beforeAll(async () => {
    // About 6 s of answer at one word every 100 ms: long enough to kill its worker in the middle of it.
    openai = await startSlowModel(100);
    await receiver.start();
    cluster = await ClusterHarness.start({
      workers: 2,
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MODELS: 'fake-chat',
        AI_MAX_RETRIES: '0',
        // Seconds, not the production 30 s, until a dead worker's job runs elsewhere.
        QUEUE_LOCK_DURATION_MS: '3000',
        QUEUE_STALLED_INTERVAL_MS: '1000',
        // The webhook receiver is this test, on loopback.
        OUTBOUND_ALLOW_PRIVATE_TARGETS: 'true',
      },
    });
    redis = new Redis(cluster.sharedEnv.REDIS_URL ?? '');
    token = (await registerUser(cluster, 'kim@example.com')).accessToken;
    const endpoint = await cluster.request('/api/v1/webhooks/endpoints', { method: 'POST', token, json: { url: receiver.url(), events: ['message.completed'] } });
    expect(endpoint.status).toBe(201);
  });
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
    await openai?.close();
    await receiver.stop();
  });
  reportLogsOnFailure(() => cluster);

  /** The job (id = track id) as BullMQ keeps it in Redis, whatever the queues' key prefix: the hash among the keys ending in the id. */
  const jobFields = async (trackId: string): Promise<Record<string, string>> => {
    for (const key of await scanAll(redis, `${cluster.sharedEnv.REDIS_KEY_PREFIX ?? ''}*:${trackId}`)) {
      if ((await redis.type(key)) === 'hash') return redis.hgetall(key);
    }
    return {};
  };
  /** The worker node whose process took the job last (BullMQ's processedBy: `<host>:<pid>`). */
  const workerRunning = async (trackId: string): Promise<ClusterNode | undefined> => {
    const pid = Number((await jobFields(trackId)).pb?.split(':').at(-1));
    return cluster.workers.find((worker) => worker.pid === pid);
  };

  it('is answered again by the other worker: one reset, one whole answer, one webhook call', async () => {
    const started = await cluster.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Tell me a long story' } });
    expect(started.status).toBe(200);
    const events: SseEvent[] = [];
    const streamed = readSse(started, (event) => {
      events.push(event);
      return isTerminal(event);
    });
    await waitFor(() => textOf(events).split(' ').length >= 3, { what: 'the first words of the answer' });
    const { trackId, messageId } = events[0]?.data as { trackId: string; messageId: string };

    const running = await waitFor(() => workerRunning(trackId), { what: 'the worker running the answer' });
    expect((await running.kill('SIGKILL')).signal).toBe('SIGKILL');
    await streamed;

    // Through the load balancer: the words of the dead worker, one reset, then the whole answer.
    expect(events.filter((event) => event.event === 'reset')).toHaveLength(1);
    const resetAt = events.findIndex((event) => event.event === 'reset');
    expect(textOf(events.slice(0, resetAt)).length).toBeGreaterThan(0);
    expect(textOf(events.slice(resetAt + 1))).toBe(SLOW_ANSWER);
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete', messageId } });
    const survivor = await workerRunning(trackId);
    expect(survivor?.running).toBe(true);
    expect(survivor?.name).not.toBe(running.name);

    // Stored once, with the whole answer; its job done; its webhook called once.
    const stored = (await (await cluster.request(`/api/v1/messages/${messageId}`, { token })).json()) as { text: string; status: string };
    expect(stored).toMatchObject({ text: SLOW_ANSWER, status: 'complete' });
    await waitFor(async () => (await jobFields(trackId)).finishedOn !== undefined, { what: 'the job to finish' });
    await waitFor(() => receiver.completed.includes(messageId), { what: 'the webhook call' });
    const deliveries = await cluster.environment?.query<{ n: number }>("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE event = 'message.completed'");
    expect(Number(deliveries?.[0]?.n)).toBe(1);
    expect(receiver.completed).toEqual([messageId]);

    // A client re-attaching from before the reset, through any web node, gets it and the whole answer again.
    const resumed = await readSse(await cluster.request(`/api/v1/messages/stream/${trackId}`, { token, headers: { 'last-event-id': events[resetAt - 1]?.id ?? '' } }), isTerminal);
    expect(resumed.map((event) => event.id)).toEqual(events.slice(resetAt).map((event) => event.id));
  });
});

/** Every key matching `pattern` (SCAN, not KEYS, as on a shared Redis). */
async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
