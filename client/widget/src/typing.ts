/** Longest draft a typing notice carries (the gateway refuses more). */
export const TYPING_TEXT_MAX = 500;
/** Quiet time before the draft is published. */
export const TYPING_DEBOUNCE_MS = 300;
/** An operator's "typing…" fades this long after their last notice, in case "stopped" never comes. */
export const TYPING_SHOWN_MS = 6_000;

export interface Timers {
  set(callback: () => void, ms: number): number;
  clear(handle: number): void;
}

export const windowTimers: Timers = {
  set: (callback, ms) => window.setTimeout(callback, ms),
  clear: (handle) => window.clearTimeout(handle),
};

/**
 * Publishes the visitor's draft as they type: only once enabled (after the first message, when the
 * session exists), 300 ms after the last keystroke, at most 500 characters, and an empty text at
 * once when the input empties. The same text is never sent twice in a row.
 */
export class TypingPublisher {
  private enabled = false;
  private timer: number | null = null;
  private lastSent = '';

  constructor(
    private readonly send: (text: string) => void,
    private readonly timers: Timers = windowTimers,
    private readonly delayMs = TYPING_DEBOUNCE_MS,
  ) {}

  enable(): void {
    this.enabled = true;
  }

  /** The composer's text changed. */
  input(draft: string): void {
    if (!this.enabled) return;
    this.cancel();
    const text = draft.slice(0, TYPING_TEXT_MAX);
    if (text.trim() === '') {
      this.publish('');
      return;
    }
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.publish(text);
    }, this.delayMs);
  }

  /** Drops a pending notice (the widget closes, or the message was sent and the input emptied). */
  cancel(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private publish(text: string): void {
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.send(text);
  }
}

/**
 * Whether someone on the other side is typing, from the typing channel's notices: an operator's
 * text is never relayed, so any notice without an empty `text` means "typing", an empty one
 * means "stopped", and silence ends it after TYPING_SHOWN_MS.
 */
export class TypingIndicator {
  private timer: number | null = null;
  private typing = false;

  constructor(
    private readonly onChange: (typing: boolean) => void,
    private readonly timers: Timers = windowTimers,
    private readonly shownMs = TYPING_SHOWN_MS,
  ) {}

  notice(data: unknown): void {
    const notice = typeof data === 'object' && data !== null ? (data as { text?: unknown; from?: unknown }) : {};
    // Our own drafts come back from the visitor's other tabs: they are not someone else typing.
    if (notice.from === 'visitor') return;
    if (notice.text === '') {
      this.stop();
      return;
    }
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.stop(), this.shownMs);
    this.set(true);
  }

  /** The operator's message arrived, or the widget goes away. */
  stop(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.set(false);
  }

  get active(): boolean {
    return this.typing;
  }

  private set(typing: boolean): void {
    if (typing === this.typing) return;
    this.typing = typing;
    this.onChange(typing);
  }
}
