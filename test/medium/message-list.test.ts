import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isTerminal, readSse } from '../support/sse';
import { twoUsersPerSuite } from '../support/web-app-suite';

interface Listed {
  id: string;
  role: string;
  taskCount: number;
  tasksDone: number;
}

/** A chat's message list carries each answer's task tally, so a transcript renders without asking for every answer. */
describe('GET /chats/:id/messages task tallies', () => {
  const suite = twoUsersPerSuite({ APP_ROLE: 'all' });

  const send = async (message: string, chatId?: string): Promise<{ chatId: string; messageId: string }> => {
    const res = await suite.api('/messages/stream', { method: 'POST', json: { message, ...(chatId ? { chatId } : {}) } });
    expect(res.status).toBe(200);
    const events = await readSse(res, isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events.at(-1)?.data as { chatId: string; messageId: string };
  };

  const list = async (chatId: string): Promise<Listed[]> => (await (await suite.api(`/chats/${chatId}/messages`)).json()) as Listed[];

  it('gives a planned answer the tally of the task records GET /messages/:id returns, and none to the other messages', async () => {
    const planned = await send(
      'Summarize the following text and then create a PDF document of the summary: The library reopens on Monday. ' +
        'It has a new reading room. Opening hours are longer in summer.',
    );
    await send('Hello! What is the capital of Italy?', planned.chatId);

    const listed = await list(planned.chatId);
    expect(listed.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    const detail = (await (await suite.api(`/messages/${planned.messageId}`)).json()) as { tasks: Array<{ state: string }> };
    expect(detail.tasks.length).toBeGreaterThanOrEqual(2);
    const tally = { taskCount: detail.tasks.length, tasksDone: detail.tasks.filter((task) => task.state === 'done').length };
    expect(detail).toMatchObject(tally);
    expect(listed.find((message) => message.id === planned.messageId)).toMatchObject(tally);
    for (const message of listed.filter((other) => other.id !== planned.messageId)) expect(message).toMatchObject({ taskCount: 0, tasksDone: 0 });
  });

  it('counts each answer of a page on its own: all its records, and the done ones', async () => {
    const first = await send('Hello! What is two plus three?');
    const second = await send('And what is four plus five?', first.chatId);
    const record = (messageId: string, position: number, state: string) =>
      suite.env.query('INSERT INTO message_tasks (id, message_id, node_id, capability, depends_on, position, state) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        randomUUID(),
        messageId,
        `n${position}`,
        'summarize',
        '[]',
        position,
        state,
      ]);
    await Promise.all([record(first.messageId, 1, 'done'), record(first.messageId, 2, 'done'), record(first.messageId, 3, 'failed'), record(second.messageId, 1, 'running')]);

    const listed = await list(first.chatId);
    expect(listed.map(({ role, taskCount, tasksDone }) => ({ role, taskCount, tasksDone }))).toEqual([
      { role: 'user', taskCount: 0, tasksDone: 0 },
      { role: 'assistant', taskCount: 3, tasksDone: 2 },
      { role: 'user', taskCount: 0, tasksDone: 0 },
      { role: 'assistant', taskCount: 1, tasksDone: 0 },
    ]);
  });
});
