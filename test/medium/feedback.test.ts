import { beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackDto } from '../../src/modules/feedback/dto/feedback.dto';
import { FeedbackService } from '../../src/modules/feedback/feedback.service';
import { isTerminal, readSse } from '../support/sse';
import { waitFor } from '../support/wait-for';
import { twoUsersPerSuite } from '../support/web-app-suite';

interface Turn {
  chatId: string;
  userMessageId: string;
  messageId: string;
}

/** Feedback on answers on real MariaDB and Redis, one `all` node, the offline provider and embedder. */
describe('feedback', () => {
  const suite = twoUsersPerSuite({ APP_ROLE: 'all' });
  const { api } = suite;
  let feedback: FeedbackService;

  beforeAll(() => {
    feedback = suite.web.app.get(FeedbackService);
  });
  const send = async (message: string, session = suite.alice): Promise<Turn> => {
    const response = await api('/messages/stream', { method: 'POST', session, json: { message } });
    const events = await readSse(response, isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events[0]?.data as Turn;
  };
  const give = (json: unknown, session = suite.alice): Promise<Response> => api('/feedback', { method: 'POST', session, json });
  const indexedSources = async (userId: string): Promise<string[]> =>
    (await suite.env.query<{ source_id: string }>(`SELECT source_id FROM vector_chunks WHERE owner_user_id = ? AND group_kind = 'feedback'`, [userId])).map((row) => row.source_id);

  it('records one verdict per answer, replaced when given again, for the owner only', { timeout: 60_000 }, async () => {
    const turn = await send('What is the capital of France?');

    const first = await give({ messageId: turn.messageId, kind: 'positive' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ messageId: turn.messageId, kind: 'positive', note: null });
    const second = await give({ messageId: turn.messageId, kind: 'negative', note: '  Too short.  ' });
    const replaced = (await second.json()) as FeedbackDto;
    expect(replaced).toMatchObject({ messageId: turn.messageId, kind: 'negative', note: 'Too short.' });

    const listed = (await (await api(`/feedback?chatId=${turn.chatId}`)).json()) as FeedbackDto[];
    expect(listed).toEqual([replaced]);
    expect(await suite.env.query(`SELECT question FROM feedback WHERE message_id = ?`, [turn.messageId])).toEqual([{ question: 'What is the capital of France?' }]);

    // Not an answer, not the caller's, not a message at all: 404, existence never revealed.
    for (const [messageId, session] of [
      [turn.userMessageId, suite.alice],
      [turn.messageId, suite.bob],
      ['7d1f4b8e-6a51-4c41-9a62-3f0f7c1f0b10', suite.alice],
    ] as const) {
      const refused = await give({ messageId, kind: 'positive' }, session);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect((await api(`/feedback?chatId=${turn.chatId}`, { session: suite.bob })).status).toBe(404);
    expect((await api(`/feedback/${turn.messageId}`, { method: 'DELETE', session: suite.bob })).status).toBe(404);

    for (const body of [{ messageId: turn.messageId, kind: 'meh' }, { messageId: 'nope', kind: 'positive' }, { messageId: turn.messageId, kind: 'negative', note: 'n'.repeat(1001) }, { kind: 'positive' }]) {
      const refused = await give(body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await api('/feedback')).status).toBe(400);

    expect((await api(`/feedback/${turn.messageId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/feedback/${turn.messageId}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await api(`/feedback?chatId=${turn.chatId}`)).json()).toEqual([]);
  });

  it('recalls liked and disliked answers for similar questions, and forgets withdrawn ones', { timeout: 90_000 }, async () => {
    const bread = await send('How do I bake sourdough bread at home?');
    const pasta = await send('How do I cook fresh pasta at home?');
    const france = await send('What is the capital of France?');
    await give({ messageId: bread.messageId, kind: 'positive', note: 'Clear steps, thanks.' });
    await give({ messageId: pasta.messageId, kind: 'negative', note: 'Far too long.' });
    await give({ messageId: france.messageId, kind: 'negative' });
    await waitFor(async () => (await indexedSources(suite.alice.user.id)).length === 3, { what: 'three feedback questions indexed' });
    // Rebuilt whole (after an embedding model change), the index holds the same three.
    expect(await feedback.rebuildIndex(suite.alice.user.id)).toBe(3);
    expect((await indexedSources(suite.alice.user.id)).sort()).toEqual([bread.messageId, pasta.messageId, france.messageId].sort());

    const examples = await feedback.examples(suite.alice.user.id, 'How can I bake sourdough bread?');
    expect(examples[0]).toMatchObject({ kind: 'positive', question: 'How do I bake sourdough bread at home?', note: 'Clear steps, thanks.' });
    expect(examples[0]?.answer.length).toBeGreaterThan(0);
    expect(examples.map((example) => example.question)).not.toContain('What is the capital of France?');
    expect(await feedback.examples(suite.alice.user.id, 'How should I cook fresh pasta?')).toContainEqual(
      expect.objectContaining({ kind: 'negative', question: 'How do I cook fresh pasta at home?', note: 'Far too long.' }),
    );
    expect(await feedback.examples(suite.bob.user.id, 'How can I bake sourdough bread?')).toEqual([]);

    expect((await api(`/feedback/${bread.messageId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await indexedSources(suite.alice.user.id)).not.toContain(bread.messageId);
    expect((await feedback.examples(suite.alice.user.id, 'How can I bake sourdough bread?')).map((example) => example.question)).not.toContain(
      'How do I bake sourdough bread at home?',
    );

    // Deleting the chat deletes its feedback with it.
    expect((await api(`/chats/${pasta.chatId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await suite.env.query(`SELECT message_id FROM feedback WHERE user_id = ?`, [suite.alice.user.id])).toEqual([{ message_id: france.messageId }]);
  });
});
