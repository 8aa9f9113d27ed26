import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitService } from '../../infra/redis/rate-limit.service';

/**
 * Which budget a route spends before its body is parsed. It rides in Fastify's route config
 * because Nest guards run only after parsing, and anonymous callers (login, register, refresh,
 * scanners) must pay before the node spends anything on their body.
 */
type PreParsingBudget = 'auth' | 'none';

interface BudgetRouteConfig {
  requestBudget?: PreParsingBudget;
}

/** Route spends the per-IP authentication budget (login, register, refresh). */
export const AuthAttempt = (): MethodDecorator => RouteConfig({ requestBudget: 'auth' } satisfies BudgetRouteConfig);
/** Route is exempt from request budgets (health probes from load balancers). */
export const SkipRateLimit = (): MethodDecorator => RouteConfig({ requestBudget: 'none' } satisfies BudgetRouteConfig);

/** Requests whose per-IP budget the hook already charged, so the guard does not charge it twice. */
const chargedBeforeParsing = new WeakSet<FastifyRequest>();

function routeBudget(request: FastifyRequest): PreParsingBudget | undefined {
  return (request.routeOptions.config as BudgetRouteConfig | undefined)?.requestBudget;
}

/** Whether the request presents any credentials (valid or not). */
export function carriesCredentials(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined || query?.token !== undefined;
}

/**
 * Charges anonymous API requests to their IP's budget, and authentication attempts to the
 * stricter per-IP auth budget, in Fastify's `onRequest` phase: before the body is read or parsed.
 * Requests with credentials are charged to their user by the RateLimitGuard once authenticated.
 */
export function chargeAnonymousBudgetsBeforeParsing(fastify: FastifyInstance, limits: RateLimitService): void {
  fastify.addHook('onRequest', async (request) => {
    // The API and the OpenAI-compatible routes; not the SPA and its assets.
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/v1/')) return;
    const budget = routeBudget(request);
    if (budget === 'none') return;
    if (budget === 'auth') await limits.consume('auth', request.ip);
    if (!carriesCredentials(request)) {
      await limits.consume('ip', request.ip);
      chargedBeforeParsing.add(request);
    }
  });
}

/**
 * Requests AuthGuard charged to their user's budget while it checked the session (both in one
 * Redis round trip), and the user charged: the charge is given back if the session was ended.
 */
const chargedToUser = new WeakMap<FastifyRequest, string>();

export function noteChargedToUser(request: FastifyRequest, userId: string): void {
  chargedToUser.set(request, userId);
}

/** The user a request was charged to during authentication, if any; forgotten as it is taken (to refund it). */
export function takeUserCharge(request: FastifyRequest): string | undefined {
  const userId = chargedToUser.get(request);
  chargedToUser.delete(request);
  return userId;
}

/** What is left for the guard to charge once the caller is known. */
export function budgetAfterAuthentication(request: FastifyRequest, authenticated: boolean): 'user' | 'ip' | undefined {
  if (routeBudget(request) === 'none') return undefined;
  if (authenticated) return chargedToUser.has(request) ? undefined : 'user';
  return chargedBeforeParsing.has(request) ? undefined : 'ip';
}
