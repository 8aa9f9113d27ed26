import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startApp, type AppProcess, type StartOptions } from './app-process';
import { launchChromium } from './browser';
import { WatchedPages } from './watched-pages';

/** What `browserSuite()` started: read it in hooks and tests, once the suite's beforeAll has run. */
export interface BrowserSuite {
  readonly app: AppProcess;
  readonly browser: Browser;
  /** The current test's pages; `watched.errors` (page errors, CSP violations) should stay empty. */
  readonly watched: WatchedPages;
}

/**
 * Most browser suites need the built app and one Chromium: this registers the hooks that start
 * and stop them, and gives each test fresh pages whose screenshots, console and app logs are
 * printed when it fails. Call inside describe(), before the suite's own hooks. `options` may be a
 * function, called in beforeAll, when the app's environment depends on something started first
 * (a fake model server's address).
 */
export function browserSuite(options: StartOptions | (() => Promise<StartOptions>) = {}): BrowserSuite {
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  const watched = new WatchedPages();
  beforeAll(async () => {
    const start = async (): Promise<AppProcess> => startApp(typeof options === 'function' ? await options() : options);
    [app, browser] = await Promise.all([start(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  beforeEach(async ({ task, onTestFailed }) => {
    // Each test starts from its own browser contexts and reports only its own output.
    await watched.reset();
    onTestFailed(() => watched.report(task.name, { 'app output': app?.logs() ?? '' }));
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite app is not started yet: read it in hooks and tests');
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    watched,
  };
}
