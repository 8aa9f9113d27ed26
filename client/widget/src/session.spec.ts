import { describe, expect, it } from 'vitest';
import { isSessionId, memoryStorage, mintSessionId, WidgetMemory } from './session';

describe('mintSessionId', () => {
  it('is sess_ and 32 URL-safe characters', () => {
    const id = mintSessionId();
    expect(id).toMatch(/^sess_[A-Za-z0-9_-]{32}$/);
    expect(isSessionId(id)).toBe(true);
  });

  it('maps every byte onto the 64-symbol alphabet without bias', () => {
    const seen = new Set<string>();
    for (let start = 0; start < 256; start += 32) {
      const id = mintSessionId((bytes) => bytes.map((_, index) => start + index));
      for (const char of id.slice(5)) seen.add(char);
    }
    expect(seen.size).toBe(64);
    // 0 and 64 (and 128, 192) are the same symbol: each symbol has exactly four bytes.
    expect(mintSessionId((bytes) => bytes.fill(0))).toBe(mintSessionId((bytes) => bytes.fill(192)));
    expect(mintSessionId((bytes) => bytes.fill(63))).toBe(`sess_${'_'.repeat(32)}`);
  });

  it('uses the random source it is given, so two sessions differ', () => {
    expect(mintSessionId()).not.toBe(mintSessionId());
  });
});

describe('isSessionId', () => {
  it.each([null, 42, '', 'sess_', `sess_${'a'.repeat(31)}`, `sess_${'a'.repeat(33)}`, `sess_${'a'.repeat(31)}=`, `SESS_${'a'.repeat(32)}`])('refuses %s', (value) => {
    expect(isSessionId(value)).toBe(false);
  });
});

describe('WidgetMemory', () => {
  it('mints a session once per widget and keeps it', () => {
    const store = memoryStorage();
    const memory = new WidgetMemory(store, 'w1');
    expect(memory.storedSession()).toBeNull();
    const id = memory.session();
    expect(memory.session()).toBe(id);
    expect(new WidgetMemory(store, 'w1').storedSession()).toBe(id);
    expect(new WidgetMemory(store, 'w2').storedSession()).toBeNull();
  });

  it('replaces a malformed stored id', () => {
    const store = memoryStorage();
    store.setItem('switchboard:w1:session', 'not-an-id');
    const memory = new WidgetMemory(store, 'w1');
    expect(memory.storedSession()).toBeNull();
    expect(isSessionId(memory.session())).toBe(true);
  });

  it('remembers that the notice was dismissed', () => {
    const memory = new WidgetMemory(memoryStorage(), 'w1');
    expect(memory.noticeDismissed()).toBe(false);
    memory.dismissNotice();
    expect(memory.noticeDismissed()).toBe(true);
  });

  it('keeps the resume point of the last five answers', () => {
    const store = memoryStorage();
    const memory = new WidgetMemory(store, 'w1');
    for (let n = 1; n <= 7; n++) memory.saveTrack(`t${n}`, { lastEventId: `${n}-0`, text: `text ${n}`, cards: [], replyNode: null });
    expect(memory.loadTrack('t1')).toBeNull();
    expect(memory.loadTrack('t2')).toBeNull();
    expect(memory.loadTrack('t7')).toEqual({ lastEventId: '7-0', text: 'text 7', cards: [], replyNode: null });
    memory.dropTrack('t7');
    expect(memory.loadTrack('t7')).toBeNull();
    expect(memory.loadTrack('t3')?.text).toBe('text 3');
  });

  it('ignores a resume point it cannot read', () => {
    const store = memoryStorage();
    store.setItem('switchboard:w1:track:t1', '{broken');
    store.setItem('switchboard:w1:track:t2', JSON.stringify({ text: 'no id' }));
    const memory = new WidgetMemory(store, 'w1');
    expect(memory.loadTrack('t1')).toBeNull();
    expect(memory.loadTrack('t2')).toBeNull();
  });
});
