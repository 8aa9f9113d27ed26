import { describe, expect, it } from 'vitest';
import { AppException } from '../../../common/errors/app.exception';
import { RequestValidationPipe } from '../../../common/http/request-validation.pipe';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';
import { ChatCompletionRequestDto, MAX_COMPLETION_MESSAGES } from './chat-completion.dto';

const pipe = new RequestValidationPipe();

/** What the app's validation makes of `body`: the DTO, or the refusal's message. */
async function validated(body: Record<string, unknown>): Promise<ChatCompletionRequestDto | string> {
  try {
    return (await pipe.transform(body, { type: 'body', metatype: ChatCompletionRequestDto })) as ChatCompletionRequestDto;
  } catch (error) {
    if (error instanceof AppException) return error.message;
    throw error;
  }
}

const hello = [{ role: 'user', content: 'Hello' }];

describe('ChatCompletionRequestDto', () => {
  it('accepts what OpenAI clients send for a chat: string or text-part content, streaming options, default sampling parameters', async () => {
    const dto = await validated({
      model: 'offline:basic',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }], name: 'ann' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.7,
      top_p: 1,
      max_tokens: 256,
      max_completion_tokens: 256,
      n: 1,
      user: 'end-user-1',
    });

    expect(dto).toBeInstanceOf(ChatCompletionRequestDto);
    expect(dto).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it.each([
    ['no messages', { model: 'm', messages: [] }, 'messages'],
    ['too many messages', { model: 'm', messages: Array.from({ length: MAX_COMPLETION_MESSAGES + 1 }, () => hello[0]) }, 'messages'],
    ['a tool message', { model: 'm', messages: [{ role: 'tool', content: '42', tool_call_id: 'c1' }] }, 'role must be one of'],
    ['an image part', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/a.png' } }] }] }, 'content must be'],
    ['content too long', { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }] }, 'content must be'],
    ['null content', { model: 'm', messages: [{ role: 'assistant', content: null }] }, 'content must be'],
    ['tools', { model: 'm', messages: hello, tools: [] }, 'property tools should not exist'],
    ['tool calls in a message', { model: 'm', messages: [{ role: 'assistant', content: '', tool_calls: [] }] }, 'tool_calls should not exist'],
    ['two answers', { model: 'm', messages: hello, n: 2 }, 'n must be 1'],
    ['no model', { messages: hello }, 'model'],
  ])('refuses %s', async (_, body, message) => {
    expect(await validated(body)).toEqual(expect.stringContaining(message));
  });
});
