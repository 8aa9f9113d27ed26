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

  it("counts a planned answer's task records and their done ones, and none on other messages", async () => {
    const planned = await send(
      'Summarize the following text and then create a PDF document of the summary: The library reopens on Monday. ' +
        'It has a new reading room. Opening hours are longer in summer.',
    );
    const plain = await send('Hello! What is the capital of Italy?', planned.chatId);

    const list = (await (await suite.api(`/chats/${planned.chatId}/messages`)).json()) as Listed[];
    expect(list.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);

    const detail = (await (await suite.api(`/messages/${planned.messageId}`)).json()) as { tasks: Array<{ state: string }>; taskCount: number; tasksDone: number };
    expect(detail.tasks.length).toBeGreaterThanOrEqual(2);
    const tally = { taskCount: detail.tasks.length, tasksDone: detail.tasks.filter((task) => task.state === 'done').length };
    expect(tally.tasksDone).toBeGreaterThan(0);
    expect(detail).toMatchObject(tally);
    expect(list.find((message) => message.id === planned.messageId)).toMatchObject(tally);

    for (const message of list.filter((listed) => listed.id !== planned.messageId)) {
      expect(message).toMatchObject({ taskCount: 0, tasksDone: 0 });
    }
    expect(list.find((message) => message.id === plain.messageId)).toBeDefined();
  });
});
