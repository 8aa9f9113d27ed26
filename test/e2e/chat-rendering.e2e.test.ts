import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { FAKE_ANSWER, pipelineReply } from '../support/pipeline-replies';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage, type SignedInOptions, type SignedInTokens } from './support/signed-in';

const CODE = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
/** What the fake model answers to ordinary requests: a fenced TypeScript block between two sentences. */
const CODE_ANSWER = `Here is the function:\n\n\`\`\`typescript\n${CODE}\n\`\`\`\n\nCall it with two numbers.`;
/** Asked for "a long file": a block far taller than the screen. */
const LONG_CODE = Array.from({ length: 80 }, (_, i) => `const value${i + 1} = ${i + 1};`).join('\n');
const MULTI_STEP = 'Summarize this text and then translate it into German: foxes live in forests, fields and cities.';
const PHONE: SignedInOptions['device'] = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Code blocks in answers, a long chat rendered from its message list, and the phone layout, in Chromium. */
describe('chat rendering in the browser', () => {
  let openai: FakeOpenAiServer;
  const suite = browserSuite(async () => {
    // Word by word with a pause, so a code block is seen while its fence is still open.
    openai = await FakeOpenAiServer.start({
      chunkDelayMs: 15,
      defaultReply: (request) => {
        const reply = pipelineReply(request);
        if (reply !== FAKE_ANSWER) return reply;
        return JSON.stringify(request.body).includes('a long file') ? `Here it is:\n\n\`\`\`js\n${LONG_CODE}\n\`\`\`` : CODE_ANSWER;
      },
    });
    return { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' } };
  });
  const { watched } = suite;

  async function register(): Promise<SignedInTokens> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `render-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery', name: 'Render Tester' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as SignedInTokens;
  }

  async function signedInPage(options: SignedInOptions = {}): Promise<Page> {
    const page = await openSignedInPage(suite, await register(), '/chat', options);
    await page.getByText('Start a conversation').waitFor();
    return page;
  }

  /** Sends `text` and waits until its answer is finished (its Copy appears). */
  async function ask(page: Page, text: string): Promise<void> {
    const answers = page.getByRole('article', { name: 'Answer', exact: true });
    const before = await answers.count();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
    // Copy is there but hidden while the answer streams.
    await answers.nth(before).getByRole('button', { name: 'Copy answer' }).waitFor();
  }

  /** Whether the page scrolls sideways (something wider than the screen). */
  const overflowsSideways = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

  it('colours a code block only once its fence has closed, labels its language and copies it with a 2 s check', async () => {
    const page = await signedInPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    // Watches every change of the first code block while the answer streams.
    await page.evaluate(`(() => {
      const seen = { plain: false, colouredEarly: false };
      window.codeSeen = seen;
      new MutationObserver(() => {
        const code = document.querySelector('.code-block code');
        if (!code) return;
        if (code.querySelector('[class^="hljs-"]') === null) seen.plain = true;
        else if (code.textContent !== ${JSON.stringify(CODE)}) seen.colouredEarly = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);

    await ask(page, 'Write a TypeScript function that adds two numbers');
    const block = page.locator('.code-block');
    await block.locator('.hljs-keyword').first().waitFor();
    expect(await block.locator('code').textContent()).toBe(CODE);
    expect(await block.locator('.hljs-keyword').allTextContents()).toEqual(expect.arrayContaining(['export', 'function', 'return']));
    expect(await page.evaluate<{ plain: boolean; colouredEarly: boolean }>('window.codeSeen')).toEqual({ plain: true, colouredEarly: false });

    // Language on the left, Copy on the right.
    const header = block.locator('.code-block-header');
    expect(await header.locator('.code-block-language').textContent()).toBe('typescript');
    const copy = header.getByRole('button', { name: 'Copy typescript code' });
    const [languageBox, copyBox] = await Promise.all([header.locator('.code-block-language').boundingBox(), copy.boundingBox()]);
    expect(languageBox && copyBox && languageBox.x < copyBox.x).toBe(true);

    await copy.click();
    const copied = header.getByRole('button', { name: 'Copied' });
    await copied.waitFor();
    const copiedAt = Date.now();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(CODE);
    await header.getByRole('button', { name: 'Copy typescript code' }).waitFor();
    expect(Date.now() - copiedAt).toBeGreaterThan(1500);

    // A stored answer is coloured at once after a reload.
    await page.reload();
    await page.locator('.code-block .hljs-keyword').first().waitFor();

    // On a block taller than the screen, the header (language, Copy) stays at the top while it scrolls by.
    await ask(page, 'Now write a long file of constants');
    const long = page.locator('.code-block').last();
    // Scrolls the transcript until the block's top is 300 px above its top edge, and reads where the header is. In
    // one step, as the finished answer may be re-rendered from the stored copy meanwhile.
    const headerStuck = (): Promise<boolean> =>
      page.evaluate<boolean>(`(() => {
        const scroller = document.querySelector('.chat-scroll');
        const block = [...document.querySelectorAll('.code-block')].at(-1);
        scroller.scrollTop += block.getBoundingClientRect().top - scroller.getBoundingClientRect().top + 300;
        const top = scroller.getBoundingClientRect().top;
        const header = block.querySelector('.code-block-header').getBoundingClientRect().top;
        return block.getBoundingClientRect().top < top - 100 && Math.abs(header - top) < 2;
      })()`);
    await expect.poll(headerStuck).toBe(true);
    await long.getByRole('button', { name: 'Copy js code' }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(LONG_CODE);
    expect(watched.errors).toEqual([]);
  });

  it("renders a chat from its message list alone and loads an answer's steps only when they are opened", async () => {
    const page = await signedInPage();
    await ask(page, 'Write a TypeScript function that adds two numbers');
    await ask(page, MULTI_STEP);
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);

    const detailRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/messages\/[0-9a-f-]{36}$/.test(new URL(request.url()).pathname)) detailRequests.push(request.url());
    });
    await page.reload();
    await page.getByRole('article', { name: 'Answer' }).nth(1).getByRole('button', { name: 'Copy answer' }).waitFor();
    await page.getByText(/^Task plan · 3\/3$/).waitFor();
    await page.locator('.code-block .hljs-keyword').first().waitFor();
    expect(detailRequests).toEqual([]);

    await page.getByRole('button', { name: 'Show steps' }).click();
    await page.getByRole('listitem', { name: 'Translating: Done' }).waitFor();
    expect(detailRequests).toHaveLength(1);
    expect(watched.errors).toEqual([]);
  });

  it('lays the chat, settings, memories and live support out for a 390×844 touch screen', async () => {
    const page = await signedInPage({ device: PHONE });
    await ask(page, 'Write a TypeScript function that adds two numbers');
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const chatUrl = page.url();

    // The page fills the screen, nothing scrolls sideways, the composer spans it and its text is 16 px.
    expect(await page.evaluate<number>("document.querySelector('.shell').getBoundingClientRect().height")).toBe(844);
    expect(await overflowsSideways(page)).toBe(false);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.waitFor();
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.composer-box textarea')).fontSize")).toBe('16px');
    expect((await page.locator('.composer-box').boundingBox())?.width).toBeGreaterThan(340);
    // The top bar's last control, the account button, is whole on screen.
    const account = await page.getByRole('button', { name: /account menu/ }).boundingBox();
    expect(account && account.x + account.width).toBeLessThanOrEqual(390);

    // Message actions show without hovering.
    await expect(page.getByRole('button', { name: 'Copy answer' }).isVisible()).resolves.toBe(true);
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('.message-assistant .message-actions')).opacity")).toBe('1');

    // The chat list is a drawer behind the menu button; choosing a chat closes it.
    const conversations = page.getByRole('complementary', { name: 'Conversations' });
    expect(await conversations.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menu: Conversations' });
    await menu.tap();
    await conversations.getByRole('link', { name: /TypeScript function/ }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await conversations.getByRole('button', { name: 'New chat' }).tap();
    await page.waitForURL(/\/chat$/);
    await menu.tap();
    await conversations.getByRole('link', { name: /TypeScript function/ }).tap();
    await page.waitForURL(chatUrl);
    await expect.poll(() => conversations.isVisible()).toBe(false);

    // Settings: the sections are in the drawer; a section fits the screen.
    await page.goto('/settings/account');
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Menu: Settings' }).tap();
    await page.getByRole('complementary', { name: 'Settings' }).getByRole('link', { name: 'API keys' }).tap();
    await page.waitForURL(/\/settings\/api-keys$/);
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);

    // Memories and live support fit too.
    await page.goto('/memories');
    await page.getByRole('heading', { name: 'Memories', exact: true }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await page.goto('/live');
    await page.getByRole('heading', { name: 'Live support', exact: true }).waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(watched.errors).toEqual([]);
  });
});
