import type { Citation, StoredFile, StreamError, TaskState, TokenUsage } from '../api/chats';
import type { MemoryRef } from '../api/memories';
import type { FileLink, SourceResult, StreamEvent, StreamEventMap } from '../api/stream-events';

/** A node card's state: the server's, plus `stopped` when the user stopped the answer. */
export type CardState = TaskState | 'stopped';

export interface TaskCardModel {
  nodeId: string;
  capability: string;
  dependsOn: string[];
  state: CardState;
  error: string | null;
  text: string;
  percent: number | null;
  files: FileLink[];
}

export type AnswerStatus = 'connecting' | 'streaming' | 'complete' | 'stopped' | 'failed';

/** Everything one answer's events have said so far: what the chat shows for it while it streams. */
export interface AnswerState {
  chatId: string | null;
  trackId: string | null;
  messageId: string | null;
  userMessageId: string | null;
  /** The question as typed, shown at once before the server has stored it. */
  userText: string;
  /** The files sent with it. */
  userFileIds: string[];
  /** The model picked for this answer, for the phase label ("Writing with …"). */
  modelLabel: string | null;
  /** An incognito turn: stored nowhere, so nothing can refer to it later (no feedback on it). */
  incognito: boolean;
  status: AnswerStatus;
  /** The user pressed Stop and the server has not confirmed yet. */
  stopping: boolean;
  lastEventId: string | null;
  /** When the current phase began (ms since epoch), for "taking longer than usual". */
  phaseSince: number;
  /** `multiStep` means a plan is on its way ("Planning…"). */
  classified: StreamEventMap['classified'] | null;
  plan: { replyNode: string; order: string[]; cards: Record<string, TaskCardModel> } | null;
  planDiscarded: string | null;
  /** The attachments being read before the answer (the `files` node, outside any plan). */
  reading: TaskCardModel | null;
  sources: SourceResult[];
  /** The user's memories recalled for this answer. */
  memories: MemoryRef[];
  text: string;
  /** The model's reasoning so far (models that expose it). */
  thinking: string;
  /** When the reasoning began (ms since epoch, shifted back by earlier reasoning of a continued answer); null when none is going on. */
  thinkingSince: number | null;
  /** How long the model reasoned, once the answer began (the server's measure once complete). */
  thinkingMs: number | null;
  result: StreamEventMap['complete'] | null;
  error: StreamError | null;
  /** What a `reset` goes back to: nothing, or the stored answer a Continue goes on from. */
  origin: { text: string; thinking: string; thinkingMs: number | null };
}

/**
 * A new answer as the client starts it. `continued` is the stored answer a Continue goes on
 * from: its text and reasoning come first, the stream appends to them.
 */
export function newAnswer(input: {
  chatId: string | null;
  userText: string;
  userFileIds?: string[];
  modelLabel: string | null;
  now: number;
  continued?: { messageId: string; text: string; thinking: string | null; thinkingMs: number | null };
  incognito?: boolean;
}): AnswerState {
  return {
    chatId: input.chatId,
    trackId: null,
    messageId: null,
    userMessageId: null,
    userText: input.userText,
    userFileIds: input.userFileIds ?? [],
    modelLabel: input.modelLabel,
    incognito: input.incognito ?? false,
    status: 'connecting',
    stopping: false,
    lastEventId: null,
    phaseSince: input.now,
    classified: null,
    plan: null,
    planDiscarded: null,
    reading: null,
    sources: [],
    memories: [],
    text: input.continued?.text ?? '',
    thinking: input.continued?.thinking ?? '',
    thinkingSince: null,
    thinkingMs: input.continued?.thinkingMs ?? null,
    result: null,
    error: null,
    origin: { text: input.continued?.text ?? '', thinking: input.continued?.thinking ?? '', thinkingMs: input.continued?.thinkingMs ?? null },
  };
}

