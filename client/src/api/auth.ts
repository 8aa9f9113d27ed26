import type { AuthSession, Credentials, Registration, User } from '../../../src/contracts/auth';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { AuthSession, User } from '../../../src/contracts/auth';

export function login(credentials: Credentials): Promise<AuthSession> {
  return request('/auth/login', { method: 'POST', body: credentials, auth: false });
}

export function register(registration: Registration): Promise<AuthSession> {
  return request('/auth/register', { method: 'POST', body: registration, auth: false });
}

export function logout(refreshToken: string): Promise<void> {
  return request('/auth/logout', { method: 'POST', body: { refreshToken }, auth: false });
}

export function fetchMe(signal?: AbortSignal): Promise<User> {
  return request('/auth/me', { signal });
}
