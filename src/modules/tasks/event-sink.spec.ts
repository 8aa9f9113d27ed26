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

    // 'one' is being stored when the others come: they follow as one event.
    expect(published).toEqual(['chunk:one', 'chunk:twothree']);
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

  it('says when the first text goes out (textShown): held text as it is released, never dropped text', async () => {
    const { stream } = recordingStream();
    const sink = new EventSink(stream, 't5');
    let shown = false;
    void sink.textShown.then(() => (shown = true));
    const held = deferred();
    sink.holdUntil(held.promise);
    sink.emit('chunk', { text: 'held' });
    await Promise.resolve();
    expect(shown).toBe(false);
    held.resolve(true);
    await sink.flush();
    expect(shown).toBe(true);

    const dropping = new EventSink(stream, 't6');
    let dropped = false;
    void dropping.textShown.then(() => (dropped = true));
    dropping.holdUntil(Promise.resolve(false));
    dropping.emit('chunk', { text: 'guess' });
    await dropping.flush();
    expect(dropped).toBe(false);
  });
});

/** A track whose publishes are stored only when the test says so. */
function slowStream(): { stream: AnswerStream; published: string[]; storeAll: () => Promise<void> } {
  const published: string[] = [];
  let waiting: Array<() => void> = [];
  const stream = {
    publish: (_trackId: string, event: string, data: { text?: string; chunk?: string; nodeId?: string }) => {
      published.push(data.text !== undefined ? `${event}:${data.text}` : data.chunk !== undefined ? `${event}:${data.nodeId}:${data.chunk}` : event);
      return new Promise<string>((resolve) => waiting.push(() => resolve('1-0')));
    },
    observeAnswerTime: () => undefined,
  } as unknown as AnswerStream;
  const storeAll = async (): Promise<void> => {
    const stored = waiting;
    waiting = [];
    for (const store of stored) store();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { stream, published, storeAll };
}

describe('EventSink joining', () => {
  it('sends the first chunk at once and joins the ones that come while it is stored', async () => {
    const { stream, published, storeAll } = slowStream();
    const sink = new EventSink(stream, 't5');
    sink.emit('chunk', { text: 'Hel' });
    sink.emit('chunk', { text: 'lo ' });
    sink.emit('chunk', { text: 'there' });
    expect(published).toEqual(['chunk:Hel']);

    await storeAll();
    expect(published).toEqual(['chunk:Hel', 'chunk:lo there']);
    await storeAll();
    sink.emit('chunk', { text: '!' });
    expect(published).toEqual(['chunk:Hel', 'chunk:lo there', 'chunk:!']);
  });

  it('does not hold a chunk behind another kind of event being stored', () => {
    const { stream, published } = slowStream();
    const sink = new EventSink(stream, 't6');
    sink.emit('classified', { topic: 'general', language: 'en', source: 'sorter', webSearch: false, multiStep: false });
    sink.emit('chunk', { text: 'first' });
    expect(published).toEqual(['classified', 'chunk:first']);
  });

  it('keeps the order of events: a joined run goes out before the next event of another kind or step', async () => {
    const { stream, published, storeAll } = slowStream();
    const sink = new EventSink(stream, 't7');
    sink.emit('thinking', { text: 'a' });
    sink.emit('thinking', { text: 'b' });
    sink.emit('thinking', { text: 'c' });
    sink.emit('chunk', { text: 'x' });
    sink.emit('chunk', { text: 'y' });
    sink.emit('task_chunk', { nodeId: 'n1', chunk: '1' });
    sink.emit('task_chunk', { nodeId: 'n1', chunk: '2' });
    sink.emit('task_chunk', { nodeId: 'n2', chunk: '3' });
    sink.emit('task_update', { nodeId: 'n2', capability: 'chat', state: 'done' });
    const flushed = sink.flush();
    await storeAll();
    await storeAll();
    await flushed;

    expect(published).toEqual(['thinking:a', 'thinking:bc', 'chunk:xy', 'task_chunk:n1:12', 'task_chunk:n2:3', 'task_update']);
  });

  it('flush sends what is joined and waits until it is stored', async () => {
    const { stream, published, storeAll } = slowStream();
    const sink = new EventSink(stream, 't8');
    sink.emit('chunk', { text: 'a' });
    sink.emit('chunk', { text: 'b' });
    let flushed = false;
    const flushing = sink.flush().then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toEqual(['chunk:a', 'chunk:b']);
    expect(flushed).toBe(false);
    await storeAll();
    await flushing;
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