export function isFinished(state: Pick<AnswerState, 'status'>): boolean {
  return state.status === 'complete' || state.status === 'stopped' || state.status === 'failed';
}

/** Applies one event. Pure: the same events give the same state, so a replay rebuilds it exactly. */
export function applyEvent(state: AnswerState, event: StreamEvent, now: number): AnswerState {
  const next: AnswerState = { ...state, lastEventId: event.id ?? state.lastEventId };
  // Nothing a late frame says can reopen an answer that has ended.
  if (isFinished(state)) return next;
  const before = phase(state);
  applyPayload(next, event, now);
  if (phase(next) !== before) next.phaseSince = now;
  return next;
}

function applyPayload(next: AnswerState, event: StreamEvent, now: number): void {
  switch (event.name) {
    case 'started':
      next.status = 'streaming';
      next.trackId = event.data.trackId;
      next.chatId = event.data.chatId;
      next.messageId = event.data.messageId;
      next.userMessageId = event.data.userMessageId;
      return;
    case 'classified':
      next.status = 'streaming';
      next.classified = event.data;
      return;
    case 'plan': {
      const cards: Record<string, TaskCardModel> = {};
      for (const node of event.data.nodes) cards[node.nodeId] = newCard(node.nodeId, node.capability, node.dependsOn);
      next.plan = { replyNode: event.data.replyNode, order: event.data.nodes.map((node) => node.nodeId), cards };
      next.planDiscarded = null;
      return;
    }
    case 'task_update':
      updateCard(next, event.data.nodeId, (card) => ({
        ...card,
        capability: event.data.capability || card.capability,
        state: event.data.state,
        error: event.data.error ?? (event.data.state === 'failed' || event.data.state === 'skipped' ? card.error : null),
      }));
      return;
    case 'task_chunk':
      updateCard(next, event.data.nodeId, (card) => ({ ...card, text: card.text + event.data.chunk }));
      return;
    case 'task_progress':
      updateCard(next, event.data.nodeId, (card) => ({ ...card, percent: clampPercent(event.data.percent) }));
      return;
    case 'task_file':
      updateCard(next, event.data.nodeId, (card) =>
        card.files.some((file) => file.id === event.data.file.id) ? card : { ...card, files: [...card.files, event.data.file] },
      );
      return;
    case 'plan_discarded':
      next.plan = null;
      next.planDiscarded = event.data.reason;
      return;
    case 'sources':
      next.sources = event.data.results;
      return;
    case 'memories':
      next.memories = event.data.used;
      return;
    case 'thinking':
      next.status = 'streaming';
      // Reasoning (again, after a continued answer's earlier reasoning): time runs on from what it took before.
      if (next.thinkingSince === null) {
        next.thinkingSince = now - (next.thinkingMs ?? 0);
        next.thinkingMs = null;
      }
      next.thinking += event.data.text;
      return;
    case 'chunk':
      next.status = 'streaming';
      next.text += event.data.text;
      endThinking(next, now);
      return;
    case 'reset':
      // Another worker starts the answer again: all that was shown of it goes, what follows is the answer.
      next.status = 'streaming';
      next.classified = null;
      next.plan = null;
      next.planDiscarded = null;
      next.reading = null;
      next.sources = [];
      next.memories = [];
      next.text = next.origin.text;
      next.thinking = next.origin.thinking;
      next.thinkingMs = next.origin.thinkingMs;
      next.thinkingSince = null;
      return;
    case 'complete': {
      const stopped = event.data.status === 'stopped';
      next.status = stopped ? 'stopped' : 'complete';
      next.stopping = false;
      next.result = event.data;
      next.chatId = event.data.chatId;
      next.messageId = event.data.messageId;
      endThinking(next, now);
      if (event.data.thinkingMs !== undefined) next.thinkingMs = event.data.thinkingMs;
      if (stopped) stopOpenCards(next);
      return;
    }
    case 'error':
      next.status = 'failed';
      next.stopping = false;
      next.error = event.data;
      endThinking(next, now);
      return;
  }
}

