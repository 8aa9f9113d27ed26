import { describe, expect, it } from 'vitest';
import type { Feedback } from '../api/feedback';
import { withFeedback } from './feedback';

const at = '2026-01-01T10:00:00.000Z';
const up: Feedback = { messageId: 'a1', kind: 'positive', note: null, updatedAt: at };
const down: Feedback = { messageId: 'a2', kind: 'negative', note: 'Wrong date', updatedAt: at };

describe('a chat’s feedback list', () => {
  it('replaces one answer’s feedback and leaves the others', () => {
    const changed: Feedback = { ...up, kind: 'negative', note: null };
    expect(withFeedback([up, down], 'a1', changed)).toEqual([down, changed]);
  });

  it('adds feedback to an answer that had none, and removes it', () => {
    expect(withFeedback([down], 'a1', up)).toEqual([down, up]);
    expect(withFeedback([up, down], 'a2', null)).toEqual([up]);
    expect(withFeedback([], 'a2', null)).toEqual([]);
  });
});
