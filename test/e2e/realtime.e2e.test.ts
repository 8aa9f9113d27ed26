import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for';
import { browserSuite } from './support/browser-suite';
import { newSignedInContext } from './support/signed-in';

const PASSWORD = 'correct horse battery';

interface Session {
  accessToken: string;
  refreshToken: string;
}

/** The frames a page's realtime socket exchanged, as socket.io text packets. */
class SocketFrames {
  readonly sent: string[] = [];
  readonly received: string[] = [];
  /** The page's realtime sockets, oldest first. */
  readonly sockets: WebSocket[] = [];

  constructor(page: Page) {
    page.on('websocket', (socket: WebSocket) => {
      if (!socket.url().includes('/connection/websocket')) return;
      this.sockets.push(socket);
      socket.on('framesent', ({ payload }) => this.sent.push(String(payload)));
      socket.on('framereceived', ({ payload }) => this.received.push(String(payload)));
    });
  }

  /** Whether the page subscribed and the gateway said yes: `42…["subscribe",…]` answered by `43…[{"ok":true…}]`. */
  subscribed(): boolean {
    return this.sent.some((frame) => /^42\d*\["subscribe"/.test(frame)) && this.received.some((frame) => /^43\d*\[\{"ok":true/.test(frame));
  }

  /** Whether a publication of `type` arrived. */
  published(type: string): boolean {
    return this.received.some((frame) => frame.startsWith('42["publication"') && frame.includes(`"type":"${type}"`));
  }
}

/** Two tabs of one signed-in user: what happens in one shows up in the other without a reload. */
describe('realtime updates between tabs', () => {
  const suite = browserSuite();
  const { watched } = suite;
  const pageErrors = watched.errors;

  /** A new user's browser context, logged in (both tabs share its localStorage). */
  async function signedInContext(): Promise<BrowserContext> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `tabs-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: 'Tab Tester' }),
    });
    expect(response.status).toBe(201);
    return newSignedInContext(suite.browser, suite.app.baseUrl, (await response.json()) as Session);
  }

  async function openTab(context: BrowserContext): Promise<{ page: Page; frames: SocketFrames }> {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    watched.track(page);
    const frames = new SocketFrames(page);
    await page.goto('/chat');
    await page.getByText('Start a conversation').waitFor();
    return { page, frames };
  }

  async function ask(page: Page, text: string): Promise<void> {
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
  }

  const lastAnswer = (page: Page) => page.getByRole('article', { name: 'Answer' }).last();

  it('shows a chat started in one tab, and its answers, in the other tab', async () => {
    const context = await signedInContext();
    const { page: first } = await openTab(context);
    const { page: second, frames } = await openTab(context);
    await waitFor(() => frames.subscribed(), { what: 'the second tab to follow its user channel' });
    // Set in the second tab's window: still there at the end means it never reloaded.
    await second.evaluate('window.untouched = true');

    await ask(first, 'What is the capital of France?');
    await first.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await lastAnswer(first).getByRole('button', { name: 'Copy answer' }).waitFor();

    // The new chat appears in the second tab's list.
    const link = second.getByRole('link', { name: /What is the capital of France/ });
    await link.waitFor();
    await link.click();
    await second.waitForURL(first.url());
    await lastAnswer(second).getByRole('button', { name: 'Copy answer' }).waitFor();

    // A follow-up in the first tab: the second, showing that chat, gets the question and the finished answer.
    await ask(first, 'And what about Germany?');
    await lastAnswer(first).getByRole('button', { name: 'Copy answer' }).waitFor();
    await second.getByRole('article', { name: 'Your message' }).getByText('And what about Germany?').waitFor();
    await waitFor(async () => (await second.getByRole('article', { name: 'Answer' }).count()) === 2, { what: 'two answers in the second tab' });
    const reply = lastAnswer(second);
    await reply.getByRole('button', { name: 'Copy answer' }).waitFor();
    expect(await reply.getAttribute('aria-busy')).toBe('false');
    expect(await reply.locator('.md').innerText()).toBe(await lastAnswer(first).locator('.md').innerText());

    expect(frames.published('message.completed')).toBe(true);
    expect(await second.evaluate('window.untouched')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('closes the socket on logging out', async () => {
    const context = await signedInContext();
    const { page, frames } = await openTab(context);
    await waitFor(() => frames.subscribed(), { what: 'the tab to follow its user channel' });

    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);

    await waitFor(() => frames.sockets.every((socket) => socket.isClosed()), { what: 'the realtime socket to close' });
    expect(pageErrors).toEqual([]);
  });
});
