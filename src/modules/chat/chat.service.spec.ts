import { describe, expect, it } from 'vitest';
import type { FilesService } from '../files/files.service';
import type { UserChannel } from '../realtime/user-channel.service';
import type { Chat } from './chat.entity';
import { ChatService } from './chat.service';
import type { ChatsRepository } from './chats.repository';
import type { TaskTally } from './dto/chat.dto';
import type { Message, MessageRole } from './message.entity';
import { MessagesRepository } from './messages.repository';

const USER = 'user-1';
const CHAT = 'chat-1';

function message(id: string, role: MessageRole): Message {
  return MessagesRepository.newMessage({ id, chatId: CHAT, userId: USER, role, text: id, status: 'complete', createdAt: new Date(Date.UTC(2026, 0, 1)) });
}

/** A chat's page of messages and the tallies of their task records, recording how often they are counted. */
class FakeMessages {
  readonly tallyCalls: string[][] = [];
  constructor(
    private readonly page: Message[],
    private readonly tallies: Record<string, TaskTally>,
  ) {}

  listForChat(): Promise<Message[]> {
    return Promise.resolve(this.page);
  }

  findOwned(_userId: string, id: string): Promise<Message | null> {
    return Promise.resolve(this.page.find((candidate) => candidate.id === id) ?? null);
  }

  taskTallies(ids: string[]): Promise<Map<string, TaskTally>> {
    this.tallyCalls.push(ids);
    return Promise.resolve(new Map(ids.flatMap((id): Array<[string, TaskTally]> => (this.tallies[id] ? [[id, this.tallies[id]]] : []))));
  }
}

function service(messages: FakeMessages): ChatService {
  const chats = { findOwned: () => Promise.resolve({ id: CHAT, userId: USER } as Chat) } as unknown as ChatsRepository;
  return new ChatService(chats, messages as unknown as MessagesRepository, {} as FilesService, {} as UserChannel);
}

describe('ChatService messages', () => {
  const page = [message('q1', 'user'), message('a1', 'assistant'), message('q2', 'user'), message('a2', 'assistant'), message('s1', 'system')];

  it("counts the page's answers' task records with one call, asking only about answers", async () => {
    const messages = new FakeMessages(page, { a1: { count: 3, done: 2 } });
    const listed = await service(messages).listMessages(USER, CHAT, {});
    expect(messages.tallyCalls).toEqual([['a1', 'a2']]);
    expect(listed.map(({ id, taskCount, tasksDone }) => ({ id, taskCount, tasksDone }))).toEqual([
      { id: 'q1', taskCount: 0, tasksDone: 0 },
      { id: 'a1', taskCount: 3, tasksDone: 2 },
      { id: 'q2', taskCount: 0, tasksDone: 0 },
      { id: 'a2', taskCount: 0, tasksDone: 0 },
      { id: 's1', taskCount: 0, tasksDone: 0 },
    ]);
  });

  it('looks one answer up with its task tally, and a question without counting', async () => {
    const messages = new FakeMessages(page, { a2: { count: 1, done: 1 } });
    expect(await service(messages).findMessage(USER, 'a2')).toMatchObject({ id: 'a2', taskCount: 1, tasksDone: 1 });
    expect(await service(messages).findMessage(USER, 'q1')).toMatchObject({ id: 'q1', taskCount: 0 });
    expect(messages.tallyCalls).toEqual([['a2'], []]);
  });
});