/** The answer began (or ended): the reasoning before it is over, and took this long. */
function endThinking(next: AnswerState, now: number): void {
  if (next.thinkingSince === null) return;
  next.thinkingMs = now - next.thinkingSince;
  next.thinkingSince = null;
}

function newCard(nodeId: string, capability: string, dependsOn: string[]): TaskCardModel {
  return { nodeId, capability, dependsOn, state: 'pending', error: null, text: '', percent: null, files: [] };
}

/** The pseudo node that reads a message's attachments before it is answered (docs/api.md, streaming). */
export const FILES_NODE = 'files';

function updateCard(next: AnswerState, nodeId: string, change: (card: TaskCardModel) => TaskCardModel): void {
  if (nodeId === FILES_NODE) {
    const card = next.reading ?? newCard(FILES_NODE, 'extract_text', []);
    if (card.state !== 'stopped') next.reading = change(card);
    return;
  }
  if (!next.plan) return;
  const card = next.plan.cards[nodeId];
  // A node the plan did not announce (an older server, a replay from the middle) still gets a card.
  const base = card ?? newCard(nodeId, '', []);
  // A stopped card stays stopped even if the server reports on it late.
  if (base.state === 'stopped') return;
  const order = card ? next.plan.order : [...next.plan.order, nodeId];
  next.plan = { ...next.plan, order, cards: { ...next.plan.cards, [nodeId]: change(base) } };
}

function stopOpenCards(next: AnswerState): void {
  if (next.reading && (next.reading.state === 'pending' || next.reading.state === 'running')) next.reading = { ...next.reading, state: 'stopped' };
  if (!next.plan) return;
  const cards = { ...next.plan.cards };
  for (const [id, card] of Object.entries(cards)) {
    if (card.state === 'pending' || card.state === 'running') cards[id] = { ...card, state: 'stopped' };
  }
  next.plan = { ...next.plan, cards };
}

function clampPercent(percent: number): number {
  return Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
}

export type AnswerPhase =
  | { kind: 'connecting' }
  | { kind: 'classifying' }
  | { kind: 'planning' }
  | { kind: 'working'; current: number; total: number }
  | { kind: 'writing' }
  | { kind: 'finished' };

/** What the answer is busy with, for the label under the typing dots. */
export function phase(state: AnswerState): AnswerPhase {
  if (isFinished(state)) return { kind: 'finished' };
  if (state.status === 'connecting') return { kind: 'connecting' };
  if (!state.classified) return { kind: 'classifying' };
  if (state.text.length > 0) return { kind: 'writing' };
  if (state.plan) {
    const cards = state.plan.order.map((id) => state.plan?.cards[id]);
    const reply = state.plan.cards[state.plan.replyNode];
    if (reply?.state === 'running') return { kind: 'writing' };
    const settled = cards.filter((card) => card && card.state !== 'pending' && card.state !== 'running').length;
    return { kind: 'working', current: Math.min(settled + 1, cards.length), total: cards.length };
  }
  if (state.classified.multiStep && !state.planDiscarded) return { kind: 'planning' };
  return { kind: 'writing' };
}

export function planProgress(plan: NonNullable<AnswerState['plan']>): { done: number; total: number } {
  const cards = plan.order.map((id) => plan.cards[id]);
  return { done: cards.filter((card) => card?.state === 'done').length, total: cards.length };
}

/** Usage in one line ("812 tokens: 700 in, 112 out"). */
export function usageText(usage: TokenUsage | null | undefined): string | null {
  if (!usage) return null;
  const total = usage.promptTokens + usage.completionTokens;
  return `${total.toLocaleString()} tokens (${usage.promptTokens.toLocaleString()} in, ${usage.completionTokens.toLocaleString()} out)`;
}

export type { Citation, StoredFile };
