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

export function snapshotOf(rows: TurnRows): TurnSnapshot {
  return JSON.parse(JSON.stringify(rows)) as TurnSnapshot;
}

/** The rows back from a snapshot, with their dates as dates again. */
export function rowsFrom(snapshot: TurnSnapshot): TurnRows {
  const rows = structuredClone(snapshot) as unknown as TurnRows;
  reviveDates(rows.chat, CHAT_DATES);
  for (const message of [rows.inbound, rows.answer]) reviveDates(message, MESSAGE_DATES);
  return rows;
}

function reviveDates<T extends object>(row: T, fields: ReadonlyArray<keyof T>): void {
  for (const field of fields) {
    const value = row[field];
    if (typeof value === 'string') row[field] = new Date(value) as T[keyof T];
  }
}
