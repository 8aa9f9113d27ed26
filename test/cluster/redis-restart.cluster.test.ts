import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness, type ClusterNode } from '../../scripts/cluster/harness';
import { OwnedRedis } from '../../scripts/cluster/owned-redis';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure } from './cluster-suite';

/** Reconnection backs off to 1 s and the load balancer wants 2 good checks: a few seconds. */
const RECOVERY_TIMEOUT_MS = 30_000;
const QUEUED_MESSAGES = 3;

const textOf = (events: SseEvent[]): string =>
  events
    .filter((event) => event.event === 'chunk')
    .map((event) => (event.data as { text: string }).text)
    .join('');

/** A node's health report: `/api/health` on a web node, `/health` on a worker's liveness port. */
async function healthOf(node: ClusterNode): Promise<{ status: number; report: { status: string; checks: Record<string, string> } }> {
  const response = await node.request(node.role === 'web' ? '/api/health' : '/health');
  return { status: response.status, report: (await response.json()) as { status: string; checks: Record<string, string> } };
}

/**
 * The cluster's Redis (one the harness owns, with an append-only file) is restarted under it: web
 * nodes and workers reconnect by themselves, /api/health reports the outage while it lasts, and
 * jobs queued before the restart are answered after it.
 */
describe('restarting Redis under the cluster', () => {
  let redis: OwnedRedis;
  let openai: FakeOpenAiServer;
  let cluster: ClusterHarness;
  let session: Session;

  beforeAll(async () => {
    redis = await OwnedRedis.create();
    openai = await FakeOpenAiServer.start({ defaultReply: pipelineReply });
    cluster = await ClusterHarness.start({
      redisUrl: redis.url(),
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' },
    });
    session = await registerUser(cluster, 'rita@example.com');
  });
  afterAll(async () => {
    // Nodes close their queues and sockets through Redis: bring it back if a failed test left it down.
    await redis?.start();
    await cluster?.stop();
    await openai?.close();
    await redis?.dispose();
  });
  reportLogsOnFailure(() => cluster);

  /** Stops Redis, checks that every node reports it down, starts it again and waits for every node to recover. */
  const restartRedisWatchingHealth = async (nodes: ClusterNode[]): Promise<void> => {
    await redis.stop();
    for (const node of nodes) {
      const during = await waitFor(async () => {
        const health = await healthOf(node);
        return health.status === 503 && health.report.checks.redis === 'down' ? health : undefined;
      }, { what: `${node.name} to report Redis down` });
      expect(during.report).toMatchObject({ status: 'degraded', checks: { redis: 'down', database: 'up' } });
    }
    await redis.start();
    for (const node of nodes) {
      await waitFor(async () => (await healthOf(node)).status === 200, { timeoutMs: RECOVERY_TIMEOUT_MS, what: `${node.name} to report healthy again` });
    }
    for (const web of cluster.webs) await cluster.waitForLoadBalancer(web, 'UP');
  };

  it('keeps jobs queued across a restart and answers them once workers run again', async () => {
    const token = session.accessToken;
    for (const worker of cluster.workers) await worker.stop();

    // Each message is accepted and queued; its stream is left after the first event, as a closed tab would.
    const trackIds: string[] = [];
    for (let i = 0; i < QUEUED_MESSAGES; i++) {
      const started = await readSse(await cluster.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: `Queued question ${i}` } }), () => true);
      trackIds.push((started[0]?.data as { trackId: string }).trackId);
    }

    await restartRedisWatchingHealth(cluster.webs);
    for (const worker of cluster.workers) await worker.restart();

    for (const trackId of trackIds) {
      const events = await readSse(await cluster.request(`/api/v1/messages/stream/${trackId}`, { token }), isTerminal);
      expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
      expect(textOf(events)).toBe(FAKE_ANSWER);
    }
  });

  it('has running web nodes and workers reconnect by themselves: the next message is answered without restarting any', async () => {
    const token = session.accessToken;
    const pids = cluster.nodes.map((node) => node.pid);

    await restartRedisWatchingHealth(cluster.nodes);

    const events = await readSse(await cluster.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'After the restart' } }), isTerminal);
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    expect(textOf(events)).toBe(FAKE_ANSWER);
    expect(cluster.nodes.map((node) => node.pid)).toEqual(pids);
  });
});
