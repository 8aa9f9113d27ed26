import { Controller, Get, type ExecutionContext, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { codeOf } from '../../../common/testing/rejection-of';
import type { RateLimitService } from '../../../infra/redis/rate-limit.service';
import type { ApiKeysService } from '../../api-keys/api-keys.service';
import { UserRole } from '../../users/user.entity';
import { AnyScope, Public, RequireScope, Roles, SessionOnly, type AuthenticatedRequest } from '../auth.decorators';
import { ApiScope, type Principal } from '../principal';
import type { SessionTokensService } from '../session-tokens.service';
import { AuthGuard } from './auth.guard';

@Controller('chat-things')
@RequireScope(ApiScope.Chat)
class ChatScoped {
  @Get()
  list(): void {}

  @AnyScope()
  @Get('whoami')
  whoami(): void {}

  @SessionOnly()
  @Get('keys')
  keys(): void {}

  @Public()
  @Get('open')
  open(): void {}
}

@Controller('admin-things')
@RequireScope(ApiScope.Admin)
@Roles([UserRole.Admin])
class AdminOnly {
  @Get()
  settings(): void {}
}

@Controller('forgotten')
class Undeclared {
  @Get()
  anything(): void {}
}

const SESSION_TOKEN = 'jwt-of-a-session';
const SPENT_USER = 'u-spent';
/** Tokens with a valid signature, whose user, and whether their session was ended since. */
const SESSIONS: Record<string, { userId: string; ended?: boolean }> = {
  [SESSION_TOKEN]: { userId: 'u1' },
  'jwt-of-an-ended-session': { userId: 'u1', ended: true },
  'jwt-of-a-user-over-budget': { userId: SPENT_USER },
};
const KEYS: Record<string, readonly ApiScope[]> = {
  sk_webhooks: [ApiScope.Webhooks],
  sk_chat: [ApiScope.Chat],
  sk_admin: [ApiScope.Chat, ApiScope.Admin],
};

interface Outcome {
  /** What the guard attached to the request. */
  principal: Principal | undefined;
  /** How often the stored role was read. */
  roleReads: number;
}

/** What the guard charged to request budgets, across calls (tests clear it). */
const budgetCharges: string[] = [];

/** Runs the guard for `Class.method` with `credential` as a bearer token, for a user whose stored role is `role`. */
async function callRoute(controller: Type, method: string, credential: string | undefined, role = UserRole.User): Promise<Outcome> {
  const currentRole = vi.fn(() => Promise.resolve(role));
  // As the real service: what the guard does alongside has settled before the verdict.
  const sessions = {
    verifyAccessToken: async (token: string, alongside?: (userId: string) => Promise<void>): Promise<Principal> => {
      const session = SESSIONS[token];
      if (!session) throw new Error('bad token');
      const beside = await Promise.allSettled([alongside?.(session.userId)]);
      if (session.ended) throw new AppException(ErrorCode.TokenInvalid, 'The access token is not valid.');
      if (beside[0].status === 'rejected') throw beside[0].reason;
      return { kind: 'session', userId: session.userId, currentRole };
    },
  };
  const apiKeys = {
    authenticate: (key: string): Promise<Principal> =>
      Promise.resolve({ kind: 'api_key', userId: 'u1', apiKeyId: key, scopes: KEYS[key] ?? [], currentRole }),
  };
  const charge = (bucket: string, key: string): Promise<void> => {
    budgetCharges.push(`${bucket}:${key}`);
    return key === SPENT_USER ? Promise.reject(new AppException(ErrorCode.RateLimited, 'Too many requests')) : Promise.resolve();
  };
  // Whether a charge waits for Redis is RateLimitService's to decide (its own spec): here both answer alike.
  const limits = {
    consume: charge,
    consumeAhead: charge,
    refund: (bucket: string, key: string): Promise<void> => {
      budgetCharges.push(`refund ${bucket}:${key}`);
      return Promise.resolve();
    },
  };
  const guard = new AuthGuard(
    new Reflector(),
    sessions as unknown as SessionTokensService,
    apiKeys as unknown as ApiKeysService,
    limits as unknown as RateLimitService,
  );
  const request: AuthenticatedRequest & { headers: Record<string, string>; query: object; ip: string; routeOptions: object } = {
    headers: credential ? { authorization: `Bearer ${credential}` } : {},
    query: {},
    ip: '203.0.113.9',
    routeOptions: { config: {} },
  };
  const context = {
    getHandler: () => (controller.prototype as Record<string, unknown>)[method],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  await guard.canActivate(context);
  return { principal: request.principal, roleReads: currentRole.mock.calls.length };
}

describe('AuthGuard', () => {
  it('charges the IP budget when credentials fail, so guessing keys or tokens is throttled', async () => {
    budgetCharges.length = 0;
    await expect(callRoute(ChatScoped, 'list', 'a-forged-token')).rejects.toThrow('bad token');
    expect(budgetCharges).toEqual(['ip:203.0.113.9']);

    budgetCharges.length = 0;
    await callRoute(ChatScoped, 'list', 'sk_chat');
    expect(budgetCharges).toEqual([]);
  });

  it("charges a session's user while it checks the session, and gives the point back if the session was ended", async () => {
    budgetCharges.length = 0;
    await callRoute(ChatScoped, 'list', SESSION_TOKEN);
    expect(budgetCharges).toEqual(['user:u1']);

    budgetCharges.length = 0;
    expect(await codeOf(callRoute(ChatScoped, 'list', 'jwt-of-an-ended-session'))).toBe(ErrorCode.TokenInvalid);
    expect(budgetCharges).toEqual(['user:u1', 'refund user:u1', 'ip:203.0.113.9']);
  });

  it('answers RATE_LIMITED for a live session whose user spent the budget, without charging the IP', async () => {
    budgetCharges.length = 0;
    expect(await codeOf(callRoute(ChatScoped, 'list', 'jwt-of-a-user-over-budget'))).toBe(ErrorCode.RateLimited);
    expect(budgetCharges).toEqual([`user:${SPENT_USER}`]);
  });

  it('lets anyone through a public route without authenticating', async () => {
    await expect(callRoute(ChatScoped, 'open', undefined)).resolves.toEqual({ principal: undefined, roleReads: 0 });
  });

  it('asks for credentials on every other route', async () => {
    expect(await codeOf(callRoute(ChatScoped, 'list', undefined))).toBe(ErrorCode.Unauthenticated);
  });

  it('admits a key to a route only with the scope the route requires', async () => {
    await expect(callRoute(ChatScoped, 'list', 'sk_chat')).resolves.toMatchObject({ principal: { kind: 'api_key' } });
    expect(await codeOf(callRoute(ChatScoped, 'list', 'sk_webhooks'))).toBe(ErrorCode.InsufficientScope);
  });

  it("lets a route's own declaration override its controller's", async () => {
    await expect(callRoute(ChatScoped, 'whoami', 'sk_webhooks')).resolves.toMatchObject({ principal: { kind: 'api_key' } });
    expect(await codeOf(callRoute(ChatScoped, 'keys', 'sk_chat'))).toBe(ErrorCode.Forbidden);
  });

  it('refuses every key on a route that declares nothing (fail closed), sessions still pass', async () => {
    expect(await codeOf(callRoute(Undeclared, 'anything', 'sk_admin'))).toBe(ErrorCode.Forbidden);
    await expect(callRoute(Undeclared, 'anything', SESSION_TOKEN)).resolves.toMatchObject({ principal: { kind: 'session' } });
  });

  it('lets sessions call scoped, any-scope and session-only routes alike', async () => {
    for (const method of ['list', 'whoami', 'keys']) {
      await expect(callRoute(ChatScoped, method, SESSION_TOKEN)).resolves.toMatchObject({ principal: { kind: 'session' } });
    }
  });

  it('needs the admin scope and the admin role for admin settings', async () => {
    expect(await codeOf(callRoute(AdminOnly, 'settings', 'sk_chat', UserRole.Admin))).toBe(ErrorCode.InsufficientScope);
    expect(await codeOf(callRoute(AdminOnly, 'settings', 'sk_admin', UserRole.User))).toBe(ErrorCode.Forbidden);
    expect(await codeOf(callRoute(AdminOnly, 'settings', SESSION_TOKEN, UserRole.User))).toBe(ErrorCode.Forbidden);
    await expect(callRoute(AdminOnly, 'settings', 'sk_admin', UserRole.Admin)).resolves.toMatchObject({ principal: { kind: 'api_key' } });
    await expect(callRoute(AdminOnly, 'settings', SESSION_TOKEN, UserRole.Admin)).resolves.toMatchObject({ principal: { kind: 'session' } });
  });

  it('reads the stored role only on routes that restrict roles', async () => {
    expect((await callRoute(ChatScoped, 'list', SESSION_TOKEN)).roleReads).toBe(0);
    expect((await callRoute(AdminOnly, 'settings', SESSION_TOKEN, UserRole.Admin)).roleReads).toBe(1);
  });
});
