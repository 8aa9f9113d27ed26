import type { Reflector } from '@nestjs/core';
import { AnyScope, Public, RequireScope, SessionOnly } from './auth.decorators';
import type { ApiScope } from './principal';

/** A controller class or a route handler: whatever carries decorator metadata. */
export type DecoratedTarget = Parameters<Reflector['get']>[1];

/** Who may call a route, as its decorators declare it. Logged-in sessions may call every non-public route. */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'session-only' }
  | { kind: 'scope'; scope: ApiScope }
  | { kind: 'any-scope' };

/**
 * The policy a route declares: on the handler, else on its controller (a handler's own declaration
 * overrides its controller's). `undefined` when neither declares one; AccessPolicyAudit refuses to
 * boot then, and AuthGuard refuses API keys.
 */
export function accessPolicyOf(reflector: Reflector, handler: DecoratedTarget, controller: DecoratedTarget): AccessPolicy | undefined {
  return declaredOn(reflector, handler) ?? declaredOn(reflector, controller);
}

function declaredOn(reflector: Reflector, target: DecoratedTarget): AccessPolicy | undefined {
  if (reflector.get(Public, target)) return { kind: 'public' };
  if (reflector.get(SessionOnly, target)) return { kind: 'session-only' };
  const scope = reflector.get(RequireScope, target);
  if (scope) return { kind: 'scope', scope };
  if (reflector.get(AnyScope, target)) return { kind: 'any-scope' };
  return undefined;
}
