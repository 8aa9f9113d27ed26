import { NO_KNOWLEDGE, type NodeRun } from '../capability';

/** A node run for capability specs, keeping what the capability streams: its text chunks and progress. */
export type RecordedNodeRun = NodeRun & { emitted: string[]; progress: number[] };

/**
 * Node n1 of user-1's message-1, in English, with no task prompt, model choice, history or
 * knowledge unless `run` sets them; `request` and `inputs` are what each spec is about.
 */
export function recordedNodeRun(run: Pick<NodeRun, 'request' | 'inputs'> & Partial<NodeRun>): RecordedNodeRun {
  const emitted: string[] = [];
  const progress: number[] = [];
  return {
    nodeId: 'n1',
    userId: 'user-1',
    messageId: 'message-1',
    language: 'en',
    taskPrompt: null,
    modelId: null,
    history: [],
    summary: null,
    knowledge: NO_KNOWLEDGE,
    params: {},
    signal: new AbortController().signal,
    emitText: (chunk) => emitted.push(chunk),
    emitProgress: (percent) => progress.push(percent),
    ...run,
    emitted,
    progress,
  };
}
