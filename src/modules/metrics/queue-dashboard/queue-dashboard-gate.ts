import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { RateLimitService } from '../../../infra/redis/rate-limit.service';
import { budgetAfterAuthentication } from '../../auth/request-budgets';
import { SessionTokensService } from '../../auth/session-tokens.service';
import { UserRole } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { QueueDashboardPasses } from './queue-dashboard-passes';

/** Where the dashboard's page and its API live, outside the versioned API (it is no API of ours). */
export const QUEUE_DASHBOARD_PATH = '/api/admin/queues';
/** The cookie that carries a pass, sent by the browser to the dashboard's paths alone. */
export const PASS_COOKIE = 'sb_queue_dashboard';

/**
 * Who may see the queue dashboard: admins, signed in with a pass cookie (a browser, see
 * QueueDashboardController) or an access token (`Authorization: Bearer`, for scripts reading its
 * API). The role is read from the database on every request, so a demoted admin's pass opens
 * nothing, and a pass dies with the session it was opened from (logout, on every node). API keys are refused like any invalid token: the dashboard shows every user's jobs.
 * The dashboard is read-only: only GET and HEAD pass.
 */
@Injectable()
export class QueueDashboardGate {
  constructor(
    private readonly passes: QueueDashboardPasses,
    private readonly sessions: SessionTokensService,
    private readonly users: UsersService,
    private readonly limits: RateLimitService,
  ) {}

  /** Resolves for an admin; else UNAUTHENTICATED/TOKEN_* (401), FORBIDDEN (403) or METHOD_NOT_ALLOWED (405). */
  async admit(request: FastifyRequest): Promise<void> {
    let role: UserRole;
    try {
      role = await this.callerRole(request);
    } catch (error) {
      // As in AuthGuard: credentials that fail cost their IP's budget (a request without a bearer
      // token was charged before this hook), so guessing passes or tokens is throttled.
      if (budgetAfterAuthentication(request, false) === 'ip') await this.limits.consume('ip', request.ip);
      throw error;
    }
    if (role !== UserRole.Admin) {
      throw new AppException(ErrorCode.Forbidden, 'Only admins may see the queue dashboard.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      throw new AppException(ErrorCode.MethodNotAllowed, 'The queue dashboard is read-only.');
    }
  }

  private async callerRole(request: FastifyRequest): Promise<UserRole> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) return (await this.sessions.verifyAccessToken(bearer)).currentRole();
    const pass = cookieValue(request.headers.cookie ?? '', PASS_COOKIE);
    if (!pass) throw new AppException(ErrorCode.Unauthenticated, 'Open the queue dashboard from the app, signed in as an admin.');
    const holder = await this.passes.holderOf(pass);
    await this.sessions.assertSessionLive(holder.sessionId, 'The session this queue dashboard pass was opened from has ended; log in again.');
    const user = await this.users.findById(holder.userId);
    if (!user) throw new AppException(ErrorCode.Unauthenticated, 'This account no longer exists.');
    return user.role;
  }
}

/** One cookie's value from a `Cookie` header (`a=1; b=2`), or undefined. */
export function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}
