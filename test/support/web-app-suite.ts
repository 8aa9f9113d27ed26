import { afterAll, beforeAll } from 'vitest';
import { startWebApp, type RunningWebApp } from './test-app';
import { TestEnvironment } from './test-environment';

/** What `webAppPerSuite()` started: read it in hooks and tests, once the suite's beforeAll has run. */
export interface WebAppSuite {
  readonly env: TestEnvironment;
  readonly web: RunningWebApp;
}

/** Many medium suites need just a fresh environment with one web app on it: this registers the hooks that start and close them. Call inside describe(). */
export function webAppPerSuite(overrides: Record<string, string> = {}): WebAppSuite {
  let env: TestEnvironment | undefined;
  let web: RunningWebApp | undefined;
  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config(overrides));
  });
  afterAll(async () => {
    await web?.close();
    await env?.dispose();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the suite app is not started yet: read it in hooks and tests');
    return value;
  };
  return {
    get env() {
      return started(env);
    },
    get web() {
      return started(web);
    },
  };
}
