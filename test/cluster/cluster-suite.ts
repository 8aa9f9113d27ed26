import { onTestFailed, beforeEach } from 'vitest';
import type { ClusterHarness } from '../../scripts/cluster/harness';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import type { SseEvent } from '../support/sse';

/** A plain answer of 60 words and an end mark: streamed slowly, long enough to kill a node in the middle of it. */
export const SLOW_ANSWER = Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' ') + ' THE-END';

/**
 * A fake OpenAI-compatible model that gives the sorter and planner their usual replies and streams
 * every plain answer as SLOW_ANSWER, one word every `delayMs`.
 */
export function startSlowModel(delayMs: number): Promise<FakeOpenAiServer> {
  return FakeOpenAiServer.start({
    defaultReply: (request) => {
      const reply = pipelineReply(request);
      return reply === FAKE_ANSWER ? { text: SLOW_ANSWER, delayMs } : reply;
    },
  });
}

/** The answer text a stream carried: its `chunk` events joined. */
export const textOf = (events: SseEvent[]): string =>
  events
    .filter((event) => event.event === 'chunk')
    .map((event) => (event.data as { text: string }).text)
    .join('');

/** Prints every node's output (and HAProxy's) when a test of the suite fails. Call inside describe(). */
export function reportLogsOnFailure(cluster: () => ClusterHarness | undefined): void {
  beforeEach(() => {
    onTestFailed(() => console.error(cluster()?.logs() ?? 'the cluster did not start'));
  });
}
