import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { codeThrownBy } from '../../common/testing/rejection-of';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { chunkOf, completionIdentity, completionOf, composeMessage, parseModel, usageChunkOf } from './completion-mapping';
import type { ChatCompletionMessageDto } from './dto/chat-completion.dto';
import { OpenAiRequestError } from './openai-error.filter';

const user = (content: ChatCompletionMessageDto['content']): ChatCompletionMessageDto => ({ role: 'user', content });
const thrownBy = (run: () => unknown): OpenAiRequestError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAiRequestError);
    return error as OpenAiRequestError;
  }
  throw new Error('expected an OpenAiRequestError');
};

describe('parseModel', () => {
  it('reads topic:<topic> as a task prompt and anything else as a catalogue model', () => {
    expect(parseModel('topic:translate')).toEqual({ kind: 'topic', topic: 'translate' });
    expect(parseModel('openai:gpt-4o-mini')).toEqual({ kind: 'catalogue', modelId: 'openai:gpt-4o-mini' });
  });

  it('answers model_not_found for a topic no task prompt could have', () => {
    for (const model of ['topic:', 'topic:Upper', 'topic:with space']) {
      expect(thrownBy(() => parseModel(model))).toMatchObject({ code: ErrorCode.NotFound, details: { param: 'model', openAiCode: 'model_not_found' } });
    }
  });
});

describe('composeMessage', () => {
  it('sends a lone user message as it is', () => {
    expect(composeMessage([user('What is a switchboard?')])).toBe('What is a switchboard?');
  });

  it('joins text parts', () => {
    expect(composeMessage([user([{ type: 'text', text: 'First line' }, { type: 'text', text: 'second line' }])])).toBe('First line\nsecond line');
  });

  it('puts the question first and the earlier messages after it, labelled, oldest first', () => {
    const text = composeMessage([
      { role: 'system', content: 'Answer in French.' },
      user('Name a river.'),
      { role: 'assistant', content: 'La Seine.' },
      user('How long is it?'),
    ]);

    expect(text).toBe(
      'How long is it?\n\nEarlier in this conversation (context for the message above, oldest first):\nSystem: Answer in French.\nUser: Name a river.\nAssistant: La Seine.',
    );
  });

  it('refuses messages that do not end with a user message with text', () => {
    expect(thrownBy(() => composeMessage([user('Hi'), { role: 'assistant', content: 'Hello' }]))).toMatchObject({ code: ErrorCode.ValidationFailed, details: { param: 'messages' } });
    expect(codeThrownBy(() => composeMessage([user('  ')]))).toBe(ErrorCode.ValidationFailed);
  });

  it('refuses a conversation that, labelled, no longer fits one message', () => {
    const half = 'x'.repeat(MAX_MESSAGE_LENGTH / 2);
    expect(composeMessage([user(half)])).toBe(half);
    expect(thrownBy(() => composeMessage([user(half), user(half)])).message).toContain(String(MAX_MESSAGE_LENGTH));
  });
});

describe('completion objects', () => {
  const identity = completionIdentity('m-1', 'topic:general', new Date('2026-01-01T00:00:01.900Z'));

  it('names the answer message and counts time in Unix seconds', () => {
    expect(identity).toEqual({ id: 'chatcmpl-m-1', created: 1767225601, model: 'topic:general' });
  });

  it('builds a completion with its usage, zero when the model reported none', () => {
    expect(completionOf(identity, 'Hello.', { promptTokens: 3, completionTokens: 2 })).toEqual({
      ...identity,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    expect(completionOf(identity, 'Hello.', undefined).usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('puts usage: null on the chunks only when usage was asked for, and the usage on a chunk without choices', () => {
    expect(chunkOf(identity, { content: 'Hi' }, false)).not.toHaveProperty('usage');
    expect(chunkOf(identity, { content: 'Hi' }, true)).toMatchObject({ object: 'chat.completion.chunk', usage: null, choices: [{ delta: { content: 'Hi' }, finish_reason: null }] });
    expect(chunkOf(identity, {}, true, true).choices[0]?.finish_reason).toBe('stop');
    expect(usageChunkOf(identity, { promptTokens: 1, completionTokens: 1 })).toMatchObject({ choices: [], usage: { total_tokens: 2 } });
  });
});
