import { describe, expect, it } from 'vitest';
import type { Chat } from './chat.entity';
import type { ChatsRepository } from './chats.repository';
import { CONTEXT_TOKEN_BUDGET, ConversationContextService, estimateTokens } from './conversation-context.service';
import type { Message, MessageRole, MessageStatus } from './message.entity';
import type { MessagesRepository } from './messages.repository';

const CHAT_ID = 'chat-1';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** MessagesRepository's turn queries over an array: finished turns only, ordered by (createdAt, id). */
class InMemoryMessages {
  readonly messages: Message[] = [];

  recentTurns(chatId: string, before: Date, limit: number): Promise<Message[]> {
    const page = this.finished(chatId)
      .filter((m) => m.createdAt < before)
      .sort((a, b) => compare(b, a))
      .slice(0, limit);
    return Promise.resolve(page.reverse());
  }

  turnsBetween(chatId: string, after: Date | null, before: Date): Promise<Message[]> {
    return Promise.resolve(
      this.finished(chatId)
        .filter((m) => m.createdAt < before && (after === null || m.createdAt > after))
        .sort(compare),
    );
  }

  private finished(chatId: string): Message[] {
    return this.messages.filter((m) => m.chatId === chatId && (m.role === 'user' || m.status === 'complete' || m.status === 'stopped'));
  }
}

function compare(a: Message, b: Message): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
}

class FakeChats {
  readonly saved: Array<[string, string, Date]> = [];

  saveSummary(id: string, summary: string, until: Date): Promise<void> {
    this.saved.push([id, summary, until]);
    return Promise.resolve();
  }
}

interface Conversation {
  service: ConversationContextService;
  messages: InMemoryMessages;
  chats: FakeChats;
  /** Adds a turn at T0 + `second` seconds; user and assistant alternate unless given. */
  add(second: number, text: string, fields?: { role?: MessageRole; status?: MessageStatus; chatId?: string }): Message;
}

function conversation(): Conversation {
  const messages = new InMemoryMessages();
  const chats = new FakeChats();
  const service = new ConversationContextService(messages as unknown as MessagesRepository, chats as unknown as ChatsRepository);
  return {
    service,
    messages,
    chats,
    add(second, text, fields = {}) {
      const role = fields.role ?? (messages.messages.length % 2 === 0 ? 'user' : 'assistant');
      const message = {
        id: `m-${String(second).padStart(4, '0')}`,
        chatId: fields.chatId ?? CHAT_ID,
        userId: 'user-1',
        role,
        text,
        status: fields.status ?? 'complete',
        createdAt: new Date(T0 + second * 1000),
      } as Message;
      messages.messages.push(message);
      return message;
    },
  };
}

function chatOf(summarizedUntil: Date | null = null, summary: string | null = null): Chat {
  return { id: CHAT_ID, userId: 'user-1', title: 'A chat', channel: 'web', summary, summarizedUntil } as Chat;
}

/** A text costing exactly `tokens` tokens. */
function costing(tokens: number, fill = 'x'): string {
  return fill.repeat(tokens * 4);
}

const LATER = new Date(T0 + 10_000_000);

describe('estimateTokens', () => {
  it('counts about four characters per token, rounding up', () => {
    expect([estimateTokens(''), estimateTokens('abc'), estimateTokens('abcd'), estimateTokens('abcde'), estimateTokens('x'.repeat(4000))]).toEqual([0, 1, 1, 2, 1000]);
  });
});

