import { request } from './http';

export type Role = 'user' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface AuthSession {
  accessToken: string;
  refreshToken: string;
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
