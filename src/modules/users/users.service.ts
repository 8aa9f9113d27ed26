import { Injectable } from '@nestjs/common';
import { LockService } from '../../infra/redis/lock.service';
import { User, UserRole } from './user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly locks: LockService,
  ) {}

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** Who owns what the environment configures (a default WhatsApp number or mailbox). */
  firstAdmin(): Promise<User | null> {
    return this.users.firstAdmin();
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(normalizeEmail(email));
  }

  /**
   * Creates a user; the very first one becomes admin. The "is this the first?" check and the
   * insert run under a cluster-wide lock, so two nodes registering at once cannot both win.
   */
  async create(input: { email: string; name: string; passwordHash: string }): Promise<User> {
    const user = { ...input, email: normalizeEmail(input.email), name: input.name.trim() };
    if (await this.users.hasAnyUser()) return this.users.insert({ ...user, role: UserRole.User });
    return this.locks.withLock('users:first-registration', async () => {
      const role = (await this.users.hasAnyUser()) ? UserRole.User : UserRole.Admin;
      return this.users.insert({ ...user, role });
    });
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
