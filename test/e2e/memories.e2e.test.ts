import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { browserSuite } from './support/browser-suite';
import { openSignedInPage } from './support/signed-in';

const PASSWORD = 'correct horse battery';
/** What the API says catches up with what the page shows within this. */
const POLL = { timeout: 10_000, interval: 100 };

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

interface MemoryDto {
  id: string;
  category: string;
  key: string;
  value: string;
}

interface FeedbackDto {
  messageId: string;
  kind: string;
  note: string | null;
}

/** Memories, the per-chat memory switch and feedback on answers, in Chromium against the built app (offline mode). */
describe('memories and feedback in the browser', () => {
  const suite = browserSuite();
  const { watched } = suite;
  const pageErrors = watched.errors;
  let session: Session;

  // A user of their own for each test: memories are per user, and each test starts with none.
  beforeEach(async () => {
    const response = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `memories-${randomUUID().slice(0, 8)}@example.com`, password: PASSWORD, name: 'Memory Tester' }),
    });
    expect(response.status).toBe(201);
    session = (await response.json()) as Session;
  });

  async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${suite.app.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${session.accessToken}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.ok, `${init.method ?? 'GET'} ${path} answered ${response.status}`).toBe(true);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  const signedInPage = (path: string): Promise<Page> => openSignedInPage(suite, session, path);

  /**
   * Adds a memory and waits until recall can find it: the index is rebuilt by a debounced job
   * (about a second later, more on a loaded machine), and a question asked before that recalls none.
   */
  async function rememberIndexed(fields: { category: string; key: string; value: string }): Promise<void> {
    await api('/memories', { method: 'POST', body: fields });
    await expect
      .poll(async () => (await suite.app.env.query(`SELECT 1 FROM vector_chunks WHERE owner_user_id = ? AND group_kind = 'memory'`, [session.user.id])).length, { timeout: 30_000, interval: 100 })
      .toBe(1);
  }

  /** Asks in a new chat and waits for the finished answer. */
  async function askNewChat(page: Page, text: string): Promise<{ chatId: string; answer: Locator }> {
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(text);
    await composer.press('Enter');
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    const answer = page.getByRole('article', { name: 'Answer' }).last();
    await answer.getByRole('button', { name: 'Copy answer' }).waitFor();
    return { chatId: new URL(page.url()).pathname.split('/').at(-1) ?? '', answer };
  }


  it('edits a memory in place, keeps the edit after a reload, refuses a clash inline, and deletes with undo', async () => {
    await api('/memories', { method: 'POST', body: { category: 'preferences', key: 'Favourite colour', value: 'green' } });
    await api('/memories', { method: 'POST', body: { category: 'work', key: 'Employer', value: 'Analytical Engines' } });

    const page = await signedInPage('/chat');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Memories' }).click();
    await page.getByRole('heading', { name: 'Memories', level: 1 }).waitFor();
    const preferences = page.getByRole('region', { name: /^Preferences/ });
    await preferences.getByText('Favourite colour').waitFor();
    await page.getByRole('region', { name: /^Work/ }).getByText('Analytical Engines').waitFor();

    // Edit: Enter saves.
    await page.getByRole('button', { name: 'Edit “Favourite colour”' }).click();
    const value = page.getByRole('textbox', { name: 'Value' });
    await value.fill('dark green');
    await value.press('Enter');
    await preferences.getByText('dark green', { exact: true }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Value' }).count()).toBe(0);

    await page.reload();
    await page.getByRole('region', { name: /^Preferences/ }).getByText('dark green', { exact: true }).waitFor();
    const afterEdit = await api<MemoryDto[]>('/memories');
    expect(afterEdit.find((memory) => memory.key === 'Favourite colour')?.value).toBe('dark green');

    // Moving "Employer" onto the same category and key is refused in place; Esc leaves it as it was.
    await page.getByRole('button', { name: 'Edit “Employer”' }).click();
    await page.getByRole('combobox', { name: 'Category' }).selectOption('preferences');
    const key = page.getByRole('textbox', { name: 'Key' });
    await key.fill('favourite colour');
    await key.press('Enter');
    await page.getByRole('alert').getByText('You already have a memory “favourite colour” in Preferences').waitFor();
    await key.press('Escape');
    await page.getByRole('region', { name: /^Work/ }).getByText('Employer').waitFor();
    // The cursor is back on the Edit button it left from.
    expect(await page.locator('button:focus').getAttribute('aria-label')).toBe('Edit “Employer”');

    // The search filter, then delete with undo, then delete for good.
    const search = page.getByRole('searchbox', { name: 'Search memories' });
    await search.fill('GREEN');
    await page.getByRole('region', { name: /^Work/ }).waitFor({ state: 'detached' });
    await search.fill('');
    await page.getByRole('button', { name: 'Delete “Favourite colour”' }).click();
    const undo = page.getByRole('status').filter({ hasText: 'Deleted “Favourite colour”' });
    await undo.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('region', { name: /^Preferences/ }).getByText('dark green', { exact: true }).waitFor();
    expect((await api<MemoryDto[]>('/memories')).map((memory) => memory.key).sort()).toEqual(['Employer', 'Favourite colour']);

    await page.getByRole('button', { name: 'Delete “Favourite colour”' }).click();
    await page.getByRole('region', { name: /^Preferences/ }).waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('region', { name: /^Work/ }).getByText('Employer').waitFor();
    expect(await page.getByText('Favourite colour').count()).toBe(0);
    expect((await api<MemoryDto[]>('/memories')).map((memory) => memory.key)).toEqual(['Employer']);

    // Delete all, behind a confirmation; the empty page says what memories are and that incognito never uses them.
    await page.getByRole('button', { name: 'Delete all memories' }).click();
    await page.getByRole('dialog', { name: 'Delete all memories?' }).getByRole('button', { name: 'Delete all' }).click();
    await page.getByText('No memories yet').waitFor();
    await page.getByText(/Incognito chats never use or add memories/).first().waitFor();
    expect(await api<MemoryDto[]>('/memories')).toEqual([]);

    // Adding one by hand.
    await page.getByRole('button', { name: 'Add a memory' }).click();
    await page.getByRole('combobox', { name: 'Category' }).selectOption('health');
    await page.getByRole('textbox', { name: 'Key' }).fill('Allergies');
    await page.getByRole('textbox', { name: 'Value' }).fill('peanuts');
    await page.getByRole('button', { name: 'Add memory' }).click();
    await page.getByRole('region', { name: /^Health/ }).getByText('peanuts').waitFor();
    expect((await api<MemoryDto[]>('/memories')).map(({ category, key, value }) => ({ category, key, value }))).toEqual([
      { category: 'health', key: 'Allergies', value: 'peanuts' },
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('rates an answer with a thumb that stays after a reload, takes a note with 👎, and takes it back', async () => {
    const page = await signedInPage('/chat');
    await page.getByText('Start a conversation').waitFor();
    const { chatId, answer } = await askNewChat(page, 'What is the capital of France?');

    // Pressed or not, as the accessible state of each toggle button.
    const thumb = (scope: Locator, name: 'Good answer' | 'Bad answer', pressed: boolean) => scope.getByRole('button', { name, pressed });
    await answer.getByRole('button', { name: 'Good answer' }).click();
    await thumb(answer, 'Good answer', true).waitFor();
    await thumb(answer, 'Bad answer', false).waitFor();
    await expect.poll(async () => (await api<FeedbackDto[]>(`/feedback?chatId=${chatId}`)).map((item) => item.kind), POLL).toEqual(['positive']);

    await page.reload();
    const reloaded = page.getByRole('article', { name: 'Answer' }).last();
    await thumb(reloaded, 'Good answer', true).waitFor();
    await thumb(reloaded, 'Bad answer', false).waitFor();

    // 👎 replaces 👍 and asks what was wrong; Enter sends the note.
    await reloaded.getByRole('button', { name: 'Bad answer' }).click();
    const note = reloaded.getByRole('textbox', { name: /What was wrong/ });
    await note.fill('It forgot the population');
    await note.press('Enter');
    await note.waitFor({ state: 'detached' });
    await thumb(reloaded, 'Good answer', false).waitFor();
    await expect
      .poll(async () => (await api<FeedbackDto[]>(`/feedback?chatId=${chatId}`)).map(({ kind, note: text }) => ({ kind, note: text })), POLL)
      .toEqual([{ kind: 'negative', note: 'It forgot the population' }]);

    // Pressing the active thumb again takes the feedback back.
    await thumb(reloaded, 'Bad answer', true).click();
    await thumb(reloaded, 'Bad answer', false).waitFor();
    await expect.poll(async () => api<FeedbackDto[]>(`/feedback?chatId=${chatId}`), POLL).toEqual([]);
    await page.reload();
    const last = page.getByRole('article', { name: 'Answer' }).last();
    await last.getByRole('button', { name: 'Copy answer' }).waitFor();
    // Loaded (the thumbs wait for the chat's feedback) and neither pressed.
    await expect.poll(() => last.getByRole('button', { name: 'Bad answer' }).isEnabled(), POLL).toBe(true);
    expect(await last.getByRole('button', { pressed: true }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('switches memory off for one chat, kept after a reload, and that chat then recalls no memories', async () => {
    await rememberIndexed({ category: 'personal', key: 'name', value: 'Ada' });
    const page = await signedInPage('/chat');
    await page.getByText('Start a conversation').waitFor();
    // On (the default), the question recalls the memory ...
    const { chatId, answer } = await askNewChat(page, 'What is my name?');
    await answer.getByRole('button', { name: 'Used 1 memory' }).waitFor();

    await page.getByRole('switch', { name: 'Memory', checked: true }).click();
    await page.getByRole('switch', { name: 'Memory', checked: false }).waitFor();
    await expect.poll(async () => (await api<{ memoryEnabled: boolean }>(`/chats/${chatId}`)).memoryEnabled, POLL).toBe(false);
    await page.reload();
    await page.getByRole('switch', { name: 'Memory', checked: false }).waitFor();

    // ... off, the same question in the same chat recalls nothing.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('What is my name?');
    await composer.press('Enter');
    const answers = page.getByRole('article', { name: 'Answer' });
    await answers.nth(1).getByRole('button', { name: 'Copy answer' }).waitFor();
    expect(await answers.nth(1).getByRole('button', { name: /^Used \d+ memor/ }).count()).toBe(0);
    expect(await answers.nth(0).getByRole('button', { name: 'Used 1 memory' }).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('says which memories an answer used, and links to them on the Memories page', async () => {
    await rememberIndexed({ category: 'personal', key: 'name', value: 'Ada' });
    const page = await signedInPage('/chat');
    await page.getByText('Start a conversation').waitFor();
    const { answer } = await askNewChat(page, 'What is my name?');

    const used = answer.getByRole('button', { name: 'Used 1 memory' });
    await used.click();
    expect(await used.getAttribute('aria-expanded')).toBe('true');
    await answer.getByText('Ada', { exact: true }).waitFor();
    await answer.getByRole('link', { name: 'name', exact: true }).click();
    await page.waitForURL(/\/memories\?q=name$/);
    expect(await page.getByRole('searchbox', { name: 'Search memories' }).inputValue()).toBe('name');
    await page.getByRole('region', { name: /^Personal/ }).getByText('Ada').waitFor();

    // Stored with the answer: still there after a reload of the chat.
    await page.goBack();
    await page.reload();
    await page.getByRole('article', { name: 'Answer' }).last().getByRole('button', { name: 'Used 1 memory' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('learns a fact the user states in a chat, shown on the Memories page with a link to that chat', async () => {
    const page = await signedInPage('/chat');
    await page.getByText('Start a conversation').waitFor();
    const { chatId } = await askNewChat(page, 'My favourite colour is green.');

    // Extraction runs in the background, as the answer is written.
    await expect
      .poll(async () => (await api<MemoryDto[]>('/memories')).map(({ category, key, value }) => `${category}/${key}=${value}`), { timeout: 30_000, interval: 250 })
      .toEqual(['preferences/favourite colour=green']);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Memories' }).click();
    const row = page.getByRole('region', { name: /^Preferences/ }).getByRole('listitem').filter({ hasText: 'favourite colour' });
    await row.getByText('green', { exact: true }).waitFor();
    await row.getByRole('link', { name: 'Learnt in a chat' }).click();
    await page.waitForURL(new RegExp(`/chat/${chatId}$`));
    expect(pageErrors).toEqual([]);
  });
});
