import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAiServer, type FakeReply } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { waitFor } from '../support/wait-for';
import { browserSuite } from './support/browser-suite';
import { newSignedInContext } from './support/signed-in';

const PASSWORD = 'correct horse battery';
const OWNER_NAME = 'Olivia';
const WIDGET_TITLE = 'Acme help';
const GREETING = 'Hi! Ask us anything about Acme.';
const FIRST_ANSWER = 'We are open from nine to five on weekdays and from ten to two on Saturdays.';
/** Long enough (about 30 s) that an operator always takes over in the middle of it. */
const SLOW_ANSWER = Array.from({ length: 200 }, (_, i) => `word${i + 1}`).join(' ') + ' THE-END';
const HOUSE_RULES = 'House rules for guests.\n\nThe spare key is under the blue flowerpot next to the garden door.\n';
const KEY_ANSWER = 'The spare key is under the blue flowerpot by the garden door [1].';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Session {
  accessToken: string;
  refreshToken: string;
}

/** The realtime sockets of a page, with the socket.io text packets each exchanged. */
class SocketFrames {
  private readonly sockets: Array<{ sent: string[]; received: string[] }> = [];

  constructor(page: Page) {
    page.on('websocket', (socket: WebSocket) => {
      if (!socket.url().includes('/connection/websocket')) return;
      const frames = { sent: [] as string[], received: [] as string[] };
      this.sockets.push(frames);
      socket.on('framesent', ({ payload }) => frames.sent.push(String(payload)));
      socket.on('framereceived', ({ payload }) => frames.received.push(String(payload)));
    });
  }

  /**
   * Whether the page subscribed to a channel starting with `prefix` and the gateway said yes:
   * `42<id>["subscribe",{"channel":…}]` answered on the same socket by `43<id>[{"ok":true…}]`.
   */
  subscribed(prefix: string): boolean {
    return this.sockets.some(({ sent, received }) =>
      sent.some((frame) => {
        const match = /^42(\d+)\["subscribe",\{"channel":"([^"]*)"/.exec(frame);
        return match !== null && match[2].startsWith(prefix) && received.some((reply) => reply.startsWith(`43${match[1]}[{"ok":true`));
      }),
    );
  }
}

/**
 * The embeddable widget on another site's page, and the owner's Live support console: a visitor
 * chats with the AI, the owner watches it live, takes over in the middle of an answer, types and
 * replies, hands back, and the AI answers again.
 */
