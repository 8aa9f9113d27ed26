import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { WatchedPages } from './watched-pages';

/** The tokens the SPA keeps once signed in: what POST /auth/register and /auth/login answer include them. */
export interface SignedInTokens {
  accessToken: string;
  refreshToken: string;
}

export interface SignedInOptions {
  /** Granted to the app's origin, such as ['clipboard-read', 'clipboard-write'] for tests that copy or paste. */
  permissions?: string[];
  /** A phone-sized context (viewport, touch) for layout tests; default: Chromium's desktop viewport. */
  device?: { viewport: { width: number; height: number }; isMobile: boolean; hasTouch: boolean };
}

/**
 * A new browser context on `baseUrl` signed in as `tokens`, where the SPA keeps them (localStorage),
 * before any page loads: tests start signed in without going through the login form. The tokens are
 * only stored when none are there, so signing out or a refresh in a test is kept across reloads.
 */
export async function newSignedInContext(browser: Browser, baseUrl: string, tokens: SignedInTokens, options: SignedInOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, ...options.device });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: baseUrl });
  const stored = JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
  await context.addInitScript(`if (!localStorage.getItem('switchboard.auth')) localStorage.setItem('switchboard.auth', ${JSON.stringify(stored)})`);
  return context;
}

/** Where a test opens pages: its browser, the page watcher and the app (a `browserSuite()` is one). */
export interface PageHost {
  readonly browser: Browser;
  readonly watched: WatchedPages;
  readonly app: { baseUrl: string };
}

/** A watched page, in a new context signed in as `tokens` (see newSignedInContext), opened at `path`. */
export async function openSignedInPage(host: PageHost, tokens: SignedInTokens, path: string, options: SignedInOptions = {}): Promise<Page> {
  const context = await newSignedInContext(host.browser, host.app.baseUrl, tokens, options);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  host.watched.track(page);
  await page.goto(path);
  return page;
}
