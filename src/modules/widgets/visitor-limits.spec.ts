import { describe, expect, it } from 'vitest';
import { humanDuration } from './visitor-limits';

describe('humanDuration', () => {
  it('says waits in the largest whole unit, rounded up', () => {
    expect(humanDuration(1)).toBe('1 second');
    expect(humanDuration(42)).toBe('42 seconds');
    expect(humanDuration(61)).toBe('2 minutes');
    expect(humanDuration(3600)).toBe('1 hour');
    expect(humanDuration(86_399)).toBe('24 hours');
  });
});
