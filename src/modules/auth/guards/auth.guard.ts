import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { RateLimitService } from '../../../infra/redis/rate-limit.service';
import { API_KEY_PREFIX, ApiKeysService } from '../../api-keys/api-keys.service';
import { accessPolicyOf, type AccessPolicy } from '../access-policy';
import { AllowQueryToken, AllowWidgetVisitors, Roles, type AuthenticatedRequest } from '../auth.decorators';
import type { Principal } from '../principal';
import { budgetAfterAuthentication, carriesCredentials, noteChargedToUser, takeUserCharge } from '../request-budgets';
import { SessionTokensService } from '../session-tokens.service';

type ApiKeyPrincipal = Extract<Principal, { kind: 'api_key' }>;

/**
 * Resolves the caller from `Authorization: Bearer <jwt|sk_…>` or `X-API-Key`, then enforces the
 * route's access policy (see access-policy.ts) and roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionTokensService,
    private readonly apiKeys: ApiKeysService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = accessPolicyOf(this.reflector, context.getHandler(), context.getClass());
    if (policy?.kind === 'public') return true;

    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride(AllowWidgetVisitors, targets) === true && !carriesCredentials(request)) return true;
    let principal: Principal;
    try {
      principal = await this.authenticate(request, this.reflector.getAllAndOverride(AllowQueryToken, targets) === true);
    } catch (error) {
      // A live session whose user's budget is spent: not a failure of the credentials.
      if (error instanceof AppException && error.code === ErrorCode.RateLimited) throw error;
      // An ended session's token must not spend its user's budget (whoever still holds it could
      // keep the user out): the point taken alongside the check goes back.
      const charged = takeUserCharge(request);
      if (charged !== undefined) await this.limits.refund('user', charged);
      // Credentials that fail still cost the node a lookup (an API key is a database query), and
      // the caller has no user budget to spend: charge its IP, so guessing keys or flooding with
      // bogus tokens is throttled like any anonymous traffic.
      if (budgetAfterAuthentication(request, false) === 'ip') await this.limits.consume('ip', request.ip);
      throw error;
    }
    request.principal = principal;

    if (principal.kind === 'api_key') admitApiKey(principal, policy);
    const roles = this.reflector.getAllAndOverride(Roles, targets);
    if (roles && !roles.includes(await principal.currentRole())) {
      throw new AppException(ErrorCode.Forbidden, 'You do not have permission to do this.');
    }
    return true;
  }

  private async authenticate(request: FastifyRequest, allowQueryToken: boolean): Promise<Principal> {
    const apiKeyHeader = request.headers['x-api-key'];
    if (typeof apiKeyHeader === 'string' && apiKeyHeader !== '') return this.apiKeys.authenticate(apiKeyHeader);

    const credential = bearerToken(request) ?? (allowQueryToken ? queryToken(request) : undefined);
    if (!credential) {
      throw new AppException(ErrorCode.Unauthenticated, 'Log in, or send an API key, to use this endpoint.');
    }
    return credential.startsWith(API_KEY_PREFIX)
      ? this.apiKeys.authenticate(credential)
      : this.sessions.verifyAccessToken(credential, (userId) => this.chargeUser(request, userId));
  }

  /**
   * The user's request budget, charged here alongside the session's revocation check rather than
   * by RateLimitGuard after it: one Redis round trip for both when the check asks Redis, and none
   * to wait for while the node knows the session and the first half of the budget is left
   * (RateLimitService.consumeAhead).
   */
  private async chargeUser(request: FastifyRequest, userId: string): Promise<void> {
    if (budgetAfterAuthentication(request, true) !== 'user') return;
    // Noted before the charge: a refused charge still counts (the counter goes past the budget),
    // and an ended session gives back whatever it counted.
    noteChargedToUser(request, userId);
    await this.limits.consumeAhead('user', userId);
  }
}

/** An API key may call a route only when the route says so; anything else fails closed. */
function admitApiKey(key: ApiKeyPrincipal, policy: AccessPolicy | undefined): void {
  if (policy?.kind === 'any-scope') return;
  if (policy?.kind === 'scope') {
    if (key.scopes.includes(policy.scope)) return;
    throw new AppException(ErrorCode.InsufficientScope, `This API key lacks the "${policy.scope}" scope.`);
  }
  if (policy?.kind === 'session-only') {
    throw new AppException(ErrorCode.Forbidden, 'This action needs a logged-in session; API keys cannot use it.');
  }
  // A route that declares nothing (AccessPolicyAudit keeps them from booting) is not for keys.
  throw new AppException(ErrorCode.Forbidden, 'This endpoint does not accept API keys.');
}

function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function queryToken(request: FastifyRequest): string | undefined {
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