describe('chat widget and live support in the browser', () => {
  let openai: FakeOpenAiServer;
  /** What the fake model answers to the next answer request (the sorter gets its JSON verdict). */
  let answer: FakeReply = { text: FAKE_ANSWER };
  const suite = browserSuite(async () => {
    openai = await FakeOpenAiServer.start({
      defaultReply: (request) => {
        const reply = pipelineReply(request);
        return reply === FAKE_ANSWER ? answer : reply;
      },
    });
    return { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' } };
  });
  const { watched } = suite;
  const pageErrors = watched.errors;

  /** The owner's website: another origin than the app (another port), embedding the widget. */
  let site: Server;
  let siteUrl: string;

  beforeAll(async () => {
    site = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const widgetId = url.searchParams.get('widget') ?? '';
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      if (url.pathname !== '/pricing' || !UUID.test(widgetId)) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Acme pricing</title></head>
  <body>
    <h1>Acme pricing</h1>
    <p>Plans for every team.</p>
    <script src="${suite.app.baseUrl}/widget.js" data-widget-id="${widgetId}" async></script>
  </body>
</html>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    site?.closeAllConnections();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await openai?.close();
  });

  beforeEach(() => {
    openai.reset();
    answer = { text: FAKE_ANSWER };
  });

  async function api<T>(path: string, init: { method?: string; token?: string; json?: unknown } = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** A new owner with a widget allowed on the site's origin. */
  async function ownerWithWidget(): Promise<{ session: Session; widgetId: string }> {
    const registered = await api<Session>('/auth/register', {
      method: 'POST',
      json: { email: `owner-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: OWNER_NAME },
    });
    expect(registered.status).toBe(201);
    const widget = await api<{ id: string }>('/widgets', {
      method: 'POST',
      token: registered.body.accessToken,
      json: { name: 'Acme shop', allowedDomains: [new URL(siteUrl).host], config: { title: WIDGET_TITLE, greeting: GREETING } },
    });
    expect(widget.status).toBe(201);
    return { session: registered.body, widgetId: widget.body.id };
  }

  /** The streamed chat completions the model was asked for: answers (the sorter's calls are not streamed). */
  const answersAsked = (): number => openai.requestsTo('/v1/chat/completions').filter((request) => request.body.stream === true).length;

  async function trackedPage(context: BrowserContext): Promise<{ page: Page; frames: SocketFrames }> {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watched.track(page);
    return { page, frames: new SocketFrames(page) };
  }

  /** The owner in their own browser, signed in as in the SPA, on the Live support console. */
  async function operatorConsole(session: Session): Promise<{ page: Page; frames: SocketFrames }> {
    const tab = await trackedPage(await newSignedInContext(suite.browser, suite.app.baseUrl, session));
    await tab.page.goto('/chat');
    await tab.page.getByText('Start a conversation').waitFor();
    await tab.page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Live support' }).click();
    await tab.page.waitForURL(/\/live$/);
    await tab.page.getByRole('heading', { name: 'Live support', level: 1 }).waitFor();
    return tab;
  }

  it('lets a visitor on another site chat with the AI while the owner watches live, takes over mid-answer, replies and hands back', async () => {
    const { session, widgetId } = await ownerWithWidget();

    // The owner opens Live support first: no conversations yet, following the widget's channel.
    const { page: operator, frames: operatorFrames } = await operatorConsole(session);
    await operator.getByText('No conversations yet').waitFor();
    await waitFor(() => operatorFrames.subscribed(`widget:operators.${widgetId}`), { what: 'the console to follow the widget' });
    // Set in the console's window: still there at the end means it never reloaded.
    await operator.evaluate('window.untouched = true');

    // The visitor, in a browser of their own, on the owner's site.
    const { page: visitor, frames: visitorFrames } = await trackedPage(await suite.browser.newContext());
    await visitor.goto(`${siteUrl}/pricing?widget=${widgetId}`);
    await visitor.getByRole('heading', { name: 'Acme pricing' }).waitFor();
    await visitor.evaluate('window.untouched = true');
    const launcher = visitor.getByRole('button', { name: `Open chat: ${WIDGET_TITLE}` });
    await launcher.click();
    const panel = visitor.getByRole('dialog', { name: WIDGET_TITLE });
    await panel.waitFor();
    expect(await visitor.getByRole('button', { name: `Close chat: ${WIDGET_TITLE}` }).getAttribute('aria-expanded')).toBe('true');
    // The console is open for this widget: the visitor is told a person is around.
    await panel.getByRole('status').getByText('A person is available').waitFor();
    const log = panel.getByRole('log', { name: 'Conversation' });
    const composer = panel.getByRole('textbox', { name: 'Your message' });
    const aiTyping = panel.getByText('AI Assistant is typing…');

    // 1. A question, answered by the AI, streamed into the widget.
    answer = { text: FIRST_ANSWER, delayMs: 20 };
    await composer.fill('What are your opening hours?');
    await composer.press('Enter');
    await log.locator('.sb-msg-visitor').getByText('What are your opening hours?').waitFor();
    const firstAnswer = log.locator('.sb-msg-ai').filter({ hasText: 'nine to five' });
    await firstAnswer.locator('.sb-bubble').getByText(FIRST_ANSWER).waitFor();
    await aiTyping.waitFor({ state: 'hidden' });
    await waitFor(() => visitorFrames.subscribed(`widgettyping:${widgetId}.`), { what: 'the widget to follow its session' });

    // The console lists the new session without a reload, and opens it.
    const row = operator.getByRole('region', { name: 'Sessions' }).getByRole('link', { name: /Visitor · 127\.0\.0\.1:\d+\/pricing/ });
    await row.waitFor();
    await row.click();
    await operator.waitForURL(new RegExp(`/live/${widgetId}/sess_[A-Za-z0-9_-]+$`));
    const conversation = operator.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('article', { name: 'Visitor' }).getByText('What are your opening hours?').waitFor();
    await conversation.getByRole('article', { name: 'AI Assistant' }).getByText(FIRST_ANSWER).waitFor();
    await conversation.getByText('The AI is answering').waitFor();
    await waitFor(() => operatorFrames.subscribed(`widgettyping:${widgetId}.`), { what: 'the console to follow the session' });

    // 2. A long answer: the owner sees it being written and takes over after its first words.
    answer = { text: SLOW_ANSWER, delayMs: 150 };
    await composer.fill('Tell me everything about your return policy.');
    await composer.press('Enter');
    const slowAnswer = log.locator('.sb-msg-ai').filter({ hasText: 'word1' });
    await slowAnswer.getByText(/word3\b/).waitFor();
    await aiTyping.waitFor();
    const slowOnConsole = conversation.getByRole('article', { name: 'AI Assistant' }).filter({ hasText: 'word1' });
    await slowOnConsole.getByText(/word3\b/).waitFor();
    expect(await slowOnConsole.getAttribute('aria-busy')).toBe('true');
    await conversation.getByText('AI is writing…').waitFor();

    await conversation.getByRole('button', { name: 'Take over', exact: true }).first().click();
    const takeOver = operator.getByRole('dialog', { name: 'Take over this conversation?' });
    await takeOver.getByText('the answer it is writing stops where it is').waitFor();
    await takeOver.getByRole('button', { name: 'Take over' }).click();
    await takeOver.waitFor({ state: 'detached' });
    await conversation.getByText('You are answering').waitFor();

    // The answer stops where it was, in the widget and on the console, and keeps its words.
    await slowAnswer.getByText('Stopped', { exact: true }).waitFor();
    await slowOnConsole.getByText('Stopped: a person took over').waitFor();
    await aiTyping.waitFor({ state: 'hidden' });
    const partial = await slowAnswer.locator('.sb-bubble').innerText();
    expect(partial).toMatch(/^word1 word2 word3\b/);
    expect(partial).not.toContain('THE-END');
    await waitFor(async () => (await slowOnConsole.locator('.live-bubble').innerText()).trim() === partial.trim(), {
      what: 'the console to show the same partial answer as the widget',
    });
    await panel.getByRole('status').getByText(`You are chatting with ${OWNER_NAME}.`).waitFor();
    await log.getByText(`${OWNER_NAME} joined the conversation.`).waitFor();
    await panel.getByRole('button', { name: 'Talk to a person' }).waitFor({ state: 'hidden' });

    // 3. The visitor writes to a person: the owner sees the draft as it is typed, then the message; the AI stays quiet.
    const answersBefore = answersAsked();
    await composer.fill('Are you a real person?');
    await conversation.getByLabel('The visitor is typing').getByText('Are you a real person?').waitFor();
    await composer.press('Enter');
    await conversation.getByRole('article', { name: 'Visitor' }).getByText('Are you a real person?').waitFor();
    await log.locator('.sb-msg-visitor').getByText('Are you a real person?').waitFor();
    await conversation.getByLabel('The visitor is typing').waitFor({ state: 'hidden' });

    // 4. The owner types: the visitor sees that someone types (never what), then the reply, live.
    const operatorTyping = panel.getByText(`${OWNER_NAME} is typing…`);
    const typingShown = operatorTyping.waitFor();
    typingShown.catch(() => undefined);
    const reply = conversation.getByRole('textbox', { name: 'Reply to the visitor' });
    await reply.fill('Yes, I am Olivia from the Acme team.');
    await typingShown;
    expect(await visitor.getByText('Olivia from the Acme team').count()).toBe(0);
    await reply.press('Enter');
    const operatorMessage = log.locator('.sb-msg-operator');
    await operatorMessage.locator('.sb-bubble').getByText('Yes, I am Olivia from the Acme team.').waitFor();
    await operatorMessage.getByText(new RegExp(`^${OWNER_NAME} · `)).waitFor();
    await operatorTyping.waitFor({ state: 'hidden' });
    await conversation.getByRole('article', { name: `${OWNER_NAME} (operator)` }).getByText('Sent').waitFor();
    expect(answersAsked()).toBe(answersBefore);

    // 5. The owner hands back: the AI answers the visitor's next message again.
    await conversation.getByRole('button', { name: 'Hand back to AI' }).click();
    const handBack = operator.getByRole('dialog', { name: 'Hand the conversation back to the AI?' });
    await handBack.getByRole('button', { name: 'Hand back to AI' }).click();
    await handBack.waitFor({ state: 'detached' });
    await conversation.getByText('The AI is answering').waitFor();
    await log.getByText(`${OWNER_NAME} handed the conversation back to the AI assistant.`).waitFor();
    await panel.getByRole('button', { name: 'Talk to a person' }).waitFor();

    answer = { text: FAKE_ANSWER };
    await composer.fill('Thanks! Do you ship abroad?');
    await composer.press('Enter');
    const lastAnswer = log.locator('.sb-msg-ai').filter({ hasText: FAKE_ANSWER });
    await lastAnswer.locator('.sb-bubble').getByText(FAKE_ANSWER).waitFor();
    await aiTyping.waitFor({ state: 'hidden' });
    await conversation.getByRole('article', { name: 'AI Assistant' }).getByText(FAKE_ANSWER).waitFor();

    // The widget shows the whole conversation in order; neither page reloaded to get there.
    expect(await log.locator('.sb-msg').allInnerTexts()).toEqual([
      expect.stringContaining(GREETING),
      expect.stringContaining('What are your opening hours?'),
      expect.stringContaining(FIRST_ANSWER),
      expect.stringContaining('Tell me everything about your return policy.'),
      expect.stringMatching(/word1 word2 word3[\s\S]*Stopped/),
      expect.stringContaining('Are you a real person?'),
      expect.stringContaining('Yes, I am Olivia from the Acme team.'),
      expect.stringContaining('Thanks! Do you ship abroad?'),
      expect.stringContaining(FAKE_ANSWER),
    ]);
    expect(await operator.evaluate('window.untouched')).toBe(true);
    expect(await visitor.evaluate('window.untouched')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('lets a visitor attach a file, ask about it, and open the passage the answer cites', async () => {
    const { widgetId } = await ownerWithWidget();
    const { page: visitor } = await trackedPage(await suite.browser.newContext());
    await visitor.goto(`${siteUrl}/pricing?widget=${widgetId}`);
    await visitor.getByRole('button', { name: `Open chat: ${WIDGET_TITLE}` }).click();
    const panel = visitor.getByRole('dialog', { name: WIDGET_TITLE });
    await panel.waitFor();
    const log = panel.getByRole('log', { name: 'Conversation' });
    const composer = panel.getByRole('textbox', { name: 'Your message' });

    // The paperclip's file picker: the file shows as a chip until it has been read.
    const chooser = visitor.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({ name: 'house-rules.txt', mimeType: 'text/plain', buffer: Buffer.from(HOUSE_RULES) });
    const chip = panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem').filter({ hasText: 'house-rules.txt' });
    await chip.getByText('Ready').waitFor({ timeout: 60_000 });

    // A file dropped on the panel is attached too; its chip's Remove takes it off again.
    const dataTransfer = await visitor.evaluateHandle(
      `(() => { const transfer = new DataTransfer(); transfer.items.add(new File(['Not needed after all.'], 'dropped.txt', { type: 'text/plain' })); return transfer; })()`,
    );
    await panel.dispatchEvent('dragenter', { dataTransfer });
    await panel.dispatchEvent('dragover', { dataTransfer });
    await panel.dispatchEvent('drop', { dataTransfer });
    const dropped = panel.getByRole('list', { name: 'Attached files' }).getByRole('listitem').filter({ hasText: 'dropped.txt' });
    await dropped.waitFor();
    await dropped.getByRole('button', { name: 'Remove dropped.txt' }).click();
    await dropped.waitFor({ state: 'detached' });

    answer = { text: KEY_ANSWER };
    await composer.fill('Where is the spare key?');
    await composer.press('Enter');
    await chip.waitFor({ state: 'detached' });
    const question = log.locator('.sb-msg-visitor').filter({ hasText: 'Where is the spare key?' });
    await question.getByLabel('Attached files').getByText('house-rules.txt').waitFor();
    expect(await question.getByText('dropped.txt').count()).toBe(0);

    // The answer's [1] is a button, and its source is listed under it.
    const reply = log.locator('.sb-msg-ai').filter({ hasText: 'blue flowerpot' });
    const mark = reply.locator('.sb-bubble').getByRole('button', { name: /^Source 1: / });
    await mark.waitFor();
    const source = reply.getByRole('list').getByRole('button', { name: /house-rules\.txt/ });
    await source.waitFor();

    // The passage opens in the widget, with no link to the owner's file; Esc closes it and gives focus back.
    await source.click();
    const passage = panel.getByRole('dialog', { name: 'house-rules.txt' });
    await passage.getByText('under the blue flowerpot').waitFor();
    expect(await passage.getByRole('link').count()).toBe(0);
    await visitor.keyboard.press('Escape');
    await passage.waitFor({ state: 'hidden' });
    // Esc closed the source, not the chat, and focus is back on the source's button: Enter opens it again.
    await panel.waitFor();
    await visitor.keyboard.press('Enter');
    await passage.getByText('under the blue flowerpot').waitFor();
    await passage.getByRole('button', { name: 'Close the source' }).click();
    await passage.waitFor({ state: 'hidden' });
    await mark.click();
    await passage.getByText('under the blue flowerpot').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
