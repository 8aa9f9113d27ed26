import { Injectable } from '@nestjs/common';
import { RedisClients } from '../../infra/redis/redis.clients';

/**
 * How long a presence entry lives without renewal: the gateway renews its sockets' entries every
 * CONNECTION_SLOT_RENEW_MS (well within this), so a node that dies takes its people off within it.
 */
export const PRESENCE_TTL_MS = 90_000;

/** One signed-in user's socket following a channel. */
export interface PresenceEntry {
  channel: string;
  userId: string;
  socketId: string;
}

/**
 * Which signed-in users follow a channel right now, across every node (docs/widgets.md): operators
 * see who else has a session open, and the widget can say whether a person is around. Each
 * channel is a sorted set in the realtime DB of `<userId> <socketId>` scored by expiry, so entries
 * of sockets that vanished without a goodbye lapse on their own.
 */
@Injectable()
export class ChannelPresence {
  constructor(private readonly clients: RedisClients) {}

  /** Adds the entry; resolves to the number of distinct users now present. */
  async join(entry: PresenceEntry): Promise<number> {
    const key = this.key(entry.channel);
    await this.clients.realtime.multi().zadd(key, Date.now() + PRESENCE_TTL_MS, member(entry)).pexpire(key, PRESENCE_TTL_MS).exec();
    return this.count(entry.channel);
  }

  /** Removes the entry; resolves to the number of distinct users still present. */
  async leave(entry: PresenceEntry): Promise<number> {
    await this.clients.realtime.zrem(this.key(entry.channel), member(entry));
    return this.count(entry.channel);
  }

  /** Extends the entries of sockets still open (only those still present: a left entry stays gone). */
  async renew(entries: readonly PresenceEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const expiry = Date.now() + PRESENCE_TTL_MS;
    const { realtime } = this.clients;
    // Commands, not one MULTI: the entries span channels, so keys in many hash slots on a Redis
    // Cluster, where a transaction must stay in one. Sent at once, they still share a round trip.
    await Promise.all(
      entries.flatMap((entry) => {
        const key = this.key(entry.channel);
        return [realtime.zadd(key, 'XX', expiry, member(entry)), realtime.pexpire(key, PRESENCE_TTL_MS)];
      }),
    );
  }

  /** Distinct users following `channel` now. */
  async count(channel: string): Promise<number> {
    const key = this.key(channel);
    const now = Date.now();
    const [, live] = await Promise.all([this.clients.realtime.zremrangebyscore(key, '-inf', now), this.clients.realtime.zrangebyscore(key, now, '+inf')]);
    return new Set(live.map((present) => present.slice(0, present.indexOf(' ')))).size;
  }

  private key(channel: string): string {
    return this.clients.realtimeKey('presence', channel);
  }
}

function member(entry: PresenceEntry): string {
  return `${entry.userId} ${entry.socketId}`;
}
