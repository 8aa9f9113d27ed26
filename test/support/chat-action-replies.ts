import { CONTINUE_INSTRUCTION } from '../../src/modules/chat/continuation';
import type { FakeReply, RecordedRequest } from './fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from './pipeline-replies';

/** Asked for a long story, the fake model stops at its token limit; asked to continue, it finishes. */
export const CUT_OFF = 'Once upon a time there was a lighthouse';
export const REST = ' keeper who counted the waves.';

/**
 * The fake model for the chat actions' tests: the sorter and planner as in pipelineReply, and
 * answers that show which model answered which question ("fake-chat answers: …"), so a test sees
 * what each generation was given. A `-reasoner` model reasons first (FakeReply.reasoning); a
 * question asking for a long story is cut off at the token limit; one that says "slowly" takes
 * seconds.
 */
export function chatActionReply(request: RecordedRequest): FakeReply | string {
  const sorterOrPlanner = pipelineReply(request);
  if (sorterOrPlanner !== FAKE_ANSWER) return sorterOrPlanner;
  const messages = (request.body.messages ?? []) as Array<{ role: string; content: string }>;
  const user = messages.findLast((m) => m.role === 'user')?.content ?? '';
  if (user === CONTINUE_INSTRUCTION) return REST;
  if (user.includes('long story')) return { text: CUT_OFF, finishReason: 'length' };
  // Slow enough to act while it is being written.
  if (user.includes('slowly')) return { text: Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '), delayMs: 20 };
  return `${String(request.body.model)} answers: ${user}`;
}
