import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAiServer, type FakeReply } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { startApp, type AppProcess } from './support/app-process';
import { launchChromium } from './support/browser';
import { openSignedInPage } from './support/signed-in';
import { WatchedPages } from './support/watched-pages';

const PASSWORD = 'correct horse battery';
const SLOW_ANSWER = Array.from({ length: 60 }, (_, i) => `word${i + 1}`).join(' ') + ' THE-END';
const MULTI_STEP =
  'Summarize this text, translate the summary into German and create a PDF document of it: Foxes are small omnivorous mammals. ' +
  'They live in forests, fields and cities across the northern hemisphere. They are known for their cunning and their bushy tails.';

interface Session {
  accessToken: string;
  refreshToken: string;
}

/** The chat in Chromium: streaming, task cards, Stop, resume after a reload, model picker. */
describe('chat in the browser', () => {
  let offline: AppProcess;
  let online: AppProcess;
  let openai: FakeOpenAiServer;
  let browser: Browser;
  /** What the fake model answers to a plain chat request in the current test. */
  let answer: FakeReply = { text: FAKE_ANSWER };
  const watched = new WatchedPages();
  const pageErrors = watched.errors;

  beforeAll(async () => {
    openai = await FakeOpenAiServer.start({
      defaultReply: (request) => {
        const reply = pipelineReply(request);
        return reply === FAKE_ANSWER ? answer : reply;
      },
    });
    [offline, online, browser] = await Promise.all([
      startApp(),
      startApp({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([offline?.stop(), online?.stop()]);
    await openai?.close();
  });

  beforeEach(async ({ task, onTestFailed }) => {
    // Each test starts from its own browser contexts and reports only its own output.
    await watched.reset();
    openai.reset();
    answer = { text: FAKE_ANSWER };
    onTestFailed(() => watched.report(task.name, { 'offline app': offline.logs(), 'online app': online.logs() }));
  });

  /** A new user (the first of an app is its admin), logged in on a fresh page at /chat. */
  async function signedInPage(app: AppProcess): Promise<Page> {
    const response = await fetch(`${app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `chat-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: 'Chat Tester' }),
    });
    expect(response.status).toBe(201);
    const session = (await response.json()) as Session;
    const page = await openSignedInPage({ browser, watched, app }, session, '/chat', { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.getByText('Start a conversation').waitFor();
    return page;
  }

  async function ask(page: Page, text: string): Promise<void> {
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
  }

  const lastAnswer = (page: Page) => page.getByRole('article', { name: 'Answer' }).last();

  /** Each card's accessible name: its plain-language title and state ("Summarizing: Done"). */
  async function cardLabels(plan: Locator): Promise<Array<string | null>> {
    return Promise.all((await plan.getByRole('listitem').all()).map((card) => card.getAttribute('aria-label')));
  }

  it('answers a simple question offline, labelled as offline, and keeps it after a reload', async () => {
    const page = await signedInPage(offline);
    await page.getByText('Offline mode — no AI model configured').first().waitFor();
    await ask(page, 'What is the capital of France?');

    // The question shows at once, the chat gets its own address and a place in the list.
    await page.getByRole('article', { name: 'Your message' }).getByText('What is the capital of France?').waitFor();
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: /What is the capital of France/ }).waitFor();

    const reply = lastAnswer(page);
    await reply.getByRole('button', { name: 'Copy answer' }).waitFor();
    await reply.getByText('Offline mode — no AI model configured').waitFor();
    expect(await reply.getAttribute('aria-busy')).toBe('false');
    const text = await reply.locator('.md').innerText();
    expect(text.length).toBeGreaterThan(20);

    await reply.getByRole('button', { name: 'Answer details' }).click();
    await reply.getByText('Offline (no AI model)').waitFor();

    await page.reload();
    await lastAnswer(page).getByRole('button', { name: 'Copy answer' }).waitFor();
    expect(await lastAnswer(page).locator('.md').innerText()).toBe(text);
    expect(pageErrors).toEqual([]);
  });

  it('runs a multi-step request as a plan of task cards and offers the PDF for download, also after a reload', async () => {
    const page = await signedInPage(offline);
    await ask(page, MULTI_STEP);

    const plan = page.getByRole('region', { name: 'Task plan' });
    await plan.waitFor();
    await page.getByText(/^Task plan · 4\/4$/).waitFor();
    expect(await cardLabels(plan)).toEqual([
      'Summarizing: Done',
      'Translating: Done',
      'Writing a document: Done',
      'Writing the answer: Done',
    ]);
    await plan.getByText('after n1').waitFor();

    const download = plan.getByRole('link', { name: /^Download .+\.pdf$/ });
    const href = await download.getAttribute('href');
    expect(href).toMatch(/\/api\/v1\/files\/[0-9a-f-]{36}\/content\?token=/);
    const pdf = await fetch(new URL(href ?? '', offline.baseUrl));
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await lastAnswer(page).getByRole('button', { name: 'Copy answer' }).waitFor();

    // After a reload the cards come back from the stored task records, folded away.
    await page.reload();
    await page.getByText(/^Task plan · 4\/4$/).waitFor();
    await page.getByRole('button', { name: 'Show steps' }).click();
    await page.getByRole('listitem', { name: 'Writing a document: Done' }).getByRole('link', { name: /^Download .+\.pdf$/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('streams a model answer token by token with the model picked, then deletes the chat', async () => {
    answer = { text: SLOW_ANSWER, delayMs: 40 };
    const page = await signedInPage(online);
    await page.getByRole('button', { name: 'Model: Automatic' }).click();
    await page.getByRole('combobox', { name: 'Search models' }).fill('fake');
    await page.getByRole('option', { name: /fake-chat/ }).click();
    await page.getByRole('button', { name: /^Model: .*fake-chat/ }).waitFor();

    await ask(page, 'Tell me a long story, please.');
    const reply = lastAnswer(page);
    // Part of the answer is on screen while the rest is still coming.
    await reply.getByText(/word5\b/).waitFor();
    expect(await page.getByRole('button', { name: 'Stop answer' }).isVisible()).toBe(true);
    expect(await reply.innerText()).not.toContain('THE-END');
    await reply.getByText(/THE-END/).waitFor();
    await reply.getByRole('button', { name: 'Copy answer' }).waitFor();
    expect(await reply.locator('.md').innerText()).toBe(SLOW_ANSWER);
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    await reply.getByText('Topic: general · fake-chat').waitFor();
    const chatRequests = openai.requestsTo('/v1/chat/completions').map((request) => request.body as { model?: string; stream?: boolean });
    expect(chatRequests.filter((body) => body.stream === true).every((body) => body.model === 'fake-chat')).toBe(true);

    // The picked model is remembered.
    await page.reload();
    await page.getByRole('button', { name: /^Model: .*fake-chat/ }).waitFor();

    const link = page.getByRole('link', { name: /Tell me a long story/ });
    await link.waitFor();
    await page.getByRole('button', { name: /^Delete “Tell me a long story/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete chat' }).click();
    await link.waitFor({ state: 'detached' });
    await page.waitForURL(/\/chat$/);
    expect(pageErrors).toEqual([]);
  });

  it('stops an answer mid-way: the partial text stays, marked Stopped, also after a reload', async () => {
    answer = { text: SLOW_ANSWER, delayMs: 150 };
    const page = await signedInPage(online);
    await ask(page, 'Count slowly for me.');
    const reply = lastAnswer(page);
    await reply.getByText(/word3\b/).waitFor();

    await page.keyboard.press('Escape');
    await reply.getByText('Stopped', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    const partial = await reply.locator('.md').innerText();
    expect(partial).toMatch(/^word1 word2 word3/);
    expect(partial).not.toContain('THE-END');

    await page.reload();
    await lastAnswer(page).getByText('Stopped', { exact: true }).waitFor();
    expect(await lastAnswer(page).locator('.md').innerText()).toBe(partial);
    expect(pageErrors).toEqual([]);
  });

  it('finishes an answer after the page is reloaded in the middle of it', async () => {
    answer = { text: SLOW_ANSWER, delayMs: 60 };
    const page = await signedInPage(online);
    await ask(page, 'Write me something long.');
    await lastAnswer(page).getByText(/word8\b/).waitFor();
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);

    await page.reload();
    const reply = lastAnswer(page);
    await reply.getByText(/THE-END/).waitFor();
    await reply.getByRole('button', { name: 'Copy answer' }).waitFor();
    // Nothing lost, nothing twice.
    expect(await reply.locator('.md').innerText()).toBe(SLOW_ANSWER);
    expect(await page.getByRole('article', { name: 'Answer' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows a failed answer in plain words with Retry, which answers it', async () => {
    answer = { status: 401 };
    const page = await signedInPage(online);
    await ask(page, 'Hello there, how are you?');
    const alert = lastAnswer(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The AI provider refused our credentials.');
    expect(await alert.innerText()).not.toContain('Fake error');

    answer = { text: FAKE_ANSWER };
    await alert.getByRole('button', { name: 'Retry' }).click();
    await lastAnswer(page).locator('.md').getByText(FAKE_ANSWER).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows the plan of a model-planned request and each card reaching Done', async () => {
    const page = await signedInPage(online);
    await ask(page, 'Summarize this note and then translate it: the meeting moved to Friday at ten.');
    await page.getByText(/^Task plan · 3\/3$/).waitFor();
    const plan = page.getByRole('region', { name: 'Task plan' });
    expect(await cardLabels(plan)).toEqual([
      'Summarizing: Done',
      'Translating: Done',
      'Writing the answer: Done',
    ]);
    await lastAnswer(page).locator('.md').getByText(FAKE_ANSWER).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