describe('ConversationContextService.build', () => {
  it('sends the whole conversation, oldest first, when it fits', async () => {
    const c = conversation();
    c.add(1, 'Hi');
    c.add(2, 'Hello! How can I help?');
    c.add(3, 'Tell me a joke');
    c.add(4, 'Why did the chicken…');

    const context = await c.service.build(chatOf(null, 'unused summary'), LATER);

    expect(context).toEqual({
      history: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: 'Tell me a joke' },
        { role: 'assistant', content: 'Why did the chicken…' },
      ],
      summary: 'unused summary',
      needsSummary: false,
    });
  });

  it('keeps the newest turns within the token budget, up to exactly the budget', async () => {
    const c = conversation();
    const third = CONTEXT_TOKEN_BUDGET / 3;
    for (let i = 1; i <= 5; i++) c.add(i, costing(third, String(i)));

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history.map((turn) => turn.content[0])).toEqual(['3', '4', '5']);
    expect(context.needsSummary).toBe(true);
  });

  it('leaves out a turn one token over what is left of the budget', async () => {
    const c = conversation();
    c.add(1, costing(1001, 'a'));
    c.add(2, costing(1000, 'b'));
    c.add(3, costing(1000, 'c'));

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history.map((turn) => turn.content[0])).toEqual(['b', 'c']);
  });

  it('stops at the first turn that does not fit, even if older ones would', async () => {
    const c = conversation();
    c.add(1, 'small and old');
    c.add(2, costing(CONTEXT_TOKEN_BUDGET));
    c.add(3, 'small and new');

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history).toEqual([{ role: 'user', content: 'small and new' }]);
    expect(context.needsSummary).toBe(true);
  });

  it('sends nothing when even the newest turn is over budget', async () => {
    const c = conversation();
    c.add(1, costing(CONTEXT_TOKEN_BUDGET + 1));

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history).toEqual([]);
    expect(context.needsSummary).toBe(true);
  });

  it('only looks at finished turns of this chat created before the message being answered', async () => {
    const c = conversation();
    c.add(1, 'question', { role: 'user' });
    c.add(2, 'answer', { role: 'assistant', status: 'complete' });
    c.add(3, 'stopped half-way', { role: 'assistant', status: 'stopped' });
    c.add(4, 'failed', { role: 'assistant', status: 'failed' });
    c.add(5, 'still streaming', { role: 'assistant', status: 'streaming' });
    c.add(6, 'other chat', { role: 'user', chatId: 'chat-2' });
    const inbound = c.add(7, 'the new message', { role: 'user' });
    c.add(8, 'its answer placeholder', { role: 'assistant', status: 'pending' });

    const context = await c.service.build(chatOf(), inbound.createdAt);

    expect(context.history.map((turn) => turn.content)).toEqual(['question', 'answer', 'stopped half-way']);
  });

  it('needs a summary only when an older turn exists that is newer than summarizedUntil', async () => {
    const c = conversation();
    const old = c.add(1, costing(CONTEXT_TOKEN_BUDGET));
    c.add(2, 'recent');

    const build = (until: Date | null): Promise<boolean> => c.service.build(chatOf(until), LATER).then((context) => context.needsSummary);

    expect(await build(null)).toBe(true);
    expect(await build(new Date(old.createdAt.getTime() - 1))).toBe(true);
    expect(await build(old.createdAt)).toBe(false);
    expect(await build(new Date(old.createdAt.getTime() + 1))).toBe(false);
  });

  it('needs no summary when everything fits, whatever summarizedUntil says', async () => {
    const c = conversation();
    c.add(1, 'one');
    c.add(2, 'two');

    expect((await c.service.build(chatOf(null), LATER)).needsSummary).toBe(false);
    expect((await c.service.build(chatOf(new Date(T0)), LATER)).needsSummary).toBe(false);
  });

  it('holds at most 40 turns and reports the 41st as older, even when all would fit', async () => {
    const c = conversation();
    const turns = Array.from({ length: 45 }, (_, i) => c.add(i + 1, `turn ${i + 1}`));

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history.map((turn) => turn.content)).toEqual(turns.slice(5).map((turn) => turn.text));
    expect(context.needsSummary).toBe(true);
    // The 41st newest is turn 5: once the summary covers it, nothing is missing.
    expect((await c.service.build(chatOf(turns[4]?.createdAt ?? null), LATER)).needsSummary).toBe(false);
    expect((await c.service.build(chatOf(turns[3]?.createdAt ?? null), LATER)).needsSummary).toBe(true);
  });

  it('holds exactly 40 turns without needing a summary', async () => {
    const c = conversation();
    for (let i = 1; i <= 40; i++) c.add(i, `turn ${i}`);

    const context = await c.service.build(chatOf(), LATER);

    expect(context.history).toHaveLength(40);
    expect(context.needsSummary).toBe(false);
  });
});

describe('ConversationContextService.unsummarized', () => {
  it('returns the turns after summarizedUntil up to and including the newest one outside the window', async () => {
    const c = conversation();
    // Six turns of 500 tokens fill the budget: turns 5..10 are the window, 1..4 lie outside.
    const turns = Array.from({ length: 10 }, (_, i) => c.add(i + 1, costing(500, String(i))));

    expect((await c.service.unsummarized(chatOf(null))).map((turn) => turn.id)).toEqual(turns.slice(0, 4).map((turn) => turn.id));
    expect((await c.service.unsummarized(chatOf(turns[1]?.createdAt ?? null))).map((turn) => turn.id)).toEqual(turns.slice(2, 4).map((turn) => turn.id));
  });

  it('returns nothing when the summary already covers everything outside the window', async () => {
    const c = conversation();
    const turns = Array.from({ length: 10 }, (_, i) => c.add(i + 1, costing(500)));

    expect(await c.service.unsummarized(chatOf(turns[3]?.createdAt ?? null))).toEqual([]);
  });

  it('returns nothing when every turn is in the window', async () => {
    const c = conversation();
    c.add(1, 'one');
    c.add(2, 'two');

    expect(await c.service.unsummarized(chatOf(null))).toEqual([]);
  });

  it('leaves out unfinished answers and turns of other chats', async () => {
    const c = conversation();
    const question = c.add(1, 'question', { role: 'user' });
    c.add(2, 'failed answer', { role: 'assistant', status: 'failed' });
    c.add(3, 'elsewhere', { role: 'user', chatId: 'chat-2' });
    const big = c.add(4, costing(CONTEXT_TOKEN_BUDGET), { role: 'assistant' });
    c.add(5, 'recent', { role: 'user' });

    expect((await c.service.unsummarized(chatOf(null))).map((turn) => turn.id)).toEqual([question.id, big.id]);
  });

  it('counts 41 turns that all fit as one turn outside the window', async () => {
    const c = conversation();
    const turns = Array.from({ length: 41 }, (_, i) => c.add(i + 1, `turn ${i + 1}`));

    expect(await c.service.unsummarized(chatOf(null))).toEqual([turns[0]]);
  });
});

describe('ConversationContextService.saveSummary', () => {
  it('stores the summary and how far it reaches on the chat', async () => {
    const c = conversation();
    const until = new Date(T0 + 5000);

    await c.service.saveSummary(CHAT_ID, 'They planned a trip.', until);

    expect(c.chats.saved).toEqual([[CHAT_ID, 'They planned a trip.', until]]);
  });
});
