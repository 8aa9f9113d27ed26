import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RateLimitService } from '../../../infra/redis/rate-limit.service';
import { AuthAttempt, SkipRateLimit, type AuthenticatedRequest } from '../auth.decorators';

/**
 * Request budgets, counted in Redis across all nodes: per user when authenticated, per IP
 * otherwise; authentication attempts also spend a stricter per-IP budget. Runs after AuthGuard.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride(SkipRateLimit, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride(AuthAttempt, targets)) await this.limits.consume('auth', request.ip);
    if (request.principal) await this.limits.consume('user', request.principal.userId);
    else await this.limits.consume('ip', request.ip);
    return true;
  }
}
