import type { ApiKey, CreatedApiKey, NewApiKey } from '../../../src/contracts/auth';
import { request } from './http';

/** The wire types are the server's contract (src/contracts). */
export type { ApiKey, CreatedApiKey } from '../../../src/contracts/auth';

export function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return request('/apikeys', { signal });
}

export function createApiKey(input: NewApiKey): Promise<CreatedApiKey> {
  return request('/apikeys', { method: 'POST', body: input });
}

export function revokeApiKey(id: string): Promise<void> {
  return request(`/apikeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
