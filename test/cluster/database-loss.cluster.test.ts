import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import { TcpProxy } from '../../scripts/cluster/tcp-proxy';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { isTerminal, readSse } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { reportLogsOnFailure } from './cluster-suite';

/** A request while the database is gone is answered within this, never left hanging. */
const ANSWER_BOUND_MS = 10_000;
/** Reconnecting needs no restart; it may take a few health checks. */
const RECOVERY_TIMEOUT_MS = 30_000;

/**
 * MariaDB's connections are cut under a running cluster (a TCP proxy between every node and the
 * database): requests that need it fail with 503 DATABASE_UNAVAILABLE, never 500 nor a hang, the
 * nodes report it on /api/health, and once the connections are restored every node serves again,
 * chat answers included, without being restarted.
 */
describe('MariaDB connection loss under the cluster', () => {
  let env: TestEnvironment;
  let proxy: TcpProxy;
  let openai: FakeOpenAiServer;
  let cluster: ClusterHarness;
  let session: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create({ name: 'sb_dbloss' });
    const direct = new URL(env.databaseUrl);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 3306) });
    openai = await FakeOpenAiServer.start({ defaultReply: pipelineReply });
    cluster = await ClusterHarness.start({
      workers: 1,
      databaseUrl: proxy.rewrite(env.databaseUrl),
      redisKeyPrefix: env.redisKeyPrefix,
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' },
    });
    session = await registerUser(cluster, 'dora@example.com');
  });
  afterAll(async () => {
    proxy?.restore();
    await cluster?.stop();
    await proxy?.close();
    await openai?.close();
    await env?.dispose();
  });
  reportLogsOnFailure(() => cluster);

  it('answers 503 DATABASE_UNAVAILABLE on every node while the database is cut off, and recovers without restarts', async () => {
    const token = session.accessToken;
    const pids = cluster.nodes.map((node) => node.pid);
    expect((await cluster.request('/api/v1/chats', { token })).status).toBe(200);

    proxy.cut();
    for (const web of cluster.webs) {
      const startedAt = Date.now();
      const response = await web.request('/api/v1/chats', { token });
      expect(Date.now() - startedAt).toBeLessThan(ANSWER_BOUND_MS);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'DATABASE_UNAVAILABLE' } });
      const health = await web.request('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'degraded', checks: { database: 'down', redis: 'up' } });
    }
    // Through the load balancer: 503 too (the node's, or HAProxy's once every node is out), never a 500.
    const throughBalancer = await cluster.request('/api/v1/chats', { token });
    expect(throughBalancer.status).toBe(503);

    proxy.restore();
    for (const web of cluster.webs) await cluster.waitForLoadBalancer(web, 'UP');
    await waitFor(async () => (await cluster.request('/api/v1/chats', { token })).status === 200, { timeoutMs: RECOVERY_TIMEOUT_MS, what: 'requests to succeed again' });
    for (const web of cluster.webs) expect((await web.request('/api/v1/chats', { token })).status).toBe(200);

    // The worker's pool recovered too: a message is answered end to end.
    const answer = await readSse(await cluster.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Are you back?' } }), isTerminal);
    expect(answer.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    expect(answer.filter((event) => event.event === 'chunk').map((event) => (event.data as { text: string }).text).join('')).toBe(FAKE_ANSWER);
    expect(cluster.nodes.map((node) => node.pid)).toEqual(pids);
  });
});
