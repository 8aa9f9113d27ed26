import type { Feedback, FeedbackInput } from '../../../src/contracts/feedback';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { Feedback, FeedbackKind } from '../../../src/contracts/feedback';

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
