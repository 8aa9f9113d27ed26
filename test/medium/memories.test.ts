import { beforeAll, describe, expect, it } from 'vitest';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { QueueName } from '../../src/infra/queue/queue-name';
import type { MemoryDto } from '../../src/modules/memory/dto/memory.dto';
import { MemoryService } from '../../src/modules/memory/memory.service';
import { isTerminal, readSse } from '../support/sse';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { twoUsersPerSuite } from '../support/web-app-suite';

interface Turn {
  chatId: string;
  userMessageId: string;
  messageId: string;
}

/** Memories on real MariaDB and Redis, one `all` node (web and workers), the offline provider: the heuristic extractor. */
describe('memories', () => {
  const suite = twoUsersPerSuite({ APP_ROLE: 'all' });
  const { api } = suite;
  let memory: MemoryService;

  beforeAll(() => {
    memory = suite.web.app.get(MemoryService);
  });
  const memoriesOf = async (session = suite.alice, query = ''): Promise<MemoryDto[]> => (await (await api(`/memories${query}`, { session })).json()) as MemoryDto[];

  /** Sends a message through the API and waits for its answer to finish: a real stored turn. */
  const send = async (message: string, options: { chatId?: string; incognito?: boolean; session?: Session } = {}): Promise<Turn> => {
    const response = await api('/messages/stream', { method: 'POST', session: options.session, json: { message, chatId: options.chatId, incognito: options.incognito } });
    expect(response.status).toBe(200);
    const events = await readSse(response, isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events[0]?.data as Turn;
  };

  /** Runs `memory.extract` for the turn's user message (or another message) and resolves with what the job returned. */
  const extract = async (turn: Turn, session = suite.alice, messageId = turn.userMessageId): Promise<{ changed?: number; skipped?: string }> => {
    await memory.scheduleExtraction({ userId: session.user.id, chatId: turn.chatId, messageId });
    const queue = suite.web.app.get(JobQueueService).queue(QueueName.AiHigh);
    const jobId = `memory-extract-${messageId}`;
    await waitFor(async () => ['completed', 'failed'].includes(await queue.getJobState(jobId)), { what: `job ${jobId} finished` });
    const job = await queue.getJob(jobId);
    expect(job?.failedReason).toBeUndefined();
    return job?.returnvalue as { changed?: number; skipped?: string };
  };

  const indexed = async (userId: string): Promise<string[]> =>
    (await suite.env.query<{ excerpt: string }>(`SELECT excerpt FROM vector_chunks WHERE owner_user_id = ? AND group_kind = 'memory' ORDER BY excerpt`, [userId])).map((row) => row.excerpt);

  it('learns facts from a stored turn, updates them instead of adding duplicates, and recalls them', { timeout: 120_000 }, async () => {
    const first = await send('Hi, my name is Alice and I live in Berlin. I work as a nurse.');
    expect(await extract(first)).toEqual({ changed: 3 });
    expect((await memoriesOf()).map(({ category, key, value, sourceChatId }) => ({ category, key, value, sourceChatId }))).toEqual(
      expect.arrayContaining([
        { category: 'personal', key: 'name', value: 'Alice', sourceChatId: first.chatId },
        { category: 'personal', key: 'lives in', value: 'Berlin', sourceChatId: first.chatId },
        { category: 'work', key: 'job', value: 'nurse', sourceChatId: first.chatId },
      ]),
    );
    // The answer is never read: extraction of the assistant's message is refused.
    expect(await extract(first, suite.alice, first.messageId)).toEqual({ skipped: 'no such message of the user' });

    const second = await send('I moved to Hamburg last month.', { chatId: first.chatId });
    expect(await extract(second)).toEqual({ changed: 1 });
    const homes = await suite.env.query<{ value: string }>(`SELECT value FROM memories WHERE user_id = ? AND \`key\` = 'lives in'`, [suite.alice.user.id]);
    expect(homes).toEqual([{ value: 'Hamburg' }]);

    // Two jobs storing the same fact at once leave one row: the unique key decides.
    const turn = { userId: suite.alice.user.id, chatId: first.chatId, messageId: second.userMessageId };
    await Promise.all([1, 2, 3].map(() => memory.apply(turn, [{ op: 'create', category: 'health', key: 'diet', value: 'vegetarian' }])));
    expect(await suite.env.query(`SELECT value FROM memories WHERE user_id = ? AND \`key\` = 'diet'`, [suite.alice.user.id])).toEqual([{ value: 'vegetarian' }]);

    const recalled = await waitFor(
      async () => {
        const found = await memory.recall(suite.alice.user.id, 'Where do I live?');
        return found[0]?.value === 'Hamburg' ? found : null;
      },
      { what: 'the new home recalled first' },
    );
    expect(recalled.map((m) => m.key)).not.toContain('job');
    expect(await memory.recall(suite.alice.user.id, 'Explain quantum computing in simple terms')).toEqual([]);
    expect(await memory.recall(suite.bob.user.id, 'Where do I live?')).toEqual([]);
  });

  it('learns nothing where memory is off, from incognito turns, or from another user’s message', { timeout: 120_000 }, async () => {
    const turn = await send('Hello there.', { session: suite.bob });
    const patched = await api(`/chats/${turn.chatId}`, { method: 'PATCH', session: suite.bob, json: { memoryEnabled: false } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: turn.chatId, memoryEnabled: false });
    expect(await (await api(`/chats/${turn.chatId}`, { session: suite.bob })).json()).toMatchObject({ memoryEnabled: false });

    const quiet = await send('My name is Robert and I live in Oslo.', { chatId: turn.chatId, session: suite.bob });
    expect(await extract(quiet, suite.bob)).toEqual({ skipped: 'memory is off in this chat' });

    const secret = await send('My name is Robert and I live in Oslo.', { incognito: true, session: suite.bob });
    expect(await extract(secret, suite.bob)).toEqual({ skipped: 'the chat is gone' });

    // Alice cannot have Bob's message read for her (sent where memory is off: Bob's own extraction skips it).
    const bobs = await send('I live in Bergen.', { chatId: turn.chatId, session: suite.bob });
    expect(await extract(bobs, suite.alice)).toEqual({ skipped: 'the chat is gone' });
    expect(await memoriesOf(suite.bob)).toEqual([]);

    expect((await api(`/chats/${turn.chatId}`, { method: 'PATCH', json: { memoryEnabled: false } })).status).toBe(404);
    const invalid = await api(`/chats/${turn.chatId}`, { method: 'PATCH', session: suite.bob, json: { memoryEnabled: 'no' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    // New chats have memory on.
    expect(await (await api(`/chats/${(await send('Hi', { session: suite.bob })).chatId}`, { session: suite.bob })).json()).toMatchObject({ memoryEnabled: true });
  });

  it('lets users create, replace, edit, find and delete their memories, and keeps the index in step', { timeout: 60_000 }, async () => {
    const created = await api('/memories', { method: 'POST', session: suite.bob, json: { category: 'preferences', key: 'coffee', value: 'black, no sugar' } });
    expect(created.status).toBe(201);
    const coffee = (await created.json()) as MemoryDto;
    expect(coffee).toMatchObject({ category: 'preferences', key: 'coffee', value: 'black, no sugar', sourceChatId: null });

    const replaced = (await (await api('/memories', { method: 'POST', session: suite.bob, json: { category: 'preferences', key: ' Coffee ', value: 'with oat milk' } })).json()) as MemoryDto;
    expect(replaced).toMatchObject({ id: coffee.id, value: 'with oat milk' });
    const tea = (await (await api('/memories', { method: 'POST', session: suite.bob, json: { category: 'preferences', key: 'tea', value: 'green' } })).json()) as MemoryDto;
    await api('/memories', { method: 'POST', session: suite.bob, json: { category: 'work', key: 'employer', value: 'Acme' } });

    expect((await memoriesOf(suite.bob)).map((m) => m.key)).toEqual(['employer', 'tea', 'coffee']);
    expect((await memoriesOf(suite.bob, '?category=preferences')).map((m) => m.key)).toEqual(['tea', 'coffee']);
    expect((await memoriesOf(suite.bob, '?q=OAT')).map((m) => m.key)).toEqual(['coffee']);
    expect((await memoriesOf(suite.bob, '?q=%25')).map((m) => m.key)).toEqual([]);
    expect((await memoriesOf(suite.bob, '?category=&q=')).map((m) => m.key)).toEqual(['employer', 'tea', 'coffee']);
    expect((await api('/memories?category=hobbies', { session: suite.bob })).status).toBe(400);
    expect((await memoriesOf()).some((m) => m.key === 'coffee')).toBe(false);

    const edited = await api(`/memories/${tea.id}`, { method: 'PUT', session: suite.bob, json: { value: 'jasmine' } });
    expect(await edited.json()).toMatchObject({ id: tea.id, key: 'tea', value: 'jasmine' });
    const clash = await api(`/memories/${tea.id}`, { method: 'PUT', session: suite.bob, json: { key: 'coffee' } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ error: { code: 'MEMORY_EXISTS' } });

    for (const [path, init] of [
      [`/memories/${tea.id}`, { method: 'PUT', json: { value: 'x' } }],
      [`/memories/${tea.id}`, { method: 'DELETE' }],
    ] as const) {
      expect((await api(path, { ...init, session: suite.alice })).status).toBe(404);
    }
    for (const body of [{ category: 'hobbies', key: 'k', value: 'v' }, { category: 'other', key: 'k'.repeat(101), value: 'v' }, { category: 'other', key: 'k', value: 'v'.repeat(1001) }, { category: 'other', key: ' ', value: 'v' }]) {
      const refused = await api('/memories', { method: 'POST', session: suite.bob, json: body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }

    await waitFor(async () => (await indexed(suite.bob.user.id)).length === 3, { what: "suite.bob's three memories indexed" });
    expect(await indexed(suite.bob.user.id)).toEqual(['- coffee: with oat milk', '- employer: Acme', '- tea: jasmine']);

    expect((await api(`/memories/${coffee.id}`, { method: 'DELETE', session: suite.bob })).status).toBe(204);
    expect((await api(`/memories/${coffee.id}`, { method: 'DELETE', session: suite.bob })).status).toBe(404);
    // Recall reads MariaDB: the deleted memory is gone at once, before the index is rebuilt.
    expect((await memory.recall(suite.bob.user.id, 'How do I like my coffee?')).map((m) => m.key)).not.toContain('coffee');
    await waitFor(async () => (await indexed(suite.bob.user.id)).length === 2, { what: 'the index rebuilt without the deleted memory' });
    expect(await indexed(suite.bob.user.id)).toEqual(['- employer: Acme', '- tea: jasmine']);

    expect((await api('/memories', { method: 'DELETE', session: suite.bob })).status).toBe(204);
    expect(await memoriesOf(suite.bob)).toEqual([]);
    await waitFor(async () => (await indexed(suite.bob.user.id)).length === 0, { what: "suite.bob's index emptied" });
    expect((await memoriesOf()).length).toBeGreaterThan(0);
  });

  it('keeps at most 500 memories per user, still replacing known ones at the limit', { timeout: 60_000 }, async () => {
    const carol = await registerUser(suite.web, 'carol@example.com');
    const rows = Array.from({ length: 499 }, (_, i) => `(UUID(), '${carol.user.id}', 'other', 'fact ${i}', 'value')`);
    await suite.env.query(`INSERT INTO memories (id, user_id, category, \`key\`, value) VALUES ${rows.join(', ')}`);
    expect((await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'last', value: 'fits' } })).status).toBe(201);
    const refused = await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'one more', value: 'too many' } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'MEMORY_LIMIT_REACHED' } });
    expect((await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'fact 7', value: 'changed' } })).status).toBe(201);
    expect(await suite.env.query(`SELECT COUNT(*) AS n FROM memories WHERE user_id = ?`, [carol.user.id])).toEqual([{ n: 500 }]);
  });
});
