import { Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../../infra/redis/redis.clients';

/**
 * How long a connection's slot lives without renewal. Web nodes renew the slots of their open
 * sockets every CONNECTION_SLOT_RENEW_MS, so a slot outlives its socket only when its node died
 * without saying so: then it lapses within this time instead of locking the user out for good.
 */
const SLOT_LEASE_MS = 90_000;
export const CONNECTION_SLOT_RENEW_MS = 30_000;

/**
 * KEYS[1]: one subject's open connections, a sorted set of socket ids scored by when their lease
 * ends (ms, Redis's clock, so nodes whose clocks disagree still agree). ARGV: socket id, the
 * limit, the lease (ms). Drops lapsed leases, then takes a slot if one is free, atomically; the key
 * lives as long as its newest lease. Returns 1 when the slot was taken, 0 when all are in use.
 */
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * KEYS[1], ARGV[1] (socket id), ARGV[2] (lease, ms): extends a slot's lease. A slot that lapsed
 * meanwhile (Redis was unreachable for a whole lease) is taken again even past the limit: its
 * socket is open, and the count should say so.
 */
const RENEW_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

interface ConnectionSlotCommands {
  acquireConnectionSlot(key: string, socketId: string, limit: number, leaseMs: number): Promise<number>;
  renewConnectionSlot(key: string, socketId: string, leaseMs: number): Promise<number>;
}

/** One open socket, as the slots know it: who holds it (`subjectId`) and its id. */
export interface HeldConnection {
  subjectId: string;
  socketId: string;
}

/**
 * Caps the realtime connections one subject (a user, or a widget visitor's session) holds open
 * across every web node (REALTIME_MAX_CONNECTIONS_PER_USER): each socket holds a leased slot in
 * Redis from its handshake until it disconnects.
 */
@Injectable()
export class ConnectionSlots {
  private readonly logger = new Logger(ConnectionSlots.name);
  private readonly redis: Redis & ConnectionSlotCommands;
  readonly limit: number;

  constructor(
    config: AppConfig,
    private readonly clients: RedisClients,
  ) {
    clients.realtime.defineCommand('acquireConnectionSlot', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
    clients.realtime.defineCommand('renewConnectionSlot', { numberOfKeys: 1, lua: RENEW_SCRIPT });
    this.redis = clients.realtime as Redis & ConnectionSlotCommands;
    this.limit = config.realtime.maxConnectionsPerUser;
  }

  /**
   * Takes a slot for the socket; false when the subject already holds the limit. When Redis
   * fails the socket is let in (and the failure logged): the cap guards against abuse, and
   * refusing everyone while Redis is away would take realtime down with it for nothing.
   */
  async acquire({ subjectId, socketId }: HeldConnection): Promise<boolean> {
    try {
      return (await this.redis.acquireConnectionSlot(this.key(subjectId), socketId, this.limit, SLOT_LEASE_MS)) === 1;
    } catch (error) {
      this.logger.warn(`connection cap not enforced for ${subjectId}: ${(error as Error).message}`);
      return true;
    }
  }

  /** Extends the leases of this node's open sockets, in one pipelined round. Never throws. */
  async renew(connections: Iterable<HeldConnection>): Promise<void> {
    const renewals = [...connections].map(({ subjectId, socketId }) => this.redis.renewConnectionSlot(this.key(subjectId), socketId, SLOT_LEASE_MS));
    const failed = (await Promise.allSettled(renewals)).filter((result) => result.status === 'rejected');
    if (failed.length > 0) this.logger.warn(`could not renew ${failed.length} realtime connection slot(s): ${String(failed[0]?.reason)}`);
  }

  /** Gives the socket's slot back; harmless when it already lapsed. Never throws: it lapses with its lease. */
  async release({ subjectId, socketId }: HeldConnection): Promise<void> {
    try {
      await this.clients.realtime.zrem(this.key(subjectId), socketId);
    } catch (error) {
      this.logger.warn(`could not give back the realtime connection slot of ${subjectId}: ${(error as Error).message}`);
    }
  }

  private key(subjectId: string): string {
    return this.clients.key('realtime', 'connections', subjectId);
  }
}
