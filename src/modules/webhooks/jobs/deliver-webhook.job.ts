import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { HandlesJob, type JobHandler } from '../../../infra/queue/job-handler';
import { JobName, type JobPayload } from '../../../infra/queue/jobs';
import { WebhookSender } from '../webhook-sender';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * One attempt at a webhook delivery. A failed attempt throws, so BullMQ retries it with backoff
 * (WEBHOOKS_MAX_ATTEMPTS, WEBHOOKS_RETRY_DELAY_MS); the last one leaves the delivery `failed`.
 * Every attempt's outcome is written to the delivery first, so the log shows what happened while
 * retries are still pending. Idempotent: a delivery that is no longer pending is not sent again.
 */
@Injectable()
@HandlesJob(JobName.DeliverWebhook)
export class DeliverWebhookJob implements JobHandler<JobName.DeliverWebhook> {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly sender: WebhookSender,
  ) {}

  async handle({ deliveryId }: JobPayload<JobName.DeliverWebhook>, job: Job<JobPayload<JobName.DeliverWebhook>>): Promise<{ status: string }> {
    const delivery = await this.repository.findDelivery(deliveryId);
    if (delivery?.status !== 'pending') return { status: delivery?.status ?? 'gone' };
    const endpoint = await this.repository.findEndpoint(delivery.endpointId);
    if (!endpoint) return { status: 'gone' };
    if (!endpoint.active) {
      await this.repository.failUnattempted(delivery.id, 'The endpoint was switched off before this could be sent.');
      return { status: 'failed' };
    }

    const result = await this.sender.attempt(endpoint, delivery);
    const at = new Date();
    switch (result.kind) {
      case 'delivered':
        await this.repository.recordAttempt(delivery.id, { status: 'delivered', responseStatus: result.status, responseExcerpt: result.excerpt, error: null }, at);
        return { status: 'delivered' };
      case 'refused':
        // The address will not change into an allowed one by waiting: no retries.
        await this.repository.recordAttempt(delivery.id, { status: 'failed', responseStatus: null, responseExcerpt: null, error: result.error }, at);
        throw new UnrecoverableError(result.error);
      case 'failed': {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await this.repository.recordAttempt(delivery.id, { status: last ? 'failed' : 'pending', responseStatus: result.status, responseExcerpt: result.excerpt, error: result.error }, at);
        throw new Error(result.error);
      }
    }
  }
}
