import type { UserRole } from '../users/user.entity';

/** Scopes an API key can carry. Persisted in api_keys.scopes: never rename, only add. */
export enum ApiScope {
  Chat = 'chat',
  Files = 'files',
  Widgets = 'widgets',
  Webhooks = 'webhooks',
  Admin = 'admin',
}

export const ALL_API_SCOPES: readonly ApiScope[] = Object.values(ApiScope);
/** What a key gets when none are asked for: everything but admin. */
export const DEFAULT_API_SCOPES: readonly ApiScope[] = ALL_API_SCOPES.filter((s) => s !== ApiScope.Admin);

/** Who is calling: resolved once per request by the AuthGuard. */
export type Principal =
  | { kind: 'session'; userId: string; role: UserRole }
  | { kind: 'api_key'; userId: string; role: UserRole; apiKeyId: string; scopes: readonly ApiScope[] };

export function hasScope(principal: Principal, scope: ApiScope): boolean {
  return principal.kind === 'session' || principal.scopes.includes(scope);
}
