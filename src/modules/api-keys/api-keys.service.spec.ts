import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import type { RedisClients } from '../../infra/redis/redis.clients';
import { ApiScope } from '../auth/principal';
import { User, UserRole } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import type { ApiKey } from './api-key.entity';
import type { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

type NewApiKey = Parameters<ApiKeysRepository['insert']>[0];

class InMemoryApiKeys
  implements Pick<ApiKeysRepository, 'insert' | 'findActiveByOwner' | 'findActiveByHash' | 'revoke' | 'markUsed'>
{
  readonly rows: ApiKey[] = [];
  readonly inserted: NewApiKey[] = [];
  readonly usedMarks: string[] = [];

  insert(key: NewApiKey): Promise<ApiKey> {
    this.inserted.push({ ...key });
    const row: ApiKey = { ...key, id: randomUUID(), lastUsedAt: null, revokedAt: null, createdAt: new Date() };
    this.rows.push(row);
    return Promise.resolve({ ...row });
  }

  findActiveByOwner(userId: string): Promise<ApiKey[]> {
    return Promise.resolve(this.rows.filter((r) => r.userId === userId && r.revokedAt === null));
  }

  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return Promise.resolve(this.rows.find((r) => r.keyHash === keyHash && r.revokedAt === null) ?? null);
  }

  revoke(userId: string, id: string): Promise<boolean> {
    const row = this.rows.find((r) => r.id === id && r.userId === userId && r.revokedAt === null);
    if (row) row.revokedAt = new Date();
    return Promise.resolve(row !== undefined);
  }

  markUsed(id: string, at: Date): Promise<void> {
    this.usedMarks.push(id);
    const row = this.rows.find((r) => r.id === id);
    if (row) row.lastUsedAt = at;
    return Promise.resolve();
  }
}

class FakeUsers implements Pick<UsersService, 'findById'> {
  readonly byId = new Map<string, User>();

  add(role: UserRole): User {
    const user = Object.assign(new User(), { id: randomUUID(), email: `${role}@example.com`, name: role, role });
    this.byId.set(user.id, user);
    return user;
  }

  findById(id: string): Promise<User | null> {
    return Promise.resolve(this.byId.get(id) ?? null);
  }
}

/** Just enough of RedisClients for SET … EX n NX, with expiry on the (fakeable) clock. */
class FakeRedis {
  private readonly expiries = new Map<string, number>();

  readonly app = {
    set: (key: string, _value: string, ...args: Array<string | number>): Promise<'OK' | null> => {
      const live = (this.expiries.get(key) ?? 0) > Date.now();
      if (args.includes('NX') && live) return Promise.resolve(null);
      const exIndex = args.indexOf('EX');
      const ttlS = exIndex >= 0 ? Number(args[exIndex + 1]) : Infinity;
      this.expiries.set(key, Date.now() + ttlS * 1000);
      return Promise.resolve('OK');
    },
  };

  key(...parts: string[]): string {
    return `sb_spec:${parts.join(':')}`;
  }
}

