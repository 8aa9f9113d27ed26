import type { Chat } from './chat.entity';
import type { Message } from './message.entity';

/** A turn's rows as the web node built them: its chat, the question, and the pending answer. */
export interface TurnRows {
  chat: Chat;
  inbound: Message;
  answer: Message;
}

/** The rows as they travel in a job or sit in Redis: JSON, so their dates are strings. */
export type TurnSnapshot = { [K in keyof TurnRows]: Jsonified<TurnRows[K]> };

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

const CHAT_DATES = ['summarizedUntil', 'lastMessageAt', 'createdAt', 'updatedAt'] as const satisfies ReadonlyArray<keyof Chat>;
const MESSAGE_DATES = ['createdAt', 'completedAt'] as const satisfies ReadonlyArray<keyof Message>;

/**
 * The rows as JSON values: each row copied with its dates as ISO strings. Shallow (the arrays and
 * objects inside are the rows' own): a snapshot is serialized as it is queued, not kept.
 */
export function snapshotOf(rows: TurnRows): TurnSnapshot {
  return {
    chat: converted(rows.chat, CHAT_DATES, toIso),
    inbound: converted(rows.inbound, MESSAGE_DATES, toIso),
    answer: converted(rows.answer, MESSAGE_DATES, toIso),
  } as unknown as TurnSnapshot;
}

/**
 * The rows back from a snapshot, with their dates as dates again: each row a copy, so a job's own
 * payload is never changed by the answer being written from it.
 */
export function rowsFrom(snapshot: TurnSnapshot): TurnRows {
  return {
    chat: converted(snapshot.chat, CHAT_DATES, toDate),
    inbound: converted(snapshot.inbound, MESSAGE_DATES, toDate),
    answer: converted(snapshot.answer, MESSAGE_DATES, toDate),
  } as unknown as TurnRows;
}

function converted(row: object, fields: readonly string[], convert: (value: unknown) => unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...row };
  for (const field of fields) copy[field] = convert(copy[field]);
  return copy;
}

function toIso(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function toDate(value: unknown): unknown {
  return typeof value === 'string' ? new Date(value) : value;
}
