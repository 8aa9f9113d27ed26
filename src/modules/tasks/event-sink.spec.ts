import { describe, expect, it } from 'vitest';
import type { AnswerStream } from '../chat/answer-stream';
import { EventSink, HeldEvents, type AnswerEvents } from './event-sink';

function recordingStream(): { stream: AnswerStream; published: string[]; timed: string[] } {
  const published: string[] = [];
  const timed: string[] = [];
  const stream = {
    publish: (_trackId: string, event: string, data: { text?: string }) => {
      published.push(data.text ? `${event}:${data.text}` : event);
      return Promise.resolve('1-0');
    },
    observeAnswerTime: (phase: string) => void timed.push(phase),
  } as unknown as AnswerStream;
  return { stream, published, timed };
}

function deferred(): { promise: Promise<boolean>; resolve: (value: boolean) => void } {
  let resolve!: (value: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r));
  return { promise, resolve };
}

describe('HeldEvents', () => {
  it('keeps events in order until released, then passes later ones straight on', () => {
    const seen: string[] = [];
    const destination: AnswerEvents = { emit: (event, data) => void seen.push(`${event}:${(data as { text: string }).text}`) };
    const held = new HeldEvents();
    held.emit('chunk', { text: 'a' });
    held.emit('chunk', { text: 'b' });
    expect(seen).toEqual([]);

    held.release(destination);
    held.emit('chunk', { text: 'c' });

    expect(seen).toEqual(['chunk:a', 'chunk:b', 'chunk:c']);
  });

  it('forgets everything once dropped', () => {
    const seen: string[] = [];
    const held = new HeldEvents();
    held.emit('chunk', { text: 'a' });
    held.drop();
    held.emit('chunk', { text: 'b' });
    held.release({ emit: (event) => void seen.push(event) });
    expect(seen).toEqual([]);
  });
});

describe('EventSink.holdUntil', () => {
  it('publishes what was held, in order, once shown, and flush waits for it', async () => {
    const { stream, published } = recordingStream();
    const sink = new EventSink(stream, 't1');
    const shown = deferred();
    sink.holdUntil(shown.promise);
    sink.emit('chunk', { text: 'one' });
    sink.emit('chunk', { text: 'two' });
    expect(published).toEqual([]);

    shown.resolve(true);
    sink.emit('chunk', { text: 'three' });
    await sink.flush();

    expect(published).toEqual(['chunk:one', 'chunk:two', 'chunk:three']);
  });

  it('drops what was held when it may not be shown (or the check fails), and publishes what follows', async () => {
    for (const outcome of [Promise.resolve(false), Promise.reject(new Error('no database'))]) {
      const { stream, published } = recordingStream();
      const sink = new EventSink(stream, 't2');
      sink.holdUntil(outcome);
      sink.emit('chunk', { text: 'guess' });
      await sink.flush();
      sink.emit('error', { code: 'NOT_FOUND', message: 'gone' });
      await sink.flush();
      expect(published).toEqual(['error']);
    }
  });
});

describe('EventSink answer timings', () => {
  it('times the first chunk shown and the completed answer, once each; held chunks count when released, dropped ones never', async () => {
    const { stream, timed } = recordingStream();
    const sink = new EventSink(stream, 't3');
    const shown = deferred();
    sink.holdUntil(shown.promise);
    sink.emit('chunk', { text: 'held' });
    expect(timed).toEqual([]);

    shown.resolve(true);
    await sink.flush();
    sink.emit('chunk', { text: 'more' });
    sink.emit('complete', { messageId: 'm', chatId: 'c', topic: 'general', language: 'en', provider: 'offline', model: 'basic', files: [], citations: [], status: 'complete' });
    await sink.flush();
    expect(timed).toEqual(['first_token', 'answer']);
  });

  it('times no answer that ends in an error or whose chunks were dropped', async () => {
    const { stream, timed } = recordingStream();
    const sink = new EventSink(stream, 't4');
    sink.holdUntil(Promise.resolve(false));
    sink.emit('chunk', { text: 'guess' });
    await sink.flush();
    sink.emit('error', { code: 'NOT_FOUND', message: 'gone' });
    await sink.flush();
    expect(timed).toEqual([]);
  });
});

describe('EventSink.silence', () => {
  it('drops every later event, held ones included, once another run owns the track', async () => {
    const { stream, published } = recordingStream();
    const sink = new EventSink(stream, 't3');
    sink.emit('chunk', { text: 'before' });
    const shown = deferred();
    sink.holdUntil(shown.promise);
    sink.emit('chunk', { text: 'held' });

    sink.silence();
    shown.resolve(true);
    sink.emit('chunk', { text: 'after' });
    await sink.flush();

    expect(sink.silenced).toBe(true);
    expect(published).toEqual(['chunk:before']);
  });
});
