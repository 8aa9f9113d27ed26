import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { API_KEY_PREFIX, ApiKeysService } from '../../api-keys/api-keys.service';
import { AllowQueryToken, Public, RequireScope, Roles, SessionOnly, type AuthenticatedRequest } from '../auth.decorators';
import { hasScope, type Principal } from '../principal';
import { SessionTokensService } from '../session-tokens.service';



/**
 * Resolves the caller from `Authorization: Bearer <jwt|sk_…>` or `X-API-Key`, then enforces the
 * route's role, scope and session-only requirements.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionTokensService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride(Public, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const principal = await this.authenticate(request, this.reflector.getAllAndOverride(AllowQueryToken, targets) === true);
    request.principal = principal;

    if (this.reflector.getAllAndOverride(SessionOnly, targets) && principal.kind !== 'session') {
      throw new AppException(ErrorCode.Forbidden, 'This action needs a logged-in session; API keys cannot use it.');
    }
    const roles = this.reflector.getAllAndOverride(Roles, targets);
    if (roles && !roles.includes(await principal.currentRole())) {
      throw new AppException(ErrorCode.Forbidden, 'You do not have permission to do this.');
    }
    const scope = this.reflector.getAllAndOverride(RequireScope, targets);
    if (scope && !hasScope(principal, scope)) {
      throw new AppException(ErrorCode.InsufficientScope, `This API key lacks the "${scope}" scope.`);
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
      : this.sessions.verifyAccessToken(credential);
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function queryToken(request: FastifyRequest): string | undefined {
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
