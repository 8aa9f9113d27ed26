import { describe, expect, it } from 'vitest';
import { ChatsRepository } from './chats.repository';
import { MessagesRepository } from './messages.repository';
import { rowsFrom, snapshotOf, type TurnSnapshot } from './turn-snapshot';

describe('turn snapshots', () => {
  it('survive JSON (a job payload) with their dates as dates', () => {
    const chat = { ...ChatsRepository.newChat({ id: 'c1', userId: 'u1', title: 'Hello', channel: 'web' }), summary: 'Earlier: greetings', summarizedUntil: new Date('2026-12-01T10:00:00.123Z') };
    const createdAt = new Date('2026-12-02T12:00:00.001Z');
    const inbound = MessagesRepository.newMessage({ chatId: 'c1', userId: 'u1', role: 'user', text: 'Hi', status: 'complete', createdAt, completedAt: createdAt });
    const answer = MessagesRepository.newMessage({ chatId: 'c1', userId: 'u1', role: 'assistant', text: '', status: 'pending', createdAt: new Date(createdAt.getTime() + 1) });

    const travelled = rowsFrom(JSON.parse(JSON.stringify(snapshotOf({ chat, inbound, answer }))) as TurnSnapshot);

    expect(travelled).toEqual({ chat, inbound, answer });
    expect(travelled.chat.summarizedUntil).toBeInstanceOf(Date);
    expect(travelled.answer.completedAt).toBeNull();
  });
});
