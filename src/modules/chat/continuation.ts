import type { ChatMessage } from '../ai/ai.types';
import type { Message } from './message.entity';

/** What the model is asked when an answer is continued: its own words are the turn before. */
export const CONTINUE_INSTRUCTION =
  'Your previous answer was cut off. Continue it exactly where it stopped: do not repeat anything, do not restart, and add no preamble.';

/** The turn being continued, as the conversation before the instruction to continue: the question and the answer so far. */
export function continuationHistory(question: Pick<Message, 'text'>, answer: Pick<Message, 'text'>): ChatMessage[] {
  return [
    { role: 'user', content: question.text },
    { role: 'assistant', content: answer.text },
  ];
}
