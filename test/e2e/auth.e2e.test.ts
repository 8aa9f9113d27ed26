import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from './support/app-process';
import { browserSuite } from './support/browser-suite';

const PASSWORD = 'correct horse battery';

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
}

describe('signing up, in and out in the browser', () => {
  const suite = browserSuite();
  const { watched } = suite;
  const pageErrors = watched.errors;

  async function newPage(baseUrl = suite.app.baseUrl): Promise<Page> {
    const context = await suite.browser.newContext({ baseURL: baseUrl });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    watched.track(page);
    return page;
  }

  async function storedTokens(page: Page): Promise<StoredTokens | null> {
    const { origins } = await page.context().storageState();
    const raw = origins.flatMap((origin) => origin.localStorage).find((entry) => entry.name === 'switchboard.auth');
    return raw ? (JSON.parse(raw.value) as StoredTokens) : null;
  }

  async function storeTokens(page: Page, tokens: StoredTokens): Promise<void> {
    await page.evaluate(`localStorage.setItem('switchboard.auth', ${JSON.stringify(JSON.stringify(tokens))})`);
  }

  function uniqueEmail(): string {
    return `ada-${randomUUID().slice(0, 8)}@example.com`;
  }

  it('registers, writes in the empty chat, logs out and in, opens settings by URL and creates an API key', async () => {
    const page = await newPage();
    const email = uniqueEmail();

    await page.goto('/register');
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/chat');
    await page.getByText('Start a conversation').waitFor();
    expect(await page.getByRole('button', { name: /account menu/ }).innerText()).toContain('Ada Lovelace');

    // Shift+Enter adds a line; Enter sends: the message joins the conversation and the composer empties.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Hello');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('world');
    expect(await composer.inputValue()).toBe('Hello\nworld');
    await composer.press('Enter');
    await page.waitForURL('**/chat/*');
    await page.getByText('world', { exact: false }).first().waitFor();
    expect(await composer.inputValue()).toBe('');

    const session = await storedTokens(page);
    expect(session?.refreshToken).toBeTruthy();
    await page.getByRole('button', { name: /account menu/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    expect(await storedTokens(page)).toBeNull();
    // Logging out revoked the session on the server as well, not only in this tab.
    const refresh = await fetch(`${suite.app.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: session?.refreshToken }),
    });
    expect(refresh.status).toBe(401);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back in the chat, with the conversation written before logging out.
    await page.waitForURL(/\/chat(\/[0-9a-f-]{36})?$/);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await page.getByRole('link', { name: /Hello/ }).first().waitFor();

    // A deep link typed into the address bar: the server answers with the SPA, which routes it.
    await page.goto('/settings');
    await page.waitForURL('**/settings/account');
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    await page.getByText(email).waitFor();

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No API keys yet').waitFor();
    await page.getByLabel('Key name').fill('CI pipeline');
    await page.getByRole('button', { name: 'Create key' }).click();

    const keyField = page.getByRole('textbox', { name: 'New API key' });
    await keyField.waitFor();
    const plainKey = await keyField.inputValue();
    expect(plainKey).toMatch(/^sk_/);
    await page.getByText("Copy it now. It won't be shown again.").waitFor();
    const row = page.getByRole('row', { name: /CI pipeline/ });
    await row.waitFor();
    const prefix = (await row.locator('code').innerText()).replace('…', '');
    expect(plainKey.startsWith(prefix)).toBe(true);

    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(plainKey);

    await page.getByRole('button', { name: "I've saved it" }).click();
    await keyField.waitFor({ state: 'detached' });
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(plainKey);

    await page.getByRole('button', { name: 'Revoke CI pipeline' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “CI pipeline”?' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No API keys yet').waitFor();

    expect(pageErrors).toEqual([]);
  });

  it('explains a wrong password in plain words, returns to the page asked for, and renews an expired session', async () => {
    const email = uniqueEmail();
    const registration = await fetch(`${suite.app.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, name: 'Grace Hopper' }),
    });
    expect(registration.status).toBe(201);

    const page = await newPage();
    await page.goto('/settings/api-keys');
    await page.waitForURL('**/login');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Email or password is incorrect');
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await page.getByRole('button', { name: /account menu/ }).innerText()).toContain('Grace Hopper');

    // A refused access token is renewed with the refresh token, once for the page's concurrent
    // requests (the refresh token is single-use), and the rotated tokens are kept.
    const session = await storedTokens(page);
    expect(session).not.toBeNull();
    await storeTokens(page, { accessToken: 'no-longer-valid', refreshToken: session?.refreshToken ?? '' });
    await page.reload();
    await page.getByText('No API keys yet').waitFor();
    expect(await page.getByRole('button', { name: /account menu/ }).innerText()).toContain('Grace Hopper');
    const renewed = await storedTokens(page);
    expect(renewed?.accessToken).not.toBe('no-longer-valid');
    expect(renewed?.refreshToken).not.toBe(session?.refreshToken);

    // When the refresh token is refused as well, the session ends and the visitor logs in again.
    await storeTokens(page, { accessToken: 'no-longer-valid', refreshToken: 'no-longer-valid-either' });
    await page.reload();
    await page.waitForURL('**/login');
    expect(await storedTokens(page)).toBeNull();

    expect(pageErrors).toEqual([]);
  });

  it('says how long to wait once login attempts are rate limited', async ({ onTestFailed }) => {
    // Its own app with a budget of two attempts a minute, so the limit cannot spill into other tests.
    const limited = await startApp({ env: { RATE_LIMIT_AUTH_PER_MIN: '2' } });
    onTestFailed(() => console.error(`--- rate-limited app output ---\n${limited.logs()}`));
    try {
      const page = await newPage(limited.baseUrl);
      await page.goto('/login');
      await page.getByLabel('Email').fill(uniqueEmail());
      await page.getByLabel('Password').fill('not the password');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const [response] = await Promise.all([
          page.waitForResponse('**/api/v1/auth/login'),
          page.getByRole('button', { name: 'Log in' }).click(),
        ]);
        statuses.push(response.status());
      }
      expect(statuses).toEqual([401, 401, 429]);
      // The first two attempts left the wrong-password alert up: wait for it to change.
      await page.getByRole('alert').filter({ hasText: /^Too many attempts, try again in \d+ s$/ }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await limited.stop();
    }
  });
});
