import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueueService } from '../../src/infra/queue/job-queue.service';
import { QueueName } from '../../src/infra/queue/queue-name';
import type { MemoryDto } from '../../src/modules/memory/dto/memory.dto';
import { MemoryService } from '../../src/modules/memory/memory.service';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

interface Turn {
  chatId: string;
  userMessageId: string;
  messageId: string;
}

/** Memories on real MariaDB and Redis, one `all` node (web and workers), the offline provider: the heuristic extractor. */
describe('memories', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let alice: Session;
  let bob: Session;
  let memory: MemoryService;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await startWebApp(env.config({ APP_ROLE: 'all' }));
    alice = await registerUser(app, 'alice@example.com');
    bob = await registerUser(app, 'bob@example.com');
    memory = app.app.get(MemoryService);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  const api = (path: string, init: RequestInit & { json?: unknown; session?: Session } = {}): Promise<Response> =>
    app.request(`/api/v1${path}`, { ...init, token: (init.session ?? alice).accessToken });
  const memoriesOf = async (session = alice, query = ''): Promise<MemoryDto[]> => (await (await api(`/memories${query}`, { session })).json()) as MemoryDto[];

  /** Sends a message through the API and waits for its answer to finish: a real stored turn. */
  const send = async (message: string, options: { chatId?: string; incognito?: boolean; session?: Session } = {}): Promise<Turn> => {
    const response = await api('/messages/stream', { method: 'POST', session: options.session, json: { message, chatId: options.chatId, incognito: options.incognito } });
    expect(response.status).toBe(200);
    const events = await readSse(response, isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events[0]?.data as Turn;
  };

  /** Runs `memory.extract` for the turn's user message (or another message) and resolves with what the job returned. */
  const extract = async (turn: Turn, session = alice, messageId = turn.userMessageId): Promise<{ changed?: number; skipped?: string }> => {
    await memory.scheduleExtraction({ userId: session.user.id, chatId: turn.chatId, messageId });
    const queue = app.app.get(JobQueueService).queue(QueueName.AiHigh);
    const jobId = `memory-extract-${messageId}`;
    await waitFor(async () => ['completed', 'failed'].includes(await queue.getJobState(jobId)), { what: `job ${jobId} finished` });
    const job = await queue.getJob(jobId);
    expect(job?.failedReason).toBeUndefined();
    return job?.returnvalue as { changed?: number; skipped?: string };
  };

  const indexed = async (userId: string): Promise<string[]> =>
    (await env.query<{ excerpt: string }>(`SELECT excerpt FROM vector_chunks WHERE owner_user_id = ? AND group_kind = 'memory' ORDER BY excerpt`, [userId])).map((row) => row.excerpt);

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
    expect(await extract(first, alice, first.messageId)).toEqual({ skipped: 'no such message of the user' });

    const second = await send('I moved to Hamburg last month.', { chatId: first.chatId });
    expect(await extract(second)).toEqual({ changed: 1 });
    const homes = await env.query<{ value: string }>(`SELECT value FROM memories WHERE user_id = ? AND \`key\` = 'lives in'`, [alice.user.id]);
    expect(homes).toEqual([{ value: 'Hamburg' }]);

    // Two jobs storing the same fact at once leave one row: the unique key decides.
    const turn = { userId: alice.user.id, chatId: first.chatId, messageId: second.userMessageId };
    await Promise.all([1, 2, 3].map(() => memory.apply(turn, [{ op: 'create', category: 'health', key: 'diet', value: 'vegetarian' }])));
    expect(await env.query(`SELECT value FROM memories WHERE user_id = ? AND \`key\` = 'diet'`, [alice.user.id])).toEqual([{ value: 'vegetarian' }]);

    const recalled = await waitFor(
      async () => {
        const found = await memory.recall(alice.user.id, 'Where do I live?');
        return found[0]?.value === 'Hamburg' ? found : null;
      },
      { what: 'the new home recalled first' },
    );
    expect(recalled.map((m) => m.key)).not.toContain('job');
    expect(await memory.recall(alice.user.id, 'Explain quantum computing in simple terms')).toEqual([]);
    expect(await memory.recall(bob.user.id, 'Where do I live?')).toEqual([]);
  });

  it('learns nothing where memory is off, from incognito turns, or from another user’s message', { timeout: 120_000 }, async () => {
    const turn = await send('Hello there.', { session: bob });
    const patched = await api(`/chats/${turn.chatId}`, { method: 'PATCH', session: bob, json: { memoryEnabled: false } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: turn.chatId, memoryEnabled: false });
    expect(await (await api(`/chats/${turn.chatId}`, { session: bob })).json()).toMatchObject({ memoryEnabled: false });

    const quiet = await send('My name is Robert and I live in Oslo.', { chatId: turn.chatId, session: bob });
    expect(await extract(quiet, bob)).toEqual({ skipped: 'memory is off in this chat' });

    const secret = await send('My name is Robert and I live in Oslo.', { incognito: true, session: bob });
    expect(await extract(secret, bob)).toEqual({ skipped: 'the chat is gone' });

    // Alice cannot have Bob's message read for her (sent where memory is off: Bob's own extraction skips it).
    const bobs = await send('I live in Bergen.', { chatId: turn.chatId, session: bob });
    expect(await extract(bobs, alice)).toEqual({ skipped: 'the chat is gone' });
    expect(await memoriesOf(bob)).toEqual([]);

    expect((await api(`/chats/${turn.chatId}`, { method: 'PATCH', json: { memoryEnabled: false } })).status).toBe(404);
    const invalid = await api(`/chats/${turn.chatId}`, { method: 'PATCH', session: bob, json: { memoryEnabled: 'no' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    // New chats have memory on.
    expect(await (await api(`/chats/${(await send('Hi', { session: bob })).chatId}`, { session: bob })).json()).toMatchObject({ memoryEnabled: true });
  });

  it('lets users create, replace, edit, find and delete their memories, and keeps the index in step', { timeout: 60_000 }, async () => {
    const created = await api('/memories', { method: 'POST', session: bob, json: { category: 'preferences', key: 'coffee', value: 'black, no sugar' } });
    expect(created.status).toBe(201);
    const coffee = (await created.json()) as MemoryDto;
    expect(coffee).toMatchObject({ category: 'preferences', key: 'coffee', value: 'black, no sugar', sourceChatId: null });

    const replaced = (await (await api('/memories', { method: 'POST', session: bob, json: { category: 'preferences', key: ' Coffee ', value: 'with oat milk' } })).json()) as MemoryDto;
    expect(replaced).toMatchObject({ id: coffee.id, value: 'with oat milk' });
    const tea = (await (await api('/memories', { method: 'POST', session: bob, json: { category: 'preferences', key: 'tea', value: 'green' } })).json()) as MemoryDto;
    await api('/memories', { method: 'POST', session: bob, json: { category: 'work', key: 'employer', value: 'Acme' } });

    expect((await memoriesOf(bob)).map((m) => m.key)).toEqual(['employer', 'tea', 'coffee']);
    expect((await memoriesOf(bob, '?category=preferences')).map((m) => m.key)).toEqual(['tea', 'coffee']);
    expect((await memoriesOf(bob, '?q=OAT')).map((m) => m.key)).toEqual(['coffee']);
    expect((await memoriesOf(bob, '?q=%25')).map((m) => m.key)).toEqual([]);
    expect((await memoriesOf(bob, '?category=&q=')).map((m) => m.key)).toEqual(['employer', 'tea', 'coffee']);
    expect((await api('/memories?category=hobbies', { session: bob })).status).toBe(400);
    expect((await memoriesOf()).some((m) => m.key === 'coffee')).toBe(false);

    const edited = await api(`/memories/${tea.id}`, { method: 'PUT', session: bob, json: { value: 'jasmine' } });
    expect(await edited.json()).toMatchObject({ id: tea.id, key: 'tea', value: 'jasmine' });
    const clash = await api(`/memories/${tea.id}`, { method: 'PUT', session: bob, json: { key: 'coffee' } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ error: { code: 'MEMORY_EXISTS' } });

    for (const [path, init] of [
      [`/memories/${tea.id}`, { method: 'PUT', json: { value: 'x' } }],
      [`/memories/${tea.id}`, { method: 'DELETE' }],
    ] as const) {
      expect((await api(path, { ...init, session: alice })).status).toBe(404);
    }
    for (const body of [{ category: 'hobbies', key: 'k', value: 'v' }, { category: 'other', key: 'k'.repeat(101), value: 'v' }, { category: 'other', key: 'k', value: 'v'.repeat(1001) }, { category: 'other', key: ' ', value: 'v' }]) {
      const refused = await api('/memories', { method: 'POST', session: bob, json: body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }

    await waitFor(async () => (await indexed(bob.user.id)).length === 3, { what: "bob's three memories indexed" });
    expect(await indexed(bob.user.id)).toEqual(['- coffee: with oat milk', '- employer: Acme', '- tea: jasmine']);

    expect((await api(`/memories/${coffee.id}`, { method: 'DELETE', session: bob })).status).toBe(204);
    expect((await api(`/memories/${coffee.id}`, { method: 'DELETE', session: bob })).status).toBe(404);
    // Recall reads MariaDB: the deleted memory is gone at once, before the index is rebuilt.
    expect((await memory.recall(bob.user.id, 'How do I like my coffee?')).map((m) => m.key)).not.toContain('coffee');
    await waitFor(async () => (await indexed(bob.user.id)).length === 2, { what: 'the index rebuilt without the deleted memory' });
    expect(await indexed(bob.user.id)).toEqual(['- employer: Acme', '- tea: jasmine']);

    expect((await api('/memories', { method: 'DELETE', session: bob })).status).toBe(204);
    expect(await memoriesOf(bob)).toEqual([]);
    await waitFor(async () => (await indexed(bob.user.id)).length === 0, { what: "bob's index emptied" });
    expect((await memoriesOf()).length).toBeGreaterThan(0);
  });

  it('keeps at most 500 memories per user, still replacing known ones at the limit', { timeout: 60_000 }, async () => {
    const carol = await registerUser(app, 'carol@example.com');
    const rows = Array.from({ length: 499 }, (_, i) => `(UUID(), '${carol.user.id}', 'other', 'fact ${i}', 'value')`);
    await env.query(`INSERT INTO memories (id, user_id, category, \`key\`, value) VALUES ${rows.join(', ')}`);
    expect((await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'last', value: 'fits' } })).status).toBe(201);
    const refused = await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'one more', value: 'too many' } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'MEMORY_LIMIT_REACHED' } });
    expect((await api('/memories', { method: 'POST', session: carol, json: { category: 'other', key: 'fact 7', value: 'changed' } })).status).toBe(201);
    expect(await env.query(`SELECT COUNT(*) AS n FROM memories WHERE user_id = ?`, [carol.user.id])).toEqual([{ n: 500 }]);
  });
});
