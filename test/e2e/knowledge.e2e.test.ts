import { randomUUID } from 'node:crypto';
import type { JSHandle, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

const PASSWORD = 'correct horse battery';
const DOCUMENT_NAME = 'zephyr-handbook.md';
const CODE_WORD = 'PURPLE-HARBOR-42';
const DOCUMENT = [
  '# Zephyr project handbook',
  '',
  '## Launch',
  '',
  `The Zephyr launch code is ${CODE_WORD}. Only the duty officer may read it out, and only on the morning of the launch.`,
  '',
  '## Catering',
  '',
  'Lunch on launch day is vegetable soup with rye bread, served in the hangar canteen at noon.',
  '',
].join('\n');

interface Session {
  accessToken: string;
  refreshToken: string;
}

/** Documents in the chat, in Chromium: attach (drop, paperclip, paste), ask about them, open what the answer cites. */
describe('knowledge in the chat', () => {
  const suite = browserSuite();
  const { watched } = suite;
  const pageErrors = watched.errors;

  /** A new user, logged in on a fresh page at /chat. */
  async function signedInPage(): Promise<Page> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `knowledge-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: 'Knowledge Tester' }),
    });
    expect(response.status).toBe(201);
    const page = await openSignedInPage(suite, (await response.json()) as Session, '/chat');
    await page.getByText('Start a conversation').waitFor();
    return page;
  }

  /** Page script declaring `transfer`: a DataTransfer holding one file, as a drag from the desktop or the clipboard carries it. */
  function fileTransfer(name: string, text: string, type: string): string {
    return `const transfer = new DataTransfer(); transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }))`;
  }

  function transferOf(page: Page, name: string, text: string, type: string): Promise<JSHandle> {
    return page.evaluateHandle(`(() => { ${fileTransfer(name, text, type)}; return transfer; })()`);
  }

  /** Drags a file over the chat and drops it there, as the browser does for a file from the desktop. */
  async function dropFile(page: Page, name: string, text: string, type: string): Promise<void> {
    const dataTransfer = await transferOf(page, name, text, type);
    const chat = page.locator('.chat');
    await chat.dispatchEvent('dragenter', { dataTransfer });
    await chat.dispatchEvent('dragover', { dataTransfer });
    // The overlay says what dropping does.
    await page.getByText('Drop files to attach them').waitFor();
    await chat.dispatchEvent('drop', { dataTransfer });
    await page.getByText('Drop files to attach them').waitFor({ state: 'detached' });
  }

  const chip = (page: Page, name: string | RegExp): Locator => page.getByRole('list', { name: 'Attached files' }).getByRole('listitem', { name });
  const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message' });
  const lastAnswer = (page: Page): Locator => page.getByRole('article', { name: 'Answer' }).last();

  it('drops a document into the chat, answers a question about it citing it, and opens the cited passage', async () => {
    const page = await signedInPage();
    await dropFile(page, DOCUMENT_NAME, DOCUMENT, 'text/markdown');

    // The chip follows the upload and the server's reading of the file live, until it is ready.
    await chip(page, `${DOCUMENT_NAME}: Ready`).waitFor();
    await composer(page).fill('What is the Zephyr launch code?');
    await composer(page).press('Enter');

    // The question shows its attachment at once; the composer is empty again.
    const question = page.getByRole('article', { name: 'Your message' });
    await question.getByRole('link', { name: DOCUMENT_NAME }).waitFor();
    expect(await page.getByRole('list', { name: 'Attached files' }).count()).toBe(0);

    // The answer names the code and cites the document: a source in the strip and a [n] mark in the text.
    const answer = lastAnswer(page);
    await answer.getByRole('button', { name: 'Copy answer' }).waitFor();
    expect(await answer.locator('.md').innerText()).toContain(CODE_WORD);
    await answer.locator('.sources').getByRole('button', { name: new RegExp(`^Source \\d+: ${DOCUMENT_NAME}`) }).first().waitFor();
    const mark = answer.locator('.md').getByRole('button', { name: new RegExp(`^Source \\d+: ${DOCUMENT_NAME}$`) }).first();
    await mark.click();

    // The panel shows the passage with the document's name, and a link that opens the document.
    const panel = page.getByRole('dialog', { name: DOCUMENT_NAME });
    await panel.waitFor();
    expect(await panel.locator('.citation-passage').innerText()).toContain(CODE_WORD);
    const open = panel.getByRole('link', { name: 'Open the document' });
    expect(await open.getAttribute('href')).toMatch(/^\/api\/v1\/files\/[0-9a-f-]{36}\/content\?token=/);
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer');
    const content = await fetch(new URL((await open.getAttribute('href')) ?? '', suite.app.baseUrl));
    expect(content.status).toBe(200);
    expect(await content.text()).toContain(CODE_WORD);

    // Esc closes it and gives the focus back to the mark.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe(await mark.getAttribute('aria-label'));

    // After a reload the stored answer keeps its citations, and they still open the passage.
    await page.reload();
    await lastAnswer(page).getByRole('button', { name: 'Copy answer' }).waitFor();
    await page.getByRole('article', { name: 'Your message' }).getByRole('link', { name: DOCUMENT_NAME }).waitFor();
    await lastAnswer(page).locator('.sources').getByRole('button', { name: new RegExp(`^Source \\d+: ${DOCUMENT_NAME}`) }).first().click();
    expect(await page.getByRole('dialog', { name: DOCUMENT_NAME }).locator('.citation-passage').innerText()).toContain(CODE_WORD);
    expect(pageErrors).toEqual([]);
  });

  it('attaches with the paperclip and by pasting, shows a refused file with the reason, and sends only once it is removed', async () => {
    const page = await signedInPage();
    await page.getByRole('button', { name: 'Attach files' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0xff, 0x00]) });

    // The server refuses the type (415): the chip says so, in its words, and Send waits for its removal.
    const refused = chip(page, 'tool.exe: Failed');
    await refused.getByText('This type of file is not accepted').waitFor();
    await composer(page).fill('What is for lunch on launch day?');
    const send = page.getByRole('button', { name: 'Send message' });
    expect(await send.isDisabled()).toBe(true);
    await page.getByText('Remove the file that failed to send the message').waitFor();

    // A file pasted into the message box is attached too.
    await page.evaluate(
      `(() => { ${fileTransfer(DOCUMENT_NAME, DOCUMENT, 'text/markdown')}; document.querySelector('.composer textarea').dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer })); })()`,
    );
    await chip(page, new RegExp(`^${DOCUMENT_NAME.replace('.', '\\.')}: `)).waitFor();
    // Pasting a file does not paste its name into the text.
    expect(await composer(page).inputValue()).toBe('What is for lunch on launch day?');

    await refused.getByRole('button', { name: 'Remove tool.exe' }).click();
    await refused.waitFor({ state: 'detached' });
    await send.click();

    await page.getByRole('article', { name: 'Your message' }).getByRole('link', { name: DOCUMENT_NAME }).waitFor();
    const answer = lastAnswer(page);
    await answer.getByRole('button', { name: 'Copy answer' }).waitFor();
    // The file was read (and indexed in the chat) before the answer: its card says so.
    await answer.getByRole('region', { name: 'Your files' }).getByRole('listitem', { name: 'Read your file: Done' }).waitFor();
    expect((await answer.locator('.md').innerText()).toLowerCase()).toContain('vegetable soup');
    expect(pageErrors).toEqual([]);
  });
});
