import type { FeedbackKind } from './feedback.entity';

/** An earlier answer the user judged, recalled for a similar question. */
export interface FeedbackExample {
  kind: FeedbackKind;
  question: string;
  answer: string;
  note: string | null;
}

/** Each example's texts are cut to this in the prompt: enough to show the style, not to crowd the context. */
const EXCERPT_CHARS = 400;

/**
 * Recalled feedback as material for a system prompt: answers the user liked (to follow) and
 * disliked (to avoid), each with its question and the user's note. Empty when there are none.
 */
export function feedbackForPrompt(examples: readonly FeedbackExample[]): string {
  const sections: string[] = [];
  for (const [kind, heading] of [
    ['positive', 'Answers the user liked to similar questions (follow what made them good):'],
    ['negative', 'Answers the user disliked to similar questions (avoid what they criticised):'],
  ] as const) {
    const ofKind = examples.filter((example) => example.kind === kind);
    if (ofKind.length === 0) continue;
    sections.push([heading, ...ofKind.map(exampleLines)].join('\n'));
  }
  return sections.join('\n\n');
}

function exampleLines(example: FeedbackExample): string {
  const lines = [`- Question: ${excerpt(example.question)}`, `  Answer: ${excerpt(example.answer)}`];
  if (example.note) lines.push(`  The user's note: ${excerpt(example.note)}`);
  return lines.join('\n');
}

/** One line, at most EXCERPT_CHARS, cut at a word with an ellipsis. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= EXCERPT_CHARS) return line;
  const cut = line.slice(0, EXCERPT_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}
