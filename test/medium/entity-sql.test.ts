import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../../src/infra/database/data-source-options';
import { EntitySql } from '../../src/infra/database/entity-sql';
import { Chat } from '../../src/modules/chat/chat.entity';
import { ChatsRepository } from '../../src/modules/chat/chats.repository';
import { Message } from '../../src/modules/chat/message.entity';
import { MessagesRepository } from '../../src/modules/chat/messages.repository';
import { User } from '../../src/modules/users/user.entity';
import { TestEnvironment } from '../support/test-environment';

/** EntitySql against the real MariaDB: it must store exactly what TypeORM's own insert and update store. */
describe('EntitySql', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;
  const userId = randomUUID();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    dataSource = new DataSource({ ...dataSourceOptions(env.config()), entities: [User, Chat, Message] });
    await dataSource.initialize();
    await env.query("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, 'Owner', 'unused')", [userId, `${userId}@example.test`]);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await env?.dispose();
  });

  const at = new Date('2026-03-01T10:20:30.456Z');
  const chatOf = (): Chat => ({ ...ChatsRepository.newChat({ id: randomUUID(), userId, title: 'Ünïcode «title»', channel: 'web' }), summary: 'so far', summarizedUntil: at, memoryEnabled: false, lastMessageAt: at, createdAt: at, updatedAt: at });
  const messagesOf = (chat: Chat): Message[] => [
    MessagesRepository.newMessage({ chatId: chat.id, userId, role: 'user', text: "It's a 'quoted' \\ text", status: 'complete', createdAt: at, fileIds: ['f-1', 'f-2'] }),
    MessagesRepository.newMessage({
      chatId: chat.id,
      userId,
      role: 'assistant',
      text: '',
      status: 'pending',
      createdAt: at,
      usage: { promptTokens: 3, completionTokens: 4 },
      citations: [{ n: 1, title: 'A page', url: 'https://example.test/a', snippet: 'the passage' }],
      truncated: true,
      thinkingMs: 12,
    }),
  ];
  /** Every column as MariaDB holds it, without the row's own ids. */
  const stored = async (table: string, id: string): Promise<Record<string, unknown>> => {
    const [row] = await dataSource.query<Record<string, unknown>[]>(`SELECT * FROM ${table} WHERE id = ?`, [id]);
    return Object.fromEntries(Object.entries(row).filter(([column]) => column !== 'id' && column !== 'chat_id'));
  };

  it('inserts rows exactly as TypeORM inserts them: JSON, dates to the millisecond, booleans, NULLs', async () => {
    const [ours, theirs] = [chatOf(), chatOf()];
    const chatSql = EntitySql.of(dataSource, Chat).insert([ours]);
    await dataSource.query(chatSql.sql, chatSql.parameters);
    await dataSource.manager.insert(Chat, theirs);
    expect(await stored('chats', ours.id)).toEqual(await stored('chats', theirs.id));

    const [ourMessages, theirMessages] = [messagesOf(ours), messagesOf(theirs)];
    const messageSql = EntitySql.of(dataSource, Message).insert(ourMessages);
    await dataSource.query(messageSql.sql, messageSql.parameters);
    await dataSource.manager.insert(Message, theirMessages);
    for (const [index, message] of ourMessages.entries()) expect(await stored('messages', message.id)).toEqual(await stored('messages', theirMessages[index].id));
    expect(await dataSource.manager.findOneBy(Message, { id: ourMessages[1].id })).toEqual(ourMessages[1]);
  });

  it('leaves a column without a value to its DEFAULT', async () => {
    const chat = chatOf();
    const before = Date.now();
    const { sql, parameters } = EntitySql.of(dataSource, Chat).insert([{ ...chat, createdAt: undefined, updatedAt: undefined } as unknown as Chat]);
    expect(sql).toContain('DEFAULT');
    await dataSource.query(sql, parameters);
    const read = await dataSource.manager.findOneByOrFail(Chat, { id: chat.id });
    expect(read.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  });

  it('writes assignments for an UPDATE with the values converted, skipping undefined ones', async () => {
    const chat = chatOf();
    await dataSource.manager.insert(Chat, chat);
    const later = new Date('2026-03-02T08:00:00.789Z');
    const { sql, parameters } = EntitySql.of(dataSource, Chat).assignments('c', { memoryEnabled: true, summarizedUntil: later, summary: undefined });
    expect(sql).toBe('c.`memory_enabled` = ?, c.`summarized_until` = ?');
    await dataSource.query(`UPDATE chats c SET ${sql} WHERE c.id = ?`, [...parameters, chat.id]);
    expect(await dataSource.manager.findOneByOrFail(Chat, { id: chat.id })).toEqual({ ...chat, memoryEnabled: true, summarizedUntil: later, updatedAt: expect.any(Date) });
  });

  it('reads joined rows back as TypeORM reads them, and no row on the far side of a LEFT JOIN as null', async () => {
    const chat = chatOf();
    const messages = messagesOf(chat);
    await dataSource.manager.insert(Chat, chat);
    await dataSource.manager.insert(Message, messages);
    const [chatSql, messageSql] = [EntitySql.of(dataSource, Chat), EntitySql.of(dataSource, Message)];
    const select = `SELECT ${chatSql.columns('c')}, ${messageSql.columns('q')} FROM chats c LEFT JOIN messages q ON q.id = ? AND q.chat_id = c.id WHERE c.id = ?`;

    for (const message of messages) {
      const [row] = await dataSource.query<Record<string, unknown>[]>(select, [message.id, chat.id]);
      expect(chatSql.hydrate(row, 'c')).toStrictEqual(await dataSource.manager.findOneByOrFail(Chat, { id: chat.id }));
      expect(messageSql.hydrateJoined(row, 'q')).toStrictEqual(await dataSource.manager.findOneByOrFail(Message, { id: message.id }));
    }
    const [unmatched] = await dataSource.query<Record<string, unknown>[]>(select, [randomUUID(), chat.id]);
    expect(messageSql.hydrateJoined(unmatched, 'q')).toBeNull();
  });
});
