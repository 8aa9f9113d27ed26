import type { Feedback } from '../api/feedback';

/** A chat's feedback list with one answer's feedback replaced, or removed when `next` is null. */
export function withFeedback(list: readonly Feedback[], messageId: string, next: Feedback | null): Feedback[] {
  const others = list.filter((feedback) => feedback.messageId !== messageId);
  return next ? [...others, next] : others;
}
