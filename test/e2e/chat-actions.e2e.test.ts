import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatActionReply, CUT_OFF, REST } from '../support/chat-action-replies';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

/** The chat actions in Chromium: Again with model… and versions, the thinking block, edit and resend, Continue, incognito. */
describe('chat actions in the browser', () => {
  let openai: FakeOpenAiServer;
  beforeAll(async () => {
    openai = await FakeOpenAiServer.start({ defaultReply: chatActionReply });
  });
  afterAll(async () => {
    await openai?.close();
  });
  const suite = browserSuite(() =>
    Promise.resolve({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat,fake-reasoner', AI_MAX_RETRIES: '0' } }),
  );

  /** A new user, signed in on a fresh page at /chat. */
  async function signedInPage(): Promise<Page> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `actions-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery', name: 'Action Tester' }),
    });
    expect(response.status).toBe(201);
    const page = await openSignedInPage(suite, (await response.json()) as { accessToken: string; refreshToken: string }, '/chat');
    await page.getByText('Start a conversation').waitFor();
    return page;
  }

  async function ask(page: Page, text: string): Promise<void> {
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
  }

  const lastAnswer = (page: Page) => page.getByRole('article', { name: 'Answer' }).last();
  /** The answer once finished: its actions are shown then. */
  const finishedAnswer = async (page: Page) => {
    const answer = lastAnswer(page);
    await answer.getByRole('button', { name: 'Copy answer' }).waitFor();
    await answer.and(page.locator('[aria-busy="false"]')).waitFor();
    return answer;
  };

  it('answers again with another model as a second version, with its reasoning collapsed above it', async () => {
    const page = await signedInPage();
    await ask(page, 'What is the capital of France?');
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    let answer = await finishedAnswer(page);
    const first = await answer.locator('.md').innerText();
    expect(first).toMatch(/answers: What is the capital of France\?$/);

    await answer.getByRole('button', { name: 'Again with model…' }).click();
    await page.getByRole('option', { name: /fake-reasoner/ }).click();

    answer = lastAnswer(page);
    await answer.getByText('fake-reasoner answers: What is the capital of France?').waitFor();
    answer = await finishedAnswer(page);
    await answer.getByText('2/2').waitFor();
    // The reasoning, collapsed: its summary says how long it took; opened, it shows the reasoning.
    const thinking = answer.locator('details.thinking-block');
    await thinking.getByText(/^Thought for \d+ s$/).waitFor();
    expect(await thinking.getByText('Thinking about: What is the capital of France?').isVisible()).toBe(false);
    await thinking.locator('summary').click();
    await thinking.getByText('Thinking about: What is the capital of France?').waitFor();

    // The first version is still there, one click back; only one answer is shown at a time.
    await answer.getByRole('button', { name: 'Previous version' }).click();
    await answer.getByText('1/2').waitFor();
    expect(await lastAnswer(page).locator('.md').innerText()).toBe(first);
    expect(await page.getByRole('article', { name: 'Answer' }).count()).toBe(1);

    // After a reload the versions come from the server, the newest shown.
    await page.reload();
    await (await finishedAnswer(page)).getByText('2/2').waitFor();
    await lastAnswer(page).getByText('fake-reasoner answers: What is the capital of France?').waitFor();
  });

  it('edits the latest question and sends it again', async () => {
    const page = await signedInPage();
    await ask(page, 'Name a red fruit.');
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await finishedAnswer(page);

    const question = page.getByRole('article', { name: 'Your message' }).last();
    await question.getByRole('button', { name: 'Edit message' }).click();
    const editor = question.getByRole('textbox', { name: 'Edit your message' });
    expect(await editor.inputValue()).toBe('Name a red fruit.');
    await editor.fill('Name a green fruit.');
    await question.getByRole('button', { name: 'Send' }).click();

    await lastAnswer(page).getByText(/answers: Name a green fruit\.$/).waitFor();
    const answer = await finishedAnswer(page);
    await answer.getByText('2/2').waitFor();
    await page.getByRole('article', { name: 'Your message' }).getByText('Name a green fruit.').waitFor();
    expect(await page.getByRole('article', { name: 'Your message' }).count()).toBe(1);
  });

  it('continues an answer cut off at the length limit', async () => {
    const page = await signedInPage();
    await ask(page, 'Tell me a long story.');
    let answer = await finishedAnswer(page);
    await answer.getByText(CUT_OFF).waitFor();

    await answer.getByRole('button', { name: 'Continue' }).click();
    answer = lastAnswer(page);
    await answer.getByText(CUT_OFF + REST).waitFor();
    answer = await finishedAnswer(page);
    expect(await answer.getByRole('button', { name: 'Continue' }).count()).toBe(0);

    await page.reload();
    await (await finishedAnswer(page)).getByText(CUT_OFF + REST).waitFor();
  });

  it('sends incognito: the chat says so and is saved nowhere', async () => {
    const page = await signedInPage();
    const toggle = page.getByRole('button', { name: 'Incognito' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Incognito chat').waitFor();

    await ask(page, 'A secret question.');
    const answer = await finishedAnswer(page);
    await answer.getByText(/answers: A secret question\.$/).waitFor();
    // Nothing refers to it later: it cannot be rated, nor answered again.
    expect(await answer.getByRole('group', { name: 'Rate this answer' }).count()).toBe(0);
    expect(await answer.getByRole('button', { name: 'Again' }).count()).toBe(0);
    // No chat was made of it: the page stays a new chat and the list stays empty.
    expect(new URL(page.url()).pathname).toBe('/chat');
    expect(await page.getByRole('link', { name: /A secret question/ }).count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('switchboard.draft.')))).toEqual([]);
  });
});
