import { beforeEach, describe, expect, it } from 'vitest';
import { TYPING_IDLE_MS, TYPING_INTERVAL_MS, TypingNotices, type TypingClock } from './typing-notices';

/** A clock whose timers run when `advance` passes them. */
class FakeClock implements TypingClock {
  private time = 1_000_000;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (id: number) => {
    this.timers.delete(id);
  };

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

describe('typing notices', () => {
  let clock: FakeClock;
  let sent: string[];
  let notices: TypingNotices;

  beforeEach(() => {
    clock = new FakeClock();
    sent = [];
    notices = new TypingNotices((text) => sent.push(text), clock);
  });

  it('sends the first keystroke at once, then at most one notice per interval with the latest text', () => {
    notices.input('H');
    clock.advance(200);
    notices.input('He');
    clock.advance(200);
    notices.input('Hel');
    expect(sent).toEqual(['H']);
    clock.advance(TYPING_INTERVAL_MS);
    expect(sent).toEqual(['H', 'Hel']);
  });

  it('never sends text notices closer than the interval while typing steadily', () => {
    const times: number[] = [];
    notices = new TypingNotices((text) => {
      if (text) times.push(clock.now());
    }, clock);
    let text = '';
    for (let i = 0; i < 40; i++) {
      text += 'x';
      notices.input(text);
      clock.advance(150);
    }
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(TYPING_INTERVAL_MS);
    expect(times.length).toBeGreaterThan(2);
  });

  it('sends an empty text when the input empties, and drops what was waiting', () => {
    notices.input('Hi');
    clock.advance(100);
    notices.input('Hi there');
    notices.input('');
    clock.advance(5_000);
    expect(sent).toEqual(['Hi', '']);
  });

  it('sends an empty text after the idle time without keystrokes', () => {
    notices.input('Hi');
    clock.advance(TYPING_IDLE_MS - 1);
    expect(sent).toEqual(['Hi']);
    clock.advance(1);
    expect(sent).toEqual(['Hi', '']);
  });

  it('says nothing on stop when nothing was said, and stops once', () => {
    notices.stop();
    expect(sent).toEqual([]);
    notices.input('a');
    notices.stop();
    notices.stop();
    expect(sent).toEqual(['a', '']);
  });
});
