import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** How an attempt ended, as the delivery log keeps it. */
export type AttemptOutcome = Pick<WebhookDelivery, 'status' | 'responseStatus' | 'responseExcerpt' | 'error'>;

/** Endpoints and deliveries, scoped by owner for people; by id for the delivery job. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
  ) {}

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.endpoints.insert(endpoint);
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

  /** What runs at the end of every turn: one lookup on (user_id, active). */
  activeEndpointsOf(userId: string): Promise<WebhookEndpoint[]> {
    return this.endpoints.findBy({ userId, active: true });
  }

  async updateEndpoint(id: string, changes: Partial<WebhookEndpoint>): Promise<void> {
    await this.endpoints.update({ id }, changes);
  }

  /** Its deliveries go with it (foreign key); their queued jobs then find nothing to send. */
  async deleteEndpoint(id: string): Promise<void> {
    await this.endpoints.delete({ id });
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
