/** Memories as they travel in JSON (docs/api.md, memories). Types only (README, repository layout). */

/** The server's categories; the Memories page shows them in this order. */
export type MemoryCategory = 'personal' | 'preferences' | 'work' | 'health' | 'relationships' | 'other';

/** A remembered fact as an answer recalled it: enough to show it and to find it on the Memories page. */
export interface MemoryRef {
  id: string;
  category: MemoryCategory;
  key: string;
  value: string;
}

export interface Memory extends MemoryRef {
  /** The chat it was learnt in; null when the user added it by hand. */
  sourceChatId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /memories` (all fields) and `PUT /memories/:id` (any of them). */
export interface MemoryFields {
  category: MemoryCategory;
  key: string;
  value: string;
}
