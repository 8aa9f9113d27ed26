import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../users/user.entity';
import type { Principal } from '../principal';

/** A logged-in caller whose stored role is `role`, for specs of services that take a principal. */
export function sessionWithRole(role: UserRole, userId: string = randomUUID()): Extract<Principal, { kind: 'session' }> {
  return { kind: 'session', userId, currentRole: () => Promise.resolve(role) };
}
