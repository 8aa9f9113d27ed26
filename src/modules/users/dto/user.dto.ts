import type { User as UserContract } from '../../../contracts/auth';
import type { User, UserRole } from '../user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto implements UserContract {
  id!: string;
  email!: string;
  name!: string;
  role!: UserRole;
  createdAt!: string;

  static from(user: User): UserDto {
    return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
  }
}
