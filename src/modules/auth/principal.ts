import { UserRole } from '../users/user.entity';

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

interface Caller {
  userId: string;
  /**
   * The role the caller acts with, as stored in the database now: never a copy carried by a
   * token, so a demotion takes effect on the next request. Read only when a decision needs it
   * and at most once per request (see SessionTokensService). An API key acts as admin only when
   * it carries the admin scope.
   */
  currentRole(): Promise<UserRole>;
}

/** Who is calling: resolved once per request by the AuthGuard. */
export type Principal =
  | (Caller & {
      kind: 'session';
      /**
       * The login this access token belongs to (its refresh token family): what logout ends on
       * every node at once. Absent from tokens minted before access tokens named their session.
       */
      sessionId?: string;
    })
  | (Caller & { kind: 'api_key'; apiKeyId: string; scopes: readonly ApiScope[] });

export async function isAdmin(caller: Pick<Principal, 'currentRole'>): Promise<boolean> {
  return (await caller.currentRole()) === UserRole.Admin;
}