describe('ApiKeysService', () => {
  let keys: InMemoryApiKeys;
  let users: FakeUsers;
  let service: ApiKeysService;
  let member: User;
  let admin: User;

  beforeEach(() => {
    keys = new InMemoryApiKeys();
    users = new FakeUsers();
    service = new ApiKeysService(
      keys as unknown as ApiKeysRepository,
      users as unknown as UsersService,
      new FakeRedis() as unknown as RedisClients,
    );
    member = users.add(UserRole.User);
    admin = users.add(UserRole.Admin);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  async function roleOf(plainKey: string): Promise<UserRole> {
    return (await service.authenticate(plainKey)).currentRole();
  }

  /** Stores a key row directly, as if `plainKey` had been issued to `owner`. */
  function storeKey(owner: User, plainKey: string, scopes: ApiScope[] = [ApiScope.Chat]): void {
    keys.rows.push({
      id: randomUUID(),
      userId: owner.id,
      name: 'planted',
      prefix: plainKey.slice(0, 10),
      keyHash: sha256(plainKey),
      scopes,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date(),
    });
  }

  describe('create', () => {
    it('returns a long url-safe sk_ key whose prefix starts it, and stores only its hash', async () => {
      const created = await service.create(member.id, { name: 'ci' });

      expect(created.key).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
      expect(created.key.startsWith(created.prefix)).toBe(true);
      expect(created.prefix.length).toBeGreaterThan('sk_'.length);
      expect(created.prefix.length).toBeLessThanOrEqual(16);
      expect(keys.inserted).toHaveLength(1);
      expect(keys.inserted[0]?.keyHash).toBe(sha256(created.key));
      expect(JSON.stringify(keys.inserted)).not.toContain(created.key);
    });

    it('issues a different key every time', async () => {
      const a = await service.create(member.id, { name: 'a' });
      const b = await service.create(member.id, { name: 'b' });

      expect(a.key).not.toBe(b.key);
    });

    it('defaults to every scope except admin', async () => {
      const created = await service.create(admin.id, { name: 'ci' });

      expect([...created.scopes].sort()).toEqual(
        [ApiScope.Chat, ApiScope.Files, ApiScope.Webhooks, ApiScope.Widgets].sort(),
      );
    });

    it('refuses the admin scope to a non-admin and stores nothing', async () => {
      const error = await rejectionOf(service.create(member.id, { name: 'x', scopes: [ApiScope.Chat, ApiScope.Admin] }));

      expect(error.code).toBe(ErrorCode.Forbidden);
      expect(keys.inserted).toHaveLength(0);
    });

    it('grants the admin scope to an admin who asks for it', async () => {
      const created = await service.create(admin.id, { name: 'ops', scopes: [ApiScope.Admin] });

      expect(created.scopes).toEqual([ApiScope.Admin]);
    });

    it('refuses the admin scope once the admin has been demoted in the database', async () => {
      admin.role = UserRole.User;

      const error = await rejectionOf(service.create(admin.id, { name: 'ops', scopes: [ApiScope.Admin] }));

      expect(error.code).toBe(ErrorCode.Forbidden);
      expect(keys.inserted).toHaveLength(0);
    });
  });

  describe('authenticate', () => {
    it('resolves a key to its owner, role, scopes and key id', async () => {
      const created = await service.create(member.id, { name: 'ci', scopes: [ApiScope.Chat] });

      const principal = await service.authenticate(created.key);

      expect(principal).toEqual({
        kind: 'api_key',
        userId: member.id,
        currentRole: expect.any(Function),
        apiKeyId: created.id,
        scopes: [ApiScope.Chat],
      });
      await expect(principal.currentRole()).resolves.toBe(UserRole.User);
    });

    it('rejects an unknown key', async () => {
      await service.create(member.id, { name: 'ci' });

      expect((await rejectionOf(service.authenticate(`sk_${'A'.repeat(43)}`))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('rejects a revoked key', async () => {
      const created = await service.create(member.id, { name: 'ci' });
      await service.revoke(member.id, created.id);

      expect((await rejectionOf(service.authenticate(created.key))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('does not let another user revoke a key', async () => {
      const created = await service.create(member.id, { name: 'ci' });

      expect((await rejectionOf(service.revoke(admin.id, created.id))).code).toBe(ErrorCode.NotFound);
      await expect(service.authenticate(created.key)).resolves.toMatchObject({ userId: member.id });
    });

    it('rejects a key whose owner no longer exists', async () => {
      const created = await service.create(member.id, { name: 'ci' });
      users.byId.delete(member.id);

      expect((await rejectionOf(service.authenticate(created.key))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('rejects a key without the sk_ prefix even if its hash were stored', async () => {
      const malformed = `pk_${'A'.repeat(43)}`;
      storeKey(member, malformed);

      expect((await rejectionOf(service.authenticate(malformed))).code).toBe(ErrorCode.TokenInvalid);
    });

    it('accepts keys up to 128 characters and rejects longer ones before any lookup', async () => {
      const longest = `sk_${'B'.repeat(125)}`;
      const overlong = `sk_${'C'.repeat(126)}`;
      storeKey(member, longest);
      storeKey(member, overlong);

      await expect(service.authenticate(longest)).resolves.toMatchObject({ userId: member.id });
      expect((await rejectionOf(service.authenticate(overlong))).code).toBe(ErrorCode.TokenInvalid);
    });

    it("acts as a plain user for an admin's key without the admin scope", async () => {
      const created = await service.create(admin.id, { name: 'ci' });

      await expect(roleOf(created.key)).resolves.toBe(UserRole.User);
    });

    it("acts as admin for an admin's key with the admin scope, and not once the owner is demoted", async () => {
      const created = await service.create(admin.id, { name: 'ops', scopes: [ApiScope.Admin] });

      await expect(roleOf(created.key)).resolves.toBe(UserRole.Admin);

      admin.role = UserRole.User;
      await expect(roleOf(created.key)).resolves.toBe(UserRole.User);
    });

    it('writes last-used once per throttle window', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const created = await service.create(member.id, { name: 'ci' });
      const other = await service.create(member.id, { name: 'other' });

      await service.authenticate(created.key);
      await service.authenticate(created.key);
      await service.authenticate(created.key);
      await service.authenticate(other.key);
      expect(keys.usedMarks).toEqual([created.id, other.id]);

      vi.setSystemTime(Date.now() + 61_000);
      await service.authenticate(created.key);
      expect(keys.usedMarks).toEqual([created.id, other.id, created.id]);
    });
  });
});
