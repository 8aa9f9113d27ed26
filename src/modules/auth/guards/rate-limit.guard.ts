import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RateLimitService } from '../../../infra/redis/rate-limit.service';
import type { AuthenticatedRequest } from '../auth.decorators';
import { budgetAfterAuthentication } from '../request-budgets';

/**
 * Request budgets, counted in Redis across all nodes: per user when authenticated, per IP
 * otherwise. Runs after AuthGuard. Anonymous requests were mostly charged before their body was
 * parsed (see request-budgets.ts), and sessions by AuthGuard with their revocation check; this
 * charges what is left (API keys, and a public route's anonymous callers).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimitService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const budget = budgetAfterAuthentication(request, request.principal !== undefined);
    if (budget === 'user' && request.principal) await this.limits.consumeAhead('user', request.principal.userId);
    else if (budget === 'ip') await this.limits.consume('ip', request.ip);
    return true;
  }
}
