import { request } from './http';

export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the key, enough to recognise it. */
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** Only the creation response carries the plain key; it cannot be fetched again. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface NewApiKey {
  name: string;
  scopes?: string[];
}

export function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return request('/apikeys', { signal });
}

export function createApiKey(input: NewApiKey): Promise<CreatedApiKey> {
  return request('/apikeys', { method: 'POST', body: input });
}

export function revokeApiKey(id: string): Promise<void> {
  return request(`/apikeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
