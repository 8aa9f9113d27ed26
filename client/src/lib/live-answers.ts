import type { StreamEvent } from '../api/stream-events';
import { applyEvent, isFinished, type AnswerState } from './answer-state';

/**
 * The answers being streamed (and the last one of each chat), outside React so they survive
 * switching chats and pages. Events are queued and applied once per animation frame, so a fast
 * stream re-renders at most at the display's rate. Unfinished answers are mirrored to
 * sessionStorage with their last event id, so a reload re-attaches where it left off.
 */
type Listener = () => void;

/** The key of an answer in a chat that does not exist yet (its `started` event names the chat). */
export const NEW_CHAT_KEY = 'new';
const STORAGE_PREFIX = 'switchboard.answer.';

const answers = new Map<string, AnswerState>();
const queues = new Map<string, StreamEvent[]>();
const listeners = new Set<Listener>();
const finishedHandlers = new Set<(state: AnswerState) => void>();
let frame: number | null = null;

export function subscribeAnswers(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called once per answer when its final event has been applied. */
export function onAnswerFinished(handler: (state: AnswerState) => void): () => void {
  finishedHandlers.add(handler);
  return () => finishedHandlers.delete(handler);
}

export function getAnswer(key: string): AnswerState | null {
  const inMemory = answers.get(key);
  if (inMemory) return inMemory;
  const stored = readStored(key);
  if (stored) answers.set(key, stored);
  return stored;
}

export function setAnswer(key: string, state: AnswerState | null): void {
  const before = answers.get(key);
  queues.delete(key);
  if (state) answers.set(key, state);
  else answers.delete(key);
  persist(key, state);
  if (before && state) announceFinish(before, state);
  notify();
}

/** Moves an answer to the key of the chat the server created for it. */
export function moveAnswer(from: string, to: string): void {
  const state = answers.get(from);
  const queued = queues.get(from) ?? [];
  answers.delete(from);
  queues.delete(from);
  persist(from, null);
  if (state) answers.set(to, state);
  if (queued.length > 0) queues.set(to, [...(queues.get(to) ?? []), ...queued]);
  persist(to, state ?? null);
  notify();
}

export function updateAnswer(key: string, change: (state: AnswerState) => AnswerState): void {
  flushKey(key);
  const state = answers.get(key);
  if (state) setAnswer(key, change(state));
}

/** Queues an event; it is applied with the others on the next animation frame. */
export function queueEvent(key: string, event: StreamEvent): void {
  const queue = queues.get(key);
  if (queue) queue.push(event);
  else queues.set(key, [event]);
  // Hidden tabs get no animation frames: a timer keeps them current (the browser slows it down).
  frame ??= document.hidden ? window.setTimeout(flush, 100) : requestAnimationFrame(flush);
}

/** Applies everything queued for one answer now (before a decision that depends on it). */
export function flushKey(key: string): void {
  const queue = queues.get(key);
  if (!queue) return;
  queues.delete(key);
  applyQueue(key, queue);
  notify();
}

function flush(): void {
  frame = null;
  const pending = [...queues.entries()];
  queues.clear();
  for (const [key, queue] of pending) applyQueue(key, queue);
  if (pending.length > 0) notify();
}

function applyQueue(key: string, queue: StreamEvent[]): void {
  const before = answers.get(key);
  if (!before) return;
  const now = Date.now();
  const after = queue.reduce((state, event) => applyEvent(state, event, now), before);
  answers.set(key, after);
  persist(key, after);
  announceFinish(before, after);
}

function announceFinish(before: AnswerState, after: AnswerState): void {
  if (!isFinished(before) && isFinished(after)) for (const handler of finishedHandlers) handler(after);
}

function notify(): void {
  for (const listener of listeners) listener();
}

function persist(key: string, state: AnswerState | null): void {
  try {
    if (key === NEW_CHAT_KEY || !state || isFinished(state) || !state.trackId) sessionStorage.removeItem(STORAGE_PREFIX + key);
    else sessionStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(state));
  } catch {
    // Storage full or disabled: a reload then replays the answer from its start instead.
  }
}

function readStored(key: string): AnswerState | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_PREFIX + key);
    if (!raw) return null;
    const state = JSON.parse(raw) as AnswerState;
    // One stored by an older version (without `origin`, which a `reset` needs) replays from the start.
    return typeof state.trackId === 'string' && typeof state.text === 'string' && typeof state.origin?.text === 'string' ? state : null;
  } catch {
    return null;
  }
}
