import { SseParser } from '../../src/lib/sse-parser';

export interface AnswerEvent {
  name: string;
  id: string | null;
  data: unknown;
}

/**
 * Reads an answer's event stream (fetch with a streaming body: EventSource can send neither the
 * session header nor a POST body) and hands over each event. Resolves when the body ends, whether
 * or not a final event came (the caller decides whether to re-attach); rejects with the abort
 * reason when aborted.
 */
export async function readAnswerEvents(response: Response, onEvent: (event: AnswerEvent) => void, signal: AbortSignal): Promise<void> {
  if (!response.body) return;
  const parser = new SseParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const abort = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', abort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) return;
      for (const frame of parser.push(value)) {
        let data: unknown;
        try {
          data = JSON.parse(frame.data);
        } catch {
          continue;
        }
        onEvent({ name: frame.event, id: frame.id, data });
        if (signal.aborted) throw signal.reason;
      }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    // The connection broke mid-answer: the same as an early end, the caller re-attaches.
    if (error instanceof TypeError) return;
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
    reader.releaseLock();
  }
}
