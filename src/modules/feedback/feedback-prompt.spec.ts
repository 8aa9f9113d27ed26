import { describe, expect, it } from 'vitest';
import { feedbackForPrompt } from './feedback-prompt';

describe('feedbackForPrompt', () => {
  it('puts liked answers before disliked ones, each with its question and the note', () => {
    const prompt = feedbackForPrompt([
      { kind: 'negative', question: 'Summarise this report', answer: 'A very long summary.', note: 'Too long, use bullet points.' },
      { kind: 'positive', question: 'Summarise the minutes', answer: '- Budget approved\n- Park opens in May', note: null },
    ]);
    expect(prompt).toBe(
      [
        'Answers the user liked to similar questions (follow what made them good):',
        '- Question: Summarise the minutes',
        '  Answer: - Budget approved - Park opens in May',
        '',
        'Answers the user disliked to similar questions (avoid what they criticised):',
        '- Question: Summarise this report',
        '  Answer: A very long summary.',
        "  The user's note: Too long, use bullet points.",
      ].join('\n'),
    );
  });

  it('cuts long texts at a word, and is empty without examples', () => {
    const prompt = feedbackForPrompt([{ kind: 'positive', question: 'q', answer: 'word '.repeat(200), note: null }]);
    const answerLine = prompt.split('\n').find((line) => line.startsWith('  Answer: ')) ?? '';
    expect(answerLine.length).toBeLessThanOrEqual('  Answer: '.length + 401);
    expect(answerLine.endsWith('word…')).toBe(true);
    expect(feedbackForPrompt([])).toBe('');
  });
});
