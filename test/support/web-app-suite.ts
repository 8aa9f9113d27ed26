import { afterAll, beforeAll } from 'vitest';
import { startWebApp, type RunningWebApp } from './test-app';
import { TestEnvironment } from './test-environment';
import { registerUser, type Session } from './users';

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

/** What `twoUsersPerSuite()` started: the suite's app and two registered users of it. */
export interface TwoUsersSuite extends WebAppSuite {
  readonly alice: Session;
  readonly bob: Session;
  /** A request to `/api/v1${path}` as alice, or as `init.session`. */
  readonly api: (path: string, init?: RequestInit & { json?: unknown; session?: Session }) => Promise<Response>;
}

/** Suites about one user's data, and another user's not reaching it: `webAppPerSuite()` with alice and bob registered. Call inside describe(). */
export function twoUsersPerSuite(overrides: Record<string, string> = {}): TwoUsersSuite {
  const suite = webAppPerSuite(overrides);
  let alice: Session | undefined;
  let bob: Session | undefined;
  beforeAll(async () => {
    alice = await registerUser(suite.web, 'alice@example.com');
    bob = await registerUser(suite.web, 'bob@example.com');
  });
  const registered = (session: Session | undefined): Session => {
    if (session === undefined) throw new Error('the suite users are not registered yet: read them in hooks and tests');
    return session;
  };
  return {
    get env() {
      return suite.env;
    },
    get web() {
      return suite.web;
    },
    get alice() {
      return registered(alice);
    },
    get bob() {
      return registered(bob);
    },
    api: (path, init = {}) => {
      const { session = registered(alice), ...rest } = init;
      return suite.web.request(`/api/v1${path}`, { ...rest, token: session.accessToken });
    },
  };
}
