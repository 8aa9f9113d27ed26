import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/**
 * The pages a browser test opened, with their console output and uncaught errors, so each test
 * starts clean and a failing one reports screenshots, the browser console and the apps' logs.
 */
export class WatchedPages {
  private readonly pages: Page[] = [];
  private readonly console: string[] = [];
  /**
   * Uncaught page errors of the current test, and anything the content security policy refused
   * (the SPA must run entirely under it): tests assert it stays empty.
   */
  readonly errors: string[] = [];

  track(page: Page): Page {
    page.on('console', (message) => {
      this.console.push(`[${message.type()}] ${message.text()}`);
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) this.errors.push(message.text());
    });
    page.on('pageerror', (error) => this.errors.push(String(error)));
    this.pages.push(page);
    return page;
  }

  /** Closes the previous test's browser contexts and forgets its output. */
  async reset(): Promise<void> {
    await Promise.all(this.pages.splice(0).map((page) => page.context().close()));
    this.console.length = 0;
    this.errors.length = 0;
  }

  /** Screenshots every page into test-results/ and prints them with the console and `logs`. */
  async report(testName: string, logs: Record<string, string>): Promise<void> {
    await mkdir('test-results', { recursive: true });
    const shots = await Promise.all(
      this.pages.map(async (page, index) => {
        const path = `test-results/e2e-${testName.replace(/\W+/g, '-')}-${index}.png`;
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        return `${page.url()} → ${path}`;
      }),
    );
    const sections = Object.entries(logs).flatMap(([name, text]) => [`--- ${name} ---`, text]);
    console.error(['--- pages ---', ...shots, '--- browser console ---', ...this.console, ...sections].join('\n'));
  }
}
