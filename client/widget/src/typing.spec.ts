import { describe, expect, it } from 'vitest';
import { TypingIndicator, TypingPublisher, type Timers } from './typing';

/** Timers moved by hand. */
function clock(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    set(callback, ms) {
      pending.set(next, { at: now + ms, callback });
      return next++;
    },
    clear(handle) {
      pending.delete(handle);
    },
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        pending.delete(handle);
        timer.callback();
      }
    },
  };
}

describe('TypingPublisher', () => {
  it('publishes nothing before the session exists', () => {
    const timers = clock();
    const sent: string[] = [];
    const publisher = new TypingPublisher((text) => sent.push(text), timers);
    publisher.input('hello');
    timers.advance(1000);
    expect(sent).toEqual([]);
  });

  it('publishes the draft 300 ms after the last keystroke', () => {
    const timers = clock();
    const sent: string[] = [];
    const publisher = new TypingPublisher((text) => sent.push(text), timers);
    publisher.enable();
    publisher.input('h');
    timers.advance(200);
    publisher.input('he');
    timers.advance(299);
    expect(sent).toEqual([]);
    timers.advance(1);
    expect(sent).toEqual(['he']);
  });

  it('cuts the draft at 500 characters', () => {
    const timers = clock();
    const sent: string[] = [];
    const publisher = new TypingPublisher((text) => sent.push(text), timers);
    publisher.enable();
    publisher.input('x'.repeat(800));
    timers.advance(300);
    expect(sent[0]).toHaveLength(500);
  });

  it('says at once that the input emptied, and drops the pending draft', () => {
    const timers = clock();
    const sent: string[] = [];
    const publisher = new TypingPublisher((text) => sent.push(text), timers);
    publisher.enable();
    publisher.input('hello');
    timers.advance(300);
    publisher.input('hello!');
    publisher.input('');
    expect(sent).toEqual(['hello', '']);
    timers.advance(1000);
    expect(sent).toEqual(['hello', '']);
  });

  it('never repeats itself', () => {
    const timers = clock();
    const sent: string[] = [];
    const publisher = new TypingPublisher((text) => sent.push(text), timers);
    publisher.enable();
    publisher.input('');
    publisher.input('a');
    timers.advance(300);
    publisher.input('a');
    timers.advance(300);
    expect(sent).toEqual(['a']);
  });
});

describe('TypingIndicator', () => {
  it('shows an operator typing until they stop, or fall silent', () => {
    const timers = clock();
    const changes: boolean[] = [];
    const indicator = new TypingIndicator((typing) => changes.push(typing), timers, 6000);
    indicator.notice({ from: 'user' });
    expect(indicator.active).toBe(true);
    indicator.notice({ from: 'user', text: '' });
    expect(indicator.active).toBe(false);
    indicator.notice({ from: 'user' });
    timers.advance(5999);
    indicator.notice({ from: 'user' });
    timers.advance(5999);
    expect(indicator.active).toBe(true);
    timers.advance(1);
    expect(indicator.active).toBe(false);
    expect(changes).toEqual([true, false, true, false]);
  });

  it('ignores the visitor’s own drafts from other tabs', () => {
    const indicator = new TypingIndicator(() => undefined, clock());
    indicator.notice({ from: 'visitor', text: 'mine' });
    expect(indicator.active).toBe(false);
  });
});
