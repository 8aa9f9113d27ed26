import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { AnswerDeliveries, type FinishedTurn } from '../chat/answer-deliveries';
import { ChatService } from '../chat/chat.service';
import type { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookEndpoint } from './webhook-endpoint.entity';
import { messageCompleted } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';

/**
 * Turns events into deliveries: one stored row per endpoint, then one queued job each (job id =
 * delivery id), which sends it with retries (DeliverWebhookJob). Watches every finished turn, of
 * every channel, on the node that ran it.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly jobs: JobQueueService,
    private readonly answers: AnswerDeliveries,
    private readonly chats: ChatService,
  ) {}

  onModuleInit(): void {
    this.answers.observe((turn) => this.turnFinished(turn));
  }

  /**
   * Runs at the end of every turn, so most users (who have no endpoint) cost a lookup of what the
   * node remembers of their endpoints, kept true across nodes (WebhooksRepository), and nothing more.
   * Resolves whether any endpoint was sent the turn.
   */
  async turnFinished(turn: FinishedTurn): Promise<boolean> {
    const endpoints = (await this.repository.activeEndpointsOf(turn.userId)).filter((endpoint) => endpoint.events.includes('message.completed'));
    if (endpoints.length === 0) return false;
    // The generated files and the failure, from the stored answer; a chat deleted meanwhile still gets its text sent.
    const detail = await this.chats.getMessage(turn.userId, turn.messageId).catch((error: unknown) => {
      if (error instanceof AppException && error.code === ErrorCode.NotFound) return null;
      throw error;
    });
    const event = messageCompleted(randomUUID(), turn, detail?.files ?? [], detail?.error ?? null);
    const payload = JSON.stringify(event);
    await Promise.all(endpoints.map((endpoint) => this.dispatch(turn.userId, endpoint, event.type, payload)));
    return true;
  }

  /**
   * Stores a pending delivery of `payload` to the endpoint and queues it. A delivery that cannot
   * be queued is marked failed at once, so it shows in the log and can be resent.
   */
  async dispatch(userId: string, endpoint: Pick<WebhookEndpoint, 'id'>, event: string, payload: string, resendOf: string | null = null): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = {
      id: randomUUID(),
      endpointId: endpoint.id,
      userId,
      event,
      payload,
      status: 'pending',
      attempts: 0,
      responseStatus: null,
      responseExcerpt: null,
      error: null,
      resendOf,
      createdAt: new Date(),
      lastAttemptAt: null,
      deliveredAt: null,
    };
    await this.repository.insertDelivery(delivery);
    return this.enqueue(delivery);
  }

  private async enqueue(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    try {
      await this.jobs.enqueue({ name: JobName.DeliverWebhook, data: { deliveryId: delivery.id } }, { jobId: delivery.id });
      return delivery;
    } catch (error) {
      const reason = `Could not be queued: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
      this.logger.warn(`webhook delivery ${delivery.id}: ${reason}`);
      await this.repository.failUnattempted(delivery.id, reason);
      return { ...delivery, status: 'failed', error: reason };
    }
  }
}
