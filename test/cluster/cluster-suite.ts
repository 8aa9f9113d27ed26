import { onTestFailed, beforeEach } from 'vitest';
import type { ClusterHarness } from '../../scripts/cluster/harness';

/** Prints every node's output (and HAProxy's) when a test of the suite fails. Call inside describe(). */
export function reportLogsOnFailure(cluster: () => ClusterHarness | undefined): void {
  beforeEach(() => {
    onTestFailed(() => console.error(cluster()?.logs() ?? 'the cluster did not start'));
  });
}
