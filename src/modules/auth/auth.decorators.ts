import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '../users/user.entity';
import type { ApiScope, Principal } from './principal';

/** A marker decorator: `@Flag()` sets `true`, read back with `reflector.getAllAndOverride`. */
const flag = () => Reflector.createDecorator<void, true>({ transform: () => true });

/*
 * Every route declares who may call it, on the route or its controller: `@Public()`,
 * `@SessionOnly()`, `@RequireScope(scope)` or `@AnyScope()` (see access-policy.ts). The app refuses
 * to boot when a route declares none.
 */

/** Route needs no credentials (still rate limited per IP). */
export const Public = flag();
/** Route needs one of these roles. */
export const Roles = Reflector.createDecorator<UserRole[]>();
/** API keys calling this route must carry the scope (sessions have every scope). */
export const RequireScope = Reflector.createDecorator<ApiScope>();
/** Route refuses API keys: only an interactive session may use it (e.g. minting more keys). */
export const SessionOnly = flag();
/** API keys of any scope may call this route: it only tells callers who they are (`/auth/me`). */
export const AnyScope = flag();
/**
 * Route also takes the access token as `?token=` (EventSource and plain links cannot send
 * headers). The query string is redacted from logs.
 */
export const AllowQueryToken = flag();
/**
 * Route also serves widget visitors, who have no account: a request without any credentials
 * passes the guard without a principal (charged to its IP), and the handler must check the
 * visitor's session itself. Requests with credentials are held to the route's policy as usual.
 */
export const AllowWidgetVisitors = flag();
export { AuthAttempt, SkipRateLimit } from './request-budgets';

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The caller of a route that also admits visitors (`@AllowWidgetVisitors`): undefined for a visitor. */
export const OptionalPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

/** The caller of an authenticated route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
