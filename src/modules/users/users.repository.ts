import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { User, UserRole } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: UserRole;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /** The admin who registered first. */
  firstAdmin(): Promise<User | null> {
    return this.users.findOne({ where: { role: UserRole.Admin }, order: { createdAt: 'ASC' } });
  }

  async hasAnyUser(): Promise<boolean> {
    return (await this.users.createQueryBuilder('u').select('1').limit(1).getRawOne()) !== undefined;
  }

  async insert(user: NewUser): Promise<User> {
    const entity = this.users.create({ ...user, id: randomUUID() });
    await this.users.insert(entity);
    return (await this.findById(entity.id)) as User;
  }
}
