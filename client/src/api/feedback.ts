import { request } from './http';

export type FeedbackKind = 'positive' | 'negative';

/** A user's thumbs up or down on one answer (one each: sending again replaces it). */
export interface Feedback {
  messageId: string;
  kind: FeedbackKind;
  note: string | null;
  updatedAt: string;
}

export interface FeedbackInput {
  messageId: string;
  kind: FeedbackKind;
  note?: string;
}

/** The server refuses longer notes. */
export const FEEDBACK_NOTE_MAX = 1000;

/** The user's feedback on the answers of one chat. */
export function listFeedback(chatId: string, signal?: AbortSignal): Promise<Feedback[]> {
  return request(`/feedback?${new URLSearchParams({ chatId }).toString()}`, { signal });
}

export function sendFeedback(input: FeedbackInput): Promise<Feedback> {
  return request('/feedback', { method: 'POST', body: input });
}

export function deleteFeedback(messageId: string): Promise<void> {
  return request(`/feedback/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
}
