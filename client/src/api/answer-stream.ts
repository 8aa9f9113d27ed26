import type { EditMessageRequest, RegenerateRequest, SendMessageRequest } from '../../../src/contracts/chat';
import { SseParser } from '../lib/sse-parser';
import { ApiError, requestResponse } from './http';
import { isStreamEventName, type StreamEvent } from './stream-events';

/** `POST /messages/stream`'s body: the server's contract (src/contracts). */
export type SendMessageInput = SendMessageRequest;

/** A chat action on a stored message (docs/api.md, chat actions), answered as a stream like a sent message. */
export type MessageAction =
  | ({ action: 'regenerate'; messageId: string } & RegenerateRequest)
  | ({ action: 'edit'; messageId: string } & EditMessageRequest)
  | { action: 'continue'; messageId: string };

export type StreamSource =
  | { kind: 'send'; input: SendMessageInput }
  | { kind: 'act'; input: MessageAction }
  | { kind: 'resume'; trackId: string; lastEventId: string | null };

/**
 * Reads one answer's event stream until it ends. EventSource can neither POST nor send the
 * Authorization header, so this is fetch with a streaming body. Resolves when the body ends
 * (whether or not a terminal event came: the caller decides whether to re-attach); rejects with
 * an ApiError when the server refuses the request, or with the abort reason.
 */
export async function readAnswerStream(source: StreamSource, onEvent: (event: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  let response: Response;
  if (source.kind === 'send') {
    response = await requestResponse('/messages/stream', { method: 'POST', body: source.input, headers, signal });
  } else if (source.kind === 'act') {
    const { action, messageId, ...body } = source.input;
    response = await requestResponse(`/messages/${encodeURIComponent(messageId)}/${action}`, { method: 'POST', body, headers, signal });
  } else {
    if (source.lastEventId) headers['Last-Event-ID'] = source.lastEventId;
    response = await requestResponse(`/messages/stream/${encodeURIComponent(source.trackId)}`, { headers, signal });
  }
  if (!response.body) throw new ApiError('UNKNOWN', response.status, 'The answer stream had no body.');

  const parser = new SseParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const frame of parser.push(value)) {
        if (!isStreamEventName(frame.event)) continue;
        let data: unknown;
        try {
          data = JSON.parse(frame.data);
        } catch {
          continue;
        }
        onEvent({ name: frame.event, id: frame.id, data } as StreamEvent);
      }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    // The connection broke mid-answer: the same as an early end, the caller re-attaches.
    if (error instanceof TypeError) return;
    throw error;
  } finally {
    reader.releaseLock();
  }
}
