import { describe, expect, it } from 'vitest';
import { newAnswer } from './answer';
import type { MessageStatus, WidgetMessage } from './contract';
import { acceptLocal, answerToResume, canMove, mergeTranscript, messageOf, upsertMessage, type ChatItem } from './transcript';

const at = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

function message(id: string, role: WidgetMessage['role'], minute: number, extra: Partial<WidgetMessage> = {}): WidgetMessage {
  return { id, role, text: `${role} ${id}`, createdAt: at(minute), ...extra };
}

function local(key: string, text: string, minute: number, delivery: ChatItem['delivery'] = 'sending'): ChatItem {
  return { key, id: null, role: 'visitor', text, createdAt: at(minute), delivery };
}

const ids = (items: ChatItem[]): Array<string | null> => items.map((item) => item.id);

describe('canMove', () => {
  const statuses: Array<MessageStatus | undefined> = [undefined, 'pending', 'streaming', 'complete', 'stopped', 'failed'];
  const allowed: Record<string, string[]> = {
    undefined: ['undefined', 'pending', 'streaming', 'complete', 'stopped', 'failed'],
    pending: ['pending', 'streaming', 'complete', 'stopped', 'failed'],
    streaming: ['streaming', 'complete', 'stopped', 'failed'],
    complete: ['complete'],
    stopped: ['stopped'],
    failed: ['failed'],
  };
  for (const from of statuses) {
    for (const to of statuses) {
      const expected = allowed[String(from)].includes(String(to));
      it(`${String(from)} → ${String(to)}: ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canMove(from, to)).toBe(expected);
      });
    }
  }
});

describe('upsertMessage', () => {
  it('drops a duplicate by id', () => {
    const first = upsertMessage([], message('a', 'operator', 1));
    const again = upsertMessage(first, message('a', 'operator', 1));
    expect(again).toBe(first);
    expect(again).toHaveLength(1);
  });

  it('puts a message from a reload where its time belongs', () => {
    let items = mergeTranscript([], [message('a', 'visitor', 1), message('c', 'ai', 3, { status: 'complete' })]);
    items = upsertMessage(items, message('b', 'system', 2));
    expect(ids(items)).toEqual(['a', 'b', 'c']);
  });

  it('appends a live arrival whatever its time says', () => {
    let items = mergeTranscript([], [message('a', 'visitor', 5)]);
    items = upsertMessage(items, message('b', 'operator', 1), { live: true });
    expect(ids(items)).toEqual(['a', 'b']);
  });

  it('takes a visitor message being sent with the same text to be the published one', () => {
    const items = upsertMessage([local('local:1', 'hello', 1)], { ...message('v1', 'visitor', 1), text: 'hello' }, { live: true });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ key: 'local:1', id: 'v1', text: 'hello' });
    expect(items[0].delivery).toBeUndefined();
  });

  it('does not take a failed local message for a published one', () => {
    const items = upsertMessage([local('local:1', 'hello', 1, 'failed')], { ...message('v1', 'visitor', 1), text: 'hello' }, { live: true });
    expect(items).toHaveLength(2);
  });

  it('never reopens a finished answer', () => {
    const done = mergeTranscript([], [message('a', 'ai', 1, { status: 'complete', text: 'final', trackId: 't' })]);
    const stale = upsertMessage(done, message('a', 'ai', 1, { status: 'streaming', text: 'fin', trackId: 't' }));
    expect(stale[0]).toMatchObject({ status: 'complete', text: 'final' });
  });

  it('keeps the live text of an answer being followed, until a finished copy arrives', () => {
    const live: ChatItem = { key: 'a', id: 'a', role: 'ai', text: 'Hello wor', createdAt: at(1), status: 'streaming', trackId: 't', answer: newAnswer({ trackId: 't' }) };
    const reloaded = upsertMessage([live], message('a', 'ai', 1, { status: 'streaming', text: '', trackId: 't' }));
    expect(reloaded[0].text).toBe('Hello wor');
    const finished = upsertMessage(reloaded, message('a', 'ai', 1, { status: 'complete', text: 'Hello world.', trackId: 't' }));
    expect(finished[0]).toMatchObject({ status: 'complete', text: 'Hello world.', key: 'a' });
  });

  it('keeps what was written when a finished copy comes without text', () => {
    const live: ChatItem = { key: 'a', id: 'a', role: 'ai', text: 'partial', createdAt: at(1), status: 'streaming', answer: newAnswer() };
    const stopped = upsertMessage([live], message('a', 'ai', 1, { status: 'stopped', text: '' }));
    expect(stopped[0]).toMatchObject({ status: 'stopped', text: 'partial' });
  });
});

describe('mergeTranscript', () => {
  it('is idempotent and keeps rows the server does not list', () => {
    const server = [message('a', 'visitor', 1), message('b', 'ai', 2, { status: 'complete' }), message('c', 'operator', 3, { operatorName: 'Ana' })];
    const once = mergeTranscript([local('local:9', 'still sending', 4)], server);
    const twice = mergeTranscript(once, server);
    expect(ids(twice)).toEqual(['a', 'b', 'c', null]);
    expect(twice).toEqual(once);
    expect(twice[2].operatorName).toBe('Ana');
  });

  it('keeps the sources of stored answers and the files of visitor messages, redrawing a row only when they change', () => {
    const citations = [{ n: 1, title: 'Pricing', snippet: 'From 5 €', url: 'https://shop.example.com/pricing' }];
    const server = [
      message('q', 'visitor', 1, { files: [{ id: 'f1', name: 'house.txt' }] }),
      message('a', 'ai', 2, { status: 'complete', citations: [...citations, { n: 0, title: 'bad', snippet: '' }] }),
    ];
    const once = mergeTranscript([], server);
    expect(once[0].attachments).toEqual([{ id: 'f1', name: 'house.txt' }]);
    expect(once[1].citations).toEqual(citations);
    // A reload brings equal copies: the rows stay the same objects.
    const again = mergeTranscript(once, structuredClone(server));
    expect(again[0]).toBe(once[0]);
    expect(again[1]).toBe(once[1]);
    const changed = mergeTranscript(once, [message('a', 'ai', 2, { status: 'complete', citations: [{ ...citations[0], title: 'Prices' }] })]);
    expect(changed[1].citations?.[0].title).toBe('Prices');
  });
});

describe('acceptLocal', () => {
  it('names the local row', () => {
    const items = acceptLocal([local('local:1', 'hi', 1)], 'local:1', 'v1', at(2));
    expect(items[0]).toMatchObject({ key: 'local:1', id: 'v1', createdAt: at(2) });
    expect(items[0].delivery).toBeUndefined();
  });

  it('drops the local row when a publication already brought the message', () => {
    const items = acceptLocal([local('local:1', 'hi', 1), { ...message('v1', 'visitor', 1), key: 'v1' }], 'local:1', 'v1');
    expect(ids(items)).toEqual(['v1']);
  });

  it('adds our message after a row that was taken for another tab’s', () => {
    const taken = upsertMessage([local('local:1', 'hi', 1)], { ...message('other', 'visitor', 1), text: 'hi' }, { live: true });
    const items = acceptLocal(taken, 'local:1', 'mine');
    expect(ids(items)).toEqual(['other', 'mine']);
  });
});

describe('answerToResume', () => {
  it('is the last AI message while it is written', () => {
    const items = mergeTranscript([], [message('v', 'visitor', 1), message('a', 'ai', 2, { status: 'streaming', trackId: 't' }), message('s', 'system', 3)]);
    expect(answerToResume(items)?.id).toBe('a');
  });

  it('is nothing when the last AI message is finished or has no track', () => {
    expect(answerToResume(mergeTranscript([], [message('a', 'ai', 1, { status: 'pending', trackId: 't' }), message('b', 'ai', 2, { status: 'complete' })]))).toBeNull();
    expect(answerToResume(mergeTranscript([], [message('a', 'ai', 1, { status: 'pending' })]))).toBeNull();
    expect(answerToResume([])).toBeNull();
  });
});

describe('messageOf', () => {
  it('gives the page server messages only', () => {
    expect(messageOf(local('local:1', 'x', 1))).toBeNull();
    expect(messageOf({ key: 'n', id: null, role: 'notice', text: 'x', createdAt: at(1) })).toBeNull();
    expect(messageOf({ key: 'a', id: 'a', role: 'ai', text: 'x', createdAt: at(1), status: 'complete', answer: newAnswer() })).toEqual({ id: 'a', role: 'ai', text: 'x', createdAt: at(1), status: 'complete' });
  });
});
