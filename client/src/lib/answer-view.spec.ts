import { describe, expect, it } from 'vitest';
import type { Message } from '../api/chats';
import type { MemoryRef } from '../api/memories';
import type { StreamEvent, StreamEventMap } from '../api/stream-events';
import { applyEvent, newAnswer, type AnswerState } from './answer-state';
import { viewOfLive, viewOfStored } from './answer-view';

const recalled: MemoryRef[] = [
  { id: 'mem1', category: 'personal', key: 'Name', value: 'Ada' },
  { id: 'mem2', category: 'preferences', key: 'Units', value: 'Metric' },
];

function play(events: StreamEvent[], start: AnswerState = newAnswer({ chatId: null, userText: 'Hi', modelLabel: null, now: 0 })): AnswerState {
  return events.reduce((state, event, index) => applyEvent(state, event, index + 1), start);
}

function event<Name extends keyof StreamEventMap>(name: Name, data: StreamEventMap[Name], id: string | null = null): StreamEvent {
  return { name, data, id } as StreamEvent;
}

const started = event('started', { trackId: 't1', chatId: 'c1', messageId: 'a1', userMessageId: 'q1' });
const classified = event('classified', { topic: 'general', language: 'en', source: 'sorter', webSearch: false, multiStep: false });
const complete = event('complete', { messageId: 'a1', chatId: 'c1', topic: 'general', language: 'en', provider: 'offline', model: 'offline', files: [], citations: [], status: 'complete' });

describe('memories in a live answer', () => {
  it('has none until the memories event says which were recalled', () => {
    const before = play([started, classified]);
    expect(before.memories).toEqual([]);
    expect(viewOfLive(before).memoriesUsed).toEqual([]);
    const after = play([event('memories', { used: recalled }, '3-0')], before);
    expect(after.memories).toEqual(recalled);
    expect(after.lastEventId).toBe('3-0');
  });

  it('keeps them through the text and the end of the answer, and names its message and chat', () => {
    const done = play([started, classified, event('memories', { used: recalled }), event('chunk', { text: 'Hello Ada' }), complete]);
    const view = viewOfLive(done);
    expect(view.memoriesUsed).toEqual(recalled);
    expect(view.status).toBe('complete');
    expect([view.messageId, view.chatId]).toEqual(['a1', 'c1']);
  });

  it('ignores a memories event that arrives after the answer ended', () => {
    const done = play([started, classified, complete]);
    expect(play([event('memories', { used: recalled })], done).memories).toEqual([]);
  });

  it('has no message to rate before the server named it', () => {
    const view = viewOfLive(newAnswer({ chatId: null, userText: 'Hi', modelLabel: null, now: 0 }));
    expect([view.messageId, view.chatId]).toEqual([null, null]);
  });
});

describe('memories in a stored answer', () => {
  const stored: Message = {
    id: 'a1',
    chatId: 'c1',
    role: 'assistant',
    text: 'Hello Ada',
    status: 'complete',
    trackId: 't1',
    topic: 'general',
    language: 'en',
    provider: 'offline',
    model: 'offline',
    usage: null,
    fileIds: [],
    citations: [],
    error: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    completedAt: '2026-01-01T10:00:01.000Z',
    authorName: null,
    replyToId: 'q1',
    memoriesUsed: recalled,
    taskCount: 0,
    tasksDone: 0,
    thinking: null,
    thinkingMs: null,
    truncated: false,
    superseded: false,
  };

  it('shows the memories stored with it', () => {
    const view = viewOfStored(stored, undefined);
    expect(view.memoriesUsed).toEqual(recalled);
    expect([view.messageId, view.chatId]).toEqual(['a1', 'c1']);
  });

  it('shows none when the message carries none', () => {
    expect(viewOfStored({ ...stored, memoriesUsed: [] }, undefined).memoriesUsed).toEqual([]);
  });
});
