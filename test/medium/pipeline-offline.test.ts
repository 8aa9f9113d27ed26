import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStreamIds } from '../../src/infra/stream/track-stream.service';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { isTerminal, readSse, type SseEvent } from '../support/sse';

/** The whole pipeline with nothing configured: the built-in offline provider answers. */
describe('message pipeline, offline provider', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await startWebApp(env.config({ APP_ROLE: 'all' }));
    token = (await registerUser(app, 'p@example.com')).accessToken;
  });
  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  const send = async (body: Record<string, unknown>): Promise<SseEvent[]> => {
    const res = await app.request('/api/v1/messages/stream', { method: 'POST', token, json: body });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    return readSse(res, isTerminal);
  };

  it('answers a simple question on the fast path, labelled offline', async () => {
    const events = await send({ message: 'Hello! What is the capital of France?' });
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('started');
    expect(names[1]).toBe('classified');
    expect(names).not.toContain('plan');
    expect(names).toContain('chunk');
    expect(names.at(-1)).toBe('complete');
    const complete = events.at(-1)?.data as { provider: string; status: string; messageId: string };
    expect(complete).toMatchObject({ provider: 'offline', status: 'complete' });
    const ids = events.map((e) => e.id ?? '');
    expect([...ids].sort(compareStreamIds)).toEqual(ids);

    const text = events.filter((e) => e.event === 'chunk').map((e) => (e.data as { text: string }).text).join('');
    const stored = (await (await app.request(`/api/v1/messages/${complete.messageId}`, { token })).json()) as { text: string; status: string; provider: string };
    expect(stored).toMatchObject({ text, status: 'complete', provider: 'offline' });
  });

  it('plans and executes a multi-step request node by node', async () => {
    const events = await send({
      message:
        'Summarize the following text and then create a PDF document of the summary: The city council met on Monday. ' +
        'They approved the new park budget. Construction starts in spring. Residents welcomed the decision.',
    });
    const plan = events.find((e) => e.event === 'plan')?.data as { nodes: Array<{ nodeId: string; capability: string }> } | undefined;
    expect(plan?.nodes.map((n) => n.capability)).toEqual(expect.arrayContaining(['summarize', 'document_generation']));
    for (const node of plan?.nodes ?? []) {
      const updates = events.filter((e) => e.event === 'task_update' && (e.data as { nodeId: string }).nodeId === node.nodeId);
      expect(updates.map((u) => (u.data as { state: string }).state)).toContain('running');
    }
    const fileEvent = events.find((e) => e.event === 'task_file')?.data as { file: { mime: string; url: string } };
    expect(fileEvent.file.mime).toBe('application/pdf');
    const pdf = await app.request(fileEvent.file.url, { token });
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(events.at(-1)?.event).toBe('complete');
  });

  it('answers an incognito message without storing anything of the turn', async () => {
    const count = async (table: string): Promise<number> => Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
    const [chatsBefore, messagesBefore] = [await count('chats'), await count('messages')];

    const events = await send({ message: 'A private question: what is two plus two?', incognito: true });
    expect(events[0]?.event).toBe('started');
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete', provider: 'offline' } });
    expect(events.some((e) => e.event === 'chunk')).toBe(true);

    expect(await count('chats')).toBe(chatsBefore);
    expect(await count('messages')).toBe(messagesBefore);
    const { messageId } = events[0]?.data as { messageId: string };
    expect((await app.request(`/api/v1/messages/${messageId}`, { token })).status).toBe(404);

    const withChat = await app.request('/api/v1/messages/stream', {
      method: 'POST',
      token,
      json: { message: 'x', incognito: true, chatId: '6c1b1d7e-5d6e-4a4f-9d51-6a8f3b2e1c00' },
    });
    expect(withChat.status).toBe(400);
  });
});
