import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHarness } from '../../scripts/cluster/harness';
import { reportLogsOnFailure } from './cluster-suite';

/** The harness itself: what every other cluster scenario stands on. */
describe('cluster harness', () => {
  let cluster: ClusterHarness;

  beforeAll(async () => {
    cluster = await ClusterHarness.start();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  reportLogsOnFailure(() => cluster);

  it('runs 3 web nodes and 2 workers on distinct ports behind a load balancer that spreads requests over all web nodes', async () => {
    expect(cluster.webs.map((node) => node.name)).toEqual(['web0', 'web1', 'web2']);
    expect(cluster.workers.map((node) => node.name)).toEqual(['worker0', 'worker1']);
    expect(new Set(cluster.nodes.map((node) => node.pid)).size).toBe(5);
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(5);

    const servedBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const response = await cluster.request('/api/health');
      expect(response.status).toBe(200);
      servedBy.add(response.headers.get('x-served-by') ?? '');
    }
    expect([...servedBy].sort()).toEqual(['web0', 'web1', 'web2']);
  });

  it('takes a killed web node out of the rotation, sends its requests elsewhere, and back in after a restart', async () => {
    const [victim] = cluster.webs;
    if (!victim) throw new Error('no web node');
    expect((await victim.kill()).signal).toBe('SIGKILL');
    // Before the health checks notice, a request that lands on the dead node is redispatched.
    for (let i = 0; i < 6; i++) expect((await cluster.request('/api/health')).status).toBe(200);
    await cluster.waitForLoadBalancer(victim, 'DOWN');

    await victim.restart();
    expect(victim.running).toBe(true);
    expect((await cluster.loadBalancerStates()).get(victim.name)).toBe('UP');
  });
});
