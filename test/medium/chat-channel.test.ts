import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, readSse } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

/** A chat records the channel it came in on: `api` for an API key, `web` for the web app. */
describe('the channel of a new chat', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let sessionToken: string;
  let apiKey: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await startWebApp(env.config({ APP_ROLE: 'all' }));
    sessionToken = (await registerUser(app, 'c@example.com')).accessToken;
    const created = await app.request('/api/v1/apikeys', { method: 'POST', token: sessionToken, json: { name: 'integration' } });
    apiKey = ((await created.json()) as { key: string }).key;
  });
  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  const channelOfChat = async (chatId: string, headers: Record<string, string>): Promise<string> => {
    const response = await app.request(`/api/v1/chats/${chatId}`, { headers });
    expect(response.status).toBe(200);
    return ((await response.json()) as { channel: string }).channel;
  };
  const createChat = async (headers: Record<string, string>): Promise<string> => {
    const response = await app.request('/api/v1/chats', { method: 'POST', headers, json: { title: 'Channel check' } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const chatOfFirstMessage = async (headers: Record<string, string>): Promise<string> => {
    const events = await readSse(await app.request('/api/v1/messages/stream', { method: 'POST', headers, json: { message: 'Hello' } }), isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return (events[0]?.data as { chatId: string }).chatId;
  };

  it('is api for a chat created with an API key, through POST /chats or by a first message', async () => {
    const viaKey = { 'x-api-key': apiKey };

    expect(await channelOfChat(await createChat(viaKey), viaKey)).toBe('api');
    expect(await channelOfChat(await chatOfFirstMessage(viaKey), viaKey)).toBe('api');
    // The key as a bearer token is the same principal.
    const viaBearer = { authorization: `Bearer ${apiKey}` };
    expect(await channelOfChat(await createChat(viaBearer), viaBearer)).toBe('api');
  });

  it('is web for a chat created in a logged-in session', async () => {
    const viaSession = { authorization: `Bearer ${sessionToken}` };

    expect(await channelOfChat(await createChat(viaSession), viaSession)).toBe('web');
    expect(await channelOfChat(await chatOfFirstMessage(viaSession), viaSession)).toBe('web');
  });
});
