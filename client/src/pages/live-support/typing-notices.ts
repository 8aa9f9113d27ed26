/** At most one typing notice per this interval (the server allows 10 a second; visitors need far fewer). */
export const TYPING_INTERVAL_MS = 1_500;
/** No keystroke for this long: the operator stopped typing. */
export const TYPING_IDLE_MS = 2_000;

export interface TypingClock {
  now: () => number;
  setTimeout: (callback: () => void, ms: number) => number;
  clearTimeout: (timer: number) => void;
}

const browserClock: TypingClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (timer) => window.clearTimeout(timer),
};

/**
 * Turns keystrokes into typing notices: the text at most once per TYPING_INTERVAL_MS (the latest
 * text goes out when the interval ends), and an empty text when the input empties or after
 * TYPING_IDLE_MS without a keystroke, so the other side's indicator never sticks.
 */
export class TypingNotices {
  private lastSentAt = -Infinity;
  private lastSent = '';
  private pending: string | null = null;
  private trailingTimer: number | null = null;
  private idleTimer: number | null = null;

  constructor(
    private readonly send: (text: string) => void,
    private readonly clock: TypingClock = browserClock,
  ) {}

  /** The input's text after a change. */
  input(text: string): void {
    this.clearIdle();
    if (text.trim() === '') {
      this.stop();
      return;
    }
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = null;
      this.stop();
    }, TYPING_IDLE_MS);
    const wait = this.lastSentAt + TYPING_INTERVAL_MS - this.clock.now();
    if (wait <= 0 && this.trailingTimer === null) {
      this.emit(text);
      return;
    }
    this.pending = text;
    this.trailingTimer ??= this.clock.setTimeout(() => {
      this.trailingTimer = null;
      const latest = this.pending;
      this.pending = null;
      if (latest !== null) this.emit(latest);
    }, Math.max(0, wait));
  }

  /** Typing ended (sent, emptied, idle, left): says so once, if anything was said. */
  stop(): void {
    this.clearIdle();
    if (this.trailingTimer !== null) this.clock.clearTimeout(this.trailingTimer);
    this.trailingTimer = null;
    this.pending = null;
    if (this.lastSent !== '') this.emit('');
  }

  private emit(text: string): void {
    if (text === this.lastSent) return;
    this.lastSent = text;
    // An empty notice does not use up the interval: the next keystroke may go out at once.
    if (text !== '') this.lastSentAt = this.clock.now();
    this.send(text);
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
