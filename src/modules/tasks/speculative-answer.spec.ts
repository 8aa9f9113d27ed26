import { describe, expect, it } from 'vitest';
import type { AnswerEvents } from './event-sink';
import { SpeculativeAnswer } from './speculative-answer';

function started(): { speculation: SpeculativeAnswer<string, { text: string }, string>; signal: () => AbortSignal; emit: (text: string) => void } {
  let events!: AnswerEvents;
  let signal!: AbortSignal;
  const speculation = new SpeculativeAnswer('general', new AbortController().signal, (held, guessSignal) => {
    events = held;
    signal = guessSignal;
    return { draft: { text: '' }, answering: Promise.resolve('done') };
  });
  return { speculation, signal: () => signal, emit: (text) => events.emit('chunk', { text }) };
}

describe('SpeculativeAnswer', () => {
  it('shows nothing until kept, then what it held and what follows, in order', async () => {
    const { speculation, emit } = started();
    const seen: string[] = [];
    emit('Hel');
    const kept = speculation.keepIf(true);
    expect(kept?.draft).toEqual({ text: '' });
    emit('lo');
    expect(seen).toEqual([]);

    kept?.release({ emit: (_, data) => void seen.push((data as { text: string }).text) });
    emit('!');

    expect(seen).toEqual(['Hel', 'lo', '!']);
    await expect(kept?.answering).resolves.toBe('done');
  });

  it('aborts a discarded guess and drops its events', () => {
    const { speculation, signal, emit } = started();
    emit('Hel');
    expect(speculation.keepIf(false)).toBeUndefined();
    expect(signal().aborted).toBe(true);
  });

  it('stops with the answer it belongs to', () => {
    const parent = new AbortController();
    let signal!: AbortSignal;
    new SpeculativeAnswer('general', parent.signal, (_, guessSignal) => {
      signal = guessSignal;
      return { draft: {}, answering: Promise.reject(new Error('stopped')) };
    });
    parent.abort();
    expect(signal.aborted).toBe(true);
  });
});
