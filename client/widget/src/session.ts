import type { TaskCard } from './answer';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SESSION_ID = /^sess_[A-Za-z0-9_-]{32}$/;
/** Answers whose resume point is kept; older ones are dropped (an answer outlives a page only briefly). */
const MAX_TRACKS = 5;

/**
 * A visitor session id: `sess_` and 32 URL-safe characters from crypto.getRandomValues. 64
 * symbols divide 256, so `byte & 63` picks each one with the same chance.
 */
export function mintSessionId(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(32));
  let id = 'sess_';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/** The part of localStorage the widget uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * localStorage when the page may use it, else memory: a sandboxed iframe, a blocked third-party
 * storage or a full quota must not break the chat, only its memory across reloads.
 */
export function pageStorage(): KeyValueStore {
  try {
    const storage = window.localStorage;
    const probe = '__switchboard_probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return {
      getItem: (key) => {
        try {
          return storage.getItem(key);
        } catch {
          return null;
        }
      },
      setItem: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // Full or revoked: the value lives until the page closes, which is all that is lost.
        }
      },
      removeItem: (key) => {
        try {
          storage.removeItem(key);
        } catch {
          // As above.
        }
      },
    };
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/** Where an answer was when the page last saw it: enough to resume it with `Last-Event-ID`. */
export interface TrackSnapshot {
  lastEventId: string;
  text: string;
  cards: TaskCard[];
  replyNode: string | null;
}

/** What the widget keeps per widget id: the session, the notice's dismissal, answers to resume. */
export class WidgetMemory {
  private readonly prefix: string;

  constructor(
    private readonly store: KeyValueStore,
    widgetId: string,
  ) {
    this.prefix = `switchboard:${widgetId}:`;
  }

  /** The stored session id, or null for a visitor who never wrote from this browser. */
  storedSession(): string | null {
    const id = this.store.getItem(`${this.prefix}session`);
    return isSessionId(id) ? id : null;
  }

  /** The stored session id, minting and storing one when there is none (or it is malformed). */
  session(): string {
    const stored = this.storedSession();
    if (stored) return stored;
    const id = mintSessionId();
    this.store.setItem(`${this.prefix}session`, id);
    return id;
  }

  noticeDismissed(): boolean {
    return this.store.getItem(`${this.prefix}notice`) === 'dismissed';
  }

  dismissNotice(): void {
    this.store.setItem(`${this.prefix}notice`, 'dismissed');
  }

  loadTrack(trackId: string): TrackSnapshot | null {
    const raw = this.store.getItem(`${this.prefix}track:${trackId}`);
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as Partial<TrackSnapshot>;
      if (typeof value.lastEventId !== 'string' || typeof value.text !== 'string') return null;
      return { lastEventId: value.lastEventId, text: value.text, cards: Array.isArray(value.cards) ? value.cards : [], replyNode: value.replyNode ?? null };
    } catch {
      return null;
    }
  }

  saveTrack(trackId: string, snapshot: TrackSnapshot): void {
    const tracks = this.trackIds().filter((id) => id !== trackId);
    tracks.push(trackId);
    while (tracks.length > MAX_TRACKS) this.store.removeItem(`${this.prefix}track:${tracks.shift()}`);
    this.store.setItem(`${this.prefix}tracks`, JSON.stringify(tracks));
    this.store.setItem(`${this.prefix}track:${trackId}`, JSON.stringify(snapshot));
  }

  dropTrack(trackId: string): void {
    this.store.removeItem(`${this.prefix}track:${trackId}`);
    this.store.setItem(`${this.prefix}tracks`, JSON.stringify(this.trackIds().filter((id) => id !== trackId)));
  }

  private trackIds(): string[] {
    try {
      const value: unknown = JSON.parse(this.store.getItem(`${this.prefix}tracks`) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }
}
