import { describe, expect, it } from 'vitest';
import { toAnthropicMessages } from './anthropic.provider';

describe('toAnthropicMessages', () => {
  it('moves system prompts to the top level and merges neighbours with the same role', () => {
    expect(
      toAnthropicMessages({
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'First.' },
          { role: 'user', content: 'Second.' },
          { role: 'system', content: 'Context: x' },
          { role: 'assistant', content: 'Ok.' },
        ],
      }),
    ).toEqual({
      system: 'Be terse.\n\nContext: x',
      messages: [
        { role: 'user', content: 'First.\n\nSecond.' },
        { role: 'assistant', content: 'Ok.' },
      ],
    });
  });

  it('opens with a user turn and asks for JSON in the system prompt when json is set', () => {
    const { system, messages } = toAnthropicMessages({ messages: [{ role: 'assistant', content: 'Hi' }], json: true });
    expect(messages[0]?.role).toBe('user');
    expect(system).toContain('JSON');
  });
});
