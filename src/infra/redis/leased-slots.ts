import { Injectable } from '@nestjs/common';
import type { RedisConnection } from './redis.clients';

/**
 * Sets `now` to Redis's clock, in ms. Leases are reckoned on it, never on a node's own clock, so
 * nodes whose clocks disagree still agree on when a lease ends.
 */
const NOW_MS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;

/**
 * KEYS[1]: the slots, a sorted set of members scored by when their lease ends (ms).
 * ARGV: the member, the limit, the lease (ms). Drops lapsed leases, then takes a slot if one is
 * free, atomically: simultaneous callers on any node never get more than the limit between them.
 * The key lives as long as its newest lease, so an owner that goes idle leaves nothing behind.
 * Returns 1 when the slot was taken, 0 when every slot is in use.
 */
const ACQUIRE_SCRIPT = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * KEYS[1]: the slots; ARGV[1]: the lease (ms); ARGV[2..]: the members whose leases to extend.
 * A member whose lease lapsed meanwhile (Redis was unreachable for a whole lease) is taken again,
 * even past the limit: its holder is still there, and the count should say so.
 * Returns how many members it renewed.
 */
const RENEW_SCRIPT = `${NOW_MS}
local leaseEnd = now + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], leaseEnd, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return #ARGV - 1`;

interface LeasedSlotCommands {
  acquireLeasedSlot(key: string, member: string, limit: number, leaseMs: number): Promise<number>;
  renewLeasedSlots(key: string, leaseMs: number, ...members: string[]): Promise<number>;
}

/** The leased slots kept on one Redis connection; see `LeasedSlots`. Every method throws when Redis fails: the caller decides what that means. */
export interface SlotLeases {
  /** Takes a slot for `member` under `key` if fewer than `limit` are held, in one round trip; false when all are in use. */
  acquire(key: string, member: string, limit: number, leaseMs: number): Promise<boolean>;
  /** Extends the leases of `members` under `key` by `leaseMs` from now, in one round trip. */
  renew(key: string, members: readonly string[], leaseMs: number): Promise<void>;
  /** Gives `member`'s slot back; harmless when it was already given back or has lapsed. */
  release(key: string, member: string): Promise<void>;
}

/**
 * A cap on how many of something one owner holds at once across every node (answers generating,
 * sockets open): a key per owner holds a slot per member, each under a lease. A member normally
 * gives its slot back when it ends; the lease bounds what leaks when it never does (its node
 * died), after which the slot is free again instead of locking the owner out for good. Holders
 * that live longer than a lease renew it.
 */
@Injectable()
export class LeasedSlots {
  private readonly leases = new WeakMap<RedisConnection, SlotLeases>();

  /** The slots on `redis` (`RedisClients.app`, or `.realtime` for realtime keys). */
  on(redis: RedisConnection): SlotLeases {
    let leases = this.leases.get(redis);
    if (!leases) {
      leases = leasesOn(redis);
      this.leases.set(redis, leases);
    }
    return leases;
  }
}

function leasesOn(connection: RedisConnection): SlotLeases {
  connection.defineCommand('acquireLeasedSlot', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
  connection.defineCommand('renewLeasedSlots', { numberOfKeys: 1, lua: RENEW_SCRIPT });
  const redis = connection as RedisConnection & LeasedSlotCommands;
  return {
    acquire: async (key, member, limit, leaseMs) => (await redis.acquireLeasedSlot(key, member, limit, leaseMs)) === 1,
    renew: async (key, members, leaseMs) => {
      if (members.length > 0) await redis.renewLeasedSlots(key, leaseMs, ...members);
    },
    release: async (key, member) => {
      await redis.zrem(key, member);
    },
  };
}
