/** Accounts, sessions and API keys as they travel in JSON (docs/api.md, auth and API keys). Types only (README, repository layout). */

export type UserRole = 'user' | 'admin';

/** A user as the API shows it: never the password hash. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  createdAt: string;
}

/** `POST /auth/login`, `/auth/register`, `/auth/refresh`. */
export interface AuthSession {
  accessToken: string;
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
  user: User;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface Registration extends Credentials {
  name: string;
}

/** What an API key may be used for. */
export type ApiScope = 'chat' | 'files' | 'widgets' | 'webhooks' | 'admin';

export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the key, enough to recognise it. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** Only the creation response carries the plain key; it cannot be fetched again (only its hash is stored). */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

/** `POST /apikeys`. */
export interface NewApiKey {
  name: string;
  /** Defaults to every scope but `admin`. */
  scopes?: ApiScope[];
}
