/** Feedback on answers as it travels in JSON (docs/api.md, feedback). Types only (README, repository layout). */

export type FeedbackKind = 'positive' | 'negative';

/** A user's thumbs up or down on one answer (one each: sending again replaces it). */
export interface Feedback {
  messageId: string;
  kind: FeedbackKind;
  note: string | null;
  updatedAt: string;
}

/** `POST /feedback`: a blank note is no note. */
export interface FeedbackInput {
  messageId: string;
  kind: FeedbackKind;
  note?: string | null;
}
