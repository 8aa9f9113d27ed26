import type { ServerResponse } from 'node:http';
import {
  countWords,
  type FakeReply,
  type FakeServerOptions,
  reasoningOf,
  type RecordedRequest,
  ScriptedHttpServer,
  sendJson,
  splitText,
  SseWriter,
} from './fake-openai-server';

/**
 * A real HTTP server speaking Anthropic's Messages API: POST /v1/messages, streamed
 * (message_start, a thinking block when the reply reasons, content_block_start, content_block_delta
 * text_delta…, content_block_stop, message_delta with the stop reason and usage, message_stop) or not. Scripted like FakeOpenAiServer (`script`,
 * `requests`, `requestsTo`, `reset`, `close`; `status`, `breakAfterChunks`, `chunkSize`, `text`).
 * Point ANTHROPIC_BASE_URL at `url`.
 */
export class FakeAnthropicServer extends ScriptedHttpServer {
  protected readonly chatPath = '/v1/messages';

  static async start(options: FakeServerOptions = {}): Promise<FakeAnthropicServer> {
    const server = new FakeAnthropicServer(options);
    await server.listen();
    return server;
  }

  protected async handle(request: RecordedRequest, reply: FakeReply, response: ServerResponse): Promise<void> {
    if (reply.status !== undefined) {
      sendJson(response, reply.status, anthropicError(reply.status), reply.headers);
      return;
    }
    if (request.method !== 'POST' || request.path !== this.chatPath) {
      sendJson(response, 404, anthropicError(404));
      return;
    }
    const text = reply.text ?? '';
    const model = typeof request.body.model === 'string' ? request.body.model : 'claude-fake';
    const promptText = [String(typeof request.body.system === 'string' ? request.body.system : ''), JSON.stringify(request.body.messages ?? [])].join(' ');
    const usage = reply.usage ?? { promptTokens: countWords(promptText), completionTokens: countWords(text) };
    const id = `msg_fake_${this.requests.length}`;
    if (request.body.stream !== true) {
      sendJson(response, 200, {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: usage.promptTokens, output_tokens: usage.completionTokens },
      }, reply.headers);
      return;
    }

    const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    const stream = new SseWriter(response, this.chunkDelay(reply), reply.headers);
    await stream.write(
      event('message_start', {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.promptTokens, output_tokens: 1 },
        },
      }),
    );
    // A thinking block first, when the reply reasons (extended thinking), then the text block.
    const reasoning = reasoningOf(reply, model, request.body);
    const index = reasoning ? 1 : 0;
    if (reasoning) {
      await stream.write(event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const piece of splitText(reasoning, reply.chunkSize)) {
        await stream.write(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: piece } }));
      }
      await stream.write(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'fake-signature' } }));
      await stream.write(event('content_block_stop', { type: 'content_block_stop', index: 0 }));
    }
    await stream.write(event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
    let sent = 0;
    for (const piece of splitText(text, reply.chunkSize)) {
      if (reply.breakAfterChunks !== undefined && sent >= reply.breakAfterChunks) return stream.breakConnection();
      await stream.write(event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }));
      sent++;
    }
    if (reply.breakAfterChunks !== undefined) return stream.breakConnection();
    await stream.write(event('content_block_stop', { type: 'content_block_stop', index }));
    await stream.write(
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: reply.finishReason === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.completionTokens },
      }),
    );
    await stream.write(event('message_stop', { type: 'message_stop' }));
    stream.end();
  }
}

function anthropicError(status: number): unknown {
  const type =
    status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : status === 401 ? 'authentication_error' : status === 404 ? 'not_found_error' : 'invalid_request_error';
  return { type: 'error', error: { type, message: `Fake error ${status}` } };
}
