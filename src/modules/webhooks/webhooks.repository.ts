import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { InvalidationFeed, type RememberedReads } from '../../infra/redis/invalidation-feed';
import { RedisClients } from '../../infra/redis/redis.clients';
import { RedisSubscriber } from '../../infra/redis/redis-subscriber';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** How an attempt ended, as the delivery log keeps it. */
export type AttemptOutcome = Pick<WebhookDelivery, 'status' | 'responseStatus' | 'responseExcerpt' | 'error'>;

/**
 * How long a node goes by the active endpoints it remembers of a user without reading them again,
 * and for how many users. Changes are heard at once (see WebhooksRepository); the age bounds what
 * one whose publication was lost (Redis failing just then) leaves unseen.
 */
const REMEMBERED: RememberedReads = { maxAgeMs: 60_000, maxEntries: 10_000 };

/**
 * Endpoints and deliveries, scoped by owner for people; by id for the delivery job.
 *
 * Every finished turn asks for its user's active endpoints (most users have none), so each node
 * remembers them per user, and every change of a user's endpoints is published: each node forgets
 * that user's as it hears of it (InvalidationFeed), so a turn ending after a change's answer goes
 * the new way on any node.
 */
@Injectable()
export class WebhooksRepository {
  private readonly logger = new Logger(WebhooksRepository.name);
  /** Active endpoints by user, forgotten as a change of that user's is heard. */
  private readonly active: InvalidationFeed<WebhookEndpoint[]>;

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly redis: RedisClients,
    subscriber: RedisSubscriber,
  ) {
    this.active = new InvalidationFeed(subscriber, redis.key('webhooks', 'changed'), REMEMBERED);
  }

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.endpoints.insert(endpoint);
    await this.announceChange(endpoint.userId);
  }

  findEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOneBy({ id });
  }

  findOwnedEndpoint(userId: string, id: string): Promise<WebhookEndpoint | null> {
    return this.endpoints.findOneBy({ id, userId });
  }

  listOwnedEndpoints(userId: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  countOwnedEndpoints(userId: string): Promise<number> {
    return this.endpoints.countBy({ userId });
  }

  /** What runs at the end of every turn: remembered (see above), else one lookup on (user_id, active). */
  activeEndpointsOf(userId: string): Promise<WebhookEndpoint[]> {
    return this.active.get(userId, () => this.endpoints.findBy({ userId, active: true }));
  }

  async updateEndpoint(userId: string, id: string, changes: Partial<WebhookEndpoint>): Promise<void> {
    await this.endpoints.update({ id, userId }, changes);
    await this.announceChange(userId);
  }

  /** Its deliveries go with it (foreign key); their queued jobs then find nothing to send. */
  async deleteEndpoint(userId: string, id: string): Promise<void> {
    await this.endpoints.delete({ id, userId });
    await this.announceChange(userId);
  }

  /**
   * After a change to the user's endpoints is committed: forgotten here, and published for the
   * other nodes. Not the change's failure if that cannot be published: they read again within
   * REMEMBERED.maxAgeMs.
   */
  private async announceChange(userId: string): Promise<void> {
    this.active.changed(userId);
    await this.redis.app.publish(this.active.channel, userId).catch((error: Error) => {
      this.logger.warn(`could not tell the other nodes that ${userId}'s webhook endpoints changed: ${error.message}`);
    });
  }

  async insertDelivery(delivery: WebhookDelivery): Promise<void> {
    await this.deliveries.insert(delivery);
  }

  findDelivery(id: string): Promise<WebhookDelivery | null> {
    return this.deliveries.findOneBy({ id });
  }

  findOwnedDelivery(userId: string, id: string): Promise<WebhookDelivery | null> {
    return this.deliveries.findOneBy({ id, userId });
  }

  /** Newest first; `before` pages by creation time. */
  listDeliveries(endpointId: string, limit: number, before?: Date): Promise<WebhookDelivery[]> {
    return this.deliveries.find({
      where: before ? { endpointId, createdAt: LessThan(before) } : { endpointId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Counts one more attempt and keeps its outcome as the delivery's latest. */
  async recordAttempt(id: string, outcome: AttemptOutcome, at: Date): Promise<void> {
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ ...outcome, attempts: () => 'attempts + 1', lastAttemptAt: at, deliveredAt: outcome.status === 'delivered' ? at : null })
      .where('id = :id', { id })
      .execute();
  }

  /** Ends a delivery that was never attempted (it could not be queued, or its endpoint was switched off). */
  async failUnattempted(id: string, error: string): Promise<void> {
    await this.deliveries.update({ id, status: 'pending' }, { status: 'failed', error });
  }
}
