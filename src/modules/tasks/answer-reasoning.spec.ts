import { describe, expect, it } from 'vitest';
import { AnswerReasoning } from './answer-reasoning';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('AnswerReasoning', () => {
  it('streams the reasoning on, and times it from its first delta to the first answer chunk', () => {
    const time = clock();
    const emitted: string[] = [];
    const reasoning = new AnswerReasoning((text) => emitted.push(text), undefined, time.now);

    reasoning.thinking('First, ');
    time.advance(1_200);
    reasoning.thinking('then.');
    time.advance(300);
    reasoning.answerStarted();
    time.advance(5_000);
    reasoning.answerStarted();

    expect(emitted).toEqual(['First, ', 'then.']);
    expect(reasoning.result).toEqual({ text: 'First, then.', ms: 1_500 });
  });

  it('is null when the model showed no reasoning', () => {
    const reasoning = new AnswerReasoning(() => undefined);
    reasoning.answerStarted();
    expect(reasoning.result).toBeNull();
  });

  it('adds the time of reasoning that resumes after the answer began', () => {
    const time = clock();
    const reasoning = new AnswerReasoning(() => undefined, undefined, time.now);
    reasoning.thinking('a');
    time.advance(1_000);
    reasoning.answerStarted();
    time.advance(10_000);
    reasoning.thinking('b');
    time.advance(500);
    reasoning.answerStarted();
    expect(reasoning.result).toEqual({ text: 'ab', ms: 1_500 });
  });

  it('continues from what the earlier run reasoned', () => {
    const time = clock();
    const reasoning = new AnswerReasoning(() => undefined, { text: 'Earlier. ', ms: 2_000 }, time.now);
    expect(reasoning.result).toEqual({ text: 'Earlier. ', ms: 2_000 });
    reasoning.thinking('More.');
    time.advance(700);
    reasoning.answerStarted();
    expect(reasoning.result).toEqual({ text: 'Earlier. More.', ms: 2_700 });
  });

  it('is truncated when the last generation stopped at the token limit', () => {
    const reasoning = new AnswerReasoning(() => undefined);
    expect(reasoning.truncated).toBe(false);
    reasoning.finished('length');
    expect(reasoning.truncated).toBe(true);
    reasoning.finished('stop');
    expect(reasoning.truncated).toBe(false);
  });
});
