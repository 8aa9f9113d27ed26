import type { SessionDto } from '../../src/modules/auth/dto/auth.dto';
import type { RunningWebApp } from './test-app';

/** What POST /auth/register and /auth/login answer, as the client receives it. */
export type Session = SessionDto;

/** Scores well above the register policy's zxcvbn minimum, so suites that only need a session never trip WEAK_PASSWORD. */
export const DEFAULT_PASSWORD = 'correct horse battery staple';

export interface RegisterOptions {
  /** Pass it when the suite logs in later; defaults to DEFAULT_PASSWORD. */
  password?: string;
  /** Defaults to the email's local part. */
  name?: string;
}

/**
 * Registers `email` through the API and returns its session. Fails with the response body when the
 * app answers anything but 201, so a suite's setup says why it could not get a user. For suites
 * that test registration itself, call the endpoint directly instead.
 */
export async function registerUser(app: Pick<RunningWebApp, 'request'>, email: string, options: RegisterOptions = {}): Promise<Session> {
  const { password = DEFAULT_PASSWORD, name = email.split('@')[0] ?? email } = options;
  const res = await app.request('/api/v1/auth/register', { method: 'POST', json: { email, password, name } });
  if (res.status !== 201) {
    throw new Error(`registering ${email} answered ${res.status}, expected 201: ${await res.text()}`);
  }
  return (await res.json()) as Session;
}
