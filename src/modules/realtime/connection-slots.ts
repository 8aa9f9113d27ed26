import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { LeasedSlots, type SlotLeases } from '../../infra/redis/leased-slots';
import { RedisClients } from '../../infra/redis/redis.clients';

/**
 * How long a connection's slot lives without renewal. Web nodes renew the slots of their open
 * sockets every CONNECTION_SLOT_RENEW_MS, so a slot outlives its socket only when its node died
 * without saying so: then it lapses within this time instead of locking the user out for good.
 */
const SLOT_LEASE_MS = 90_000;
export const CONNECTION_SLOT_RENEW_MS = 30_000;

/** One open socket, as the slots know it: who holds it (`subjectId`) and its id. */
export interface HeldConnection {
  subjectId: string;
  socketId: string;
}

/**
 * Caps the realtime connections one subject (a user, or a widget visitor's session) holds open
 * across every web node (REALTIME_MAX_CONNECTIONS_PER_USER): each socket holds a leased slot in
 * Redis from its handshake until it disconnects. A subject's slots are its socket ids under
 * `realtime:connections:<subjectId>` in the realtime DB, leased as `LeasedSlots` describes.
 */
@Injectable()
export class ConnectionSlots {
  private readonly logger = new Logger(ConnectionSlots.name);
  private readonly slots: SlotLeases;
  readonly limit: number;

  constructor(
    config: AppConfig,
    private readonly clients: RedisClients,
    leasedSlots: LeasedSlots,
  ) {
    this.slots = leasedSlots.on(clients.realtime);
    this.limit = config.realtime.maxConnectionsPerUser;
  }

  /**
   * Takes a slot for the socket; false when the subject already holds the limit. When Redis
   * fails the socket is let in (and the failure logged): the cap guards against abuse, and
   * refusing everyone while Redis is away would take realtime down with it for nothing.
   */
  async acquire({ subjectId, socketId }: HeldConnection): Promise<boolean> {
    try {
      return await this.slots.acquire(this.key(subjectId), socketId, this.limit, SLOT_LEASE_MS);
    } catch (error) {
      this.logger.warn(`connection cap not enforced for ${subjectId}: ${(error as Error).message}`);
      return true;
    }
  }

  /**
   * Extends the leases of this node's open sockets: one renewal per subject, all sent in one
   * pipelined round. A slot that lapsed meanwhile is taken again even past the limit, as its socket
   * is open. Never throws.
   */
  async renew(connections: Iterable<HeldConnection>): Promise<void> {
    const socketsOf = new Map<string, string[]>();
    for (const { subjectId, socketId } of connections) {
      const sockets = socketsOf.get(subjectId);
      if (sockets) sockets.push(socketId);
      else socketsOf.set(subjectId, [socketId]);
    }
    let failed = 0;
    let firstFailure: unknown;
    await Promise.all(
      [...socketsOf].map(async ([subjectId, socketIds]) => {
        try {
          await this.slots.renew(this.key(subjectId), socketIds, SLOT_LEASE_MS);
        } catch (error) {
          failed += socketIds.length;
          firstFailure ??= error;
        }
      }),
    );
    if (failed > 0) this.logger.warn(`could not renew ${failed} realtime connection slot(s): ${String(firstFailure)}`);
  }

  /** Gives the socket's slot back; harmless when it already lapsed. Never throws: it lapses with its lease. */
  async release({ subjectId, socketId }: HeldConnection): Promise<void> {
    try {
      await this.slots.release(this.key(subjectId), socketId);
    } catch (error) {
      this.logger.warn(`could not give back the realtime connection slot of ${subjectId}: ${(error as Error).message}`);
    }
  }

  private key(subjectId: string): string {
    return this.clients.realtimeKey('connections', subjectId);
  }
}
