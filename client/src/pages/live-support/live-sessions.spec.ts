import { describe, expect, it } from 'vitest';
import type { WidgetMessage, WidgetSession } from '../../api/widgets';
import {
  countByFilter,
  filterSessions,
  mergeSessions,
  pageLabel,
  patchSession,
  titleWithCount,
  unreadLabel,
  upsertMessage,
  upsertSession,
  visitorLabel,
} from './live-sessions';

function session(id: string, lastMessageAt: string, change: Partial<WidgetSession> = {}): WidgetSession {
  return {
    id,
    widgetId: 'w1',
    mode: 'ai',
    operatorName: null,
    preview: '',
    unread: 0,
    messageCount: 1,
    pageUrl: null,
    createdAt: lastMessageAt,
    lastMessageAt,
    ...change,
  };
}

function message(id: string, createdAt: string, change: Partial<WidgetMessage> = {}): WidgetMessage {
  return { id, role: 'visitor', text: id, createdAt, ...change };
}

describe('the session list', () => {
  const a = session('sess_a', '2026-01-01T10:00:00.000Z');
  const b = session('sess_b', '2026-01-01T11:00:00.000Z', { mode: 'waiting', unread: 2 });

  it('puts a changed session where its activity puts it, replacing its old row', () => {
    const list = upsertSession([b, a], { ...a, lastMessageAt: '2026-01-01T12:00:00.000Z', preview: 'new' });
    expect(list.map((s) => [s.id, s.preview])).toEqual([
      ['sess_a', 'new'],
      ['sess_b', ''],
    ]);
    expect(upsertSession([], a)).toEqual([a]);
  });

  it('patches a row, and leaves the list alone for an unknown one', () => {
    const list = [b, a];
    expect(patchSession(list, 'sess_b', { unread: 0 })[0].unread).toBe(0);
    expect(patchSession(list, 'sess_x', { unread: 0 })).toBe(list);
  });

  it('merges widgets by activity and counts each mode', () => {
    const other = session('sess_c', '2026-01-01T10:30:00.000Z', { widgetId: 'w2', mode: 'human' });
    const merged = mergeSessions([[b, a], undefined, [other]]);
    expect(merged.map((s) => s.id)).toEqual(['sess_b', 'sess_c', 'sess_a']);
    expect(countByFilter(merged)).toEqual({ waiting: 1, human: 1, ai: 1, all: 3 });
    expect(filterSessions(merged, 'waiting').map((s) => s.id)).toEqual(['sess_b']);
    expect(filterSessions(merged, 'all')).toHaveLength(3);
  });
});

describe('labels', () => {
  it('names a visitor by their page, never by the session id', () => {
    expect(visitorLabel({ pageUrl: 'https://shop.example.com/cart/?x=1#top' })).toBe('Visitor · shop.example.com/cart');
    expect(visitorLabel({ pageUrl: 'https://shop.example.com/' })).toBe('Visitor · shop.example.com');
    expect(visitorLabel({ pageUrl: null })).toBe('Visitor');
    expect(pageLabel('not a url')).toBeNull();
  });

  it('caps the unread count at 9+', () => {
    expect(unreadLabel(3)).toBe('3');
    expect(unreadLabel(9)).toBe('9');
    expect(unreadLabel(10)).toBe('9+');
  });

  it('puts the count before the title', () => {
    expect(titleWithCount(0)).toBe('Live support');
    expect(titleWithCount(3)).toBe('(3) Live support');
    expect(titleWithCount(120)).toBe('(99+) Live support');
  });
});

describe('the transcript', () => {
  const first = message('m1', '2026-01-01T10:00:00.000Z');
  const second = message('m2', '2026-01-01T10:01:00.000Z');

  it('adds a new message in time order', () => {
    expect(upsertMessage([first], second).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(upsertMessage([second], first).map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('replaces a message it already has, keeping its place', () => {
    const writing = message('m3', '2026-01-01T10:02:00.000Z', { role: 'ai', status: 'streaming', trackId: 't', text: '' });
    const done = { ...writing, status: 'complete' as const, text: 'Answer' };
    const list = upsertMessage(upsertMessage([first, second], writing), done);
    expect(list.map((m) => [m.id, m.text, m.status])).toEqual([
      ['m1', 'm1', undefined],
      ['m2', 'm2', undefined],
      ['m3', 'Answer', 'complete'],
    ]);
  });
});
