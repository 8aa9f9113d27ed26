import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppException } from '../../../../common/errors/app.exception';
import { ErrorCode } from '../../../../common/errors/error-code';
import { sha256Hex } from '../../../../common/crypto';
import { HandlesJob, type JobHandler } from '../../../../infra/queue/job-handler';
import { JobQueueService } from '../../../../infra/queue/job-queue.service';
import { JobName, type JobPayload } from '../../../../infra/queue/jobs';
import { ChannelAccountsService, type ChannelAccount } from '../../channel-accounts.service';
import { ChannelDeliveries } from '../../channel-deliveries.service';
import { ChannelInbox } from '../../channel-inbox.service';
import type { DeliveryStatus, InboundAttachment } from '../../channel.types';
import { failureText } from '../failure-text';
import { GraphApiError, WhatsAppGraphClient } from '../graph-api.client';
import { describeMessage, type MediaReference } from '../inbound-content';
import { WhatsAppAccounts } from '../whatsapp-accounts';

type Payload = JobPayload<JobName.WhatsAppInbound>;
type MessagePayload = Extract<Payload, { kind: 'message' }>;
type StatusPayload = Extract<Payload, { kind: 'status' }>;

/** The largest file taken in from a message; a larger one is mentioned in the text instead. */
export const MAX_INBOUND_MEDIA_BYTES = 25 * 1024 * 1024;

/**
 * While the sender's previous message is still being answered, the next one waits: put back on the
 * queue after a pause growing to DEFER_MAX_MS, for at most MAX_DEFERRALS times (over an hour).
 */
const DEFER_FIRST_MS = 1_000;
const DEFER_MAX_MS = 5_000;
const MAX_DEFERRALS = 800;

/** Attempts at a status whose message is not (yet) known to have been sent from here. */
const STATUS_RETRIES = 3;

const STATUSES: Record<string, DeliveryStatus> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

/** The job id of an inbound message (its `wamid`'s hash: BullMQ dedupes Meta's repeats), and of its deferred copies. */
export function inboundJobId(messageId: string, deferral = 0): string {
  return `wa-in-${sha256Hex(messageId)}${deferral > 0 ? `-${deferral}` : ''}`;
}

/** The job id of a status update: one per message and status. */
export function statusJobId(messageId: string, status: string): string {
  return `wa-status-${sha256Hex(`${messageId}\n${status}`)}`;
}

export type InboundOutcome = { taken: true; chatId: string | null } | { duplicate: true } | { deferred: number } | { skipped: string } | { status: DeliveryStatus };

/**
 * Works off one WhatsApp webhook event on a worker. A message becomes an InboundMessage (its media
 * downloaded through the Graph API) for the channel inbox, which takes it in once however often it
 * is delivered, then gets its read receipt and a typing indicator. A status update lands on the
 * outbound message that has its `wamid`. Anything that cannot be read is skipped with the reason
 * logged; a transient failure throws, and the job is retried.
 */
@Injectable()
@HandlesJob(JobName.WhatsAppInbound)
export class WhatsAppInboundJob implements JobHandler<JobName.WhatsAppInbound> {
  private readonly logger = new Logger(WhatsAppInboundJob.name);

  constructor(
    private readonly inbox: ChannelInbox,
    private readonly deliveries: ChannelDeliveries,
    private readonly accounts: ChannelAccountsService,
    private readonly whatsapp: WhatsAppAccounts,
    private readonly graph: WhatsAppGraphClient,
    private readonly jobs: JobQueueService,
  ) {}

  handle(payload: Payload, job: Job<Payload>): Promise<InboundOutcome> {
    return payload.kind === 'status' ? this.status(payload, job.attemptsMade) : this.message(payload);
  }

  private async status({ status }: StatusPayload, attemptsMade: number): Promise<InboundOutcome> {
    const state = STATUSES[status.status];
    if (state === undefined) return this.skip(`status "${status.status.slice(0, 32)}" of ${status.id}, which is not tracked`);
    const error = state === 'failed' ? (status.error ?? { code: 'unknown', message: 'WhatsApp could not deliver the message.' }) : null;
    if (await this.deliveries.recordStatus('whatsapp', status.id, state, error ? { code: `WHATSAPP_${error.code}`, message: error.message } : undefined)) return { status: state };
    // Meta can report a message before its send has been recorded here: try again a few times
    // (the job's backoff) before taking it for a message this platform did not send.
    if (attemptsMade < STATUS_RETRIES) throw new Error(`no message sent with id ${status.id} yet`);
    return this.skip(`status "${state}" of ${status.id}, a message not sent from here`);
  }

  private async message(payload: MessagePayload): Promise<InboundOutcome> {
    const { message } = payload;
    const account = await this.accounts.get(payload.accountId);
    if (!account?.active) return this.skip(`message ${message.id}: its number ${payload.phoneNumberId} was removed or switched off`);
    const content = describeMessage(message);
    if ('skip' in content) return this.skip(`message ${message.id} from ${message.from}: ${content.skip}`);

    const media = content.media ? await this.download(account, content.media) : { attachments: [], note: null };
    try {
      const received = await this.inbox.receive({
        channel: 'whatsapp',
        accountId: account.id,
        externalId: message.id,
        sender: { address: message.from, name: payload.profileName },
        text: media.note === null ? content.text : `${content.text}\n\n${media.note}`,
        attachments: media.attachments,
        replyAddress: { channel: 'whatsapp', phoneNumberId: account.address, to: message.from },
        continues: [],
        receivedAt: new Date(Number(message.timestamp) * 1000),
      });
      if (received.duplicate) return { duplicate: true };
      await this.acknowledge(account, message.id);
      return { taken: true, chatId: received.chatId };
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.TooManyGenerations) return this.defer(payload);
      throw error;
    }
  }

  /**
   * The message's file, or a note in its place when WhatsApp will not hand it over (too large,
   * expired): the words still reach the pipeline. A transient failure throws (the job retries).
   */
  private async download(account: ChannelAccount, media: MediaReference): Promise<{ attachments: InboundAttachment[]; note: string | null }> {
    try {
      const target = this.whatsapp.graphTarget(account);
      const info = await this.graph.mediaInfo(target, media.id);
      if (info.size !== null && info.size > MAX_INBOUND_MEDIA_BYTES) {
        return { attachments: [], note: `(The ${media.kind} sent with this message was too large to receive: ${Math.ceil(info.size / 1024 / 1024)} MB.)` };
      }
      const data = await this.graph.download(target, info.url, MAX_INBOUND_MEDIA_BYTES);
      const mime = info.mime.split(';')[0]?.trim() || media.mime;
      return { attachments: [{ name: media.name, mime, data }], note: null };
    } catch (error) {
      if (error instanceof GraphApiError && !error.permanent) throw error;
      this.logger.warn(`media ${media.id} could not be fetched: ${failureText(error)}`);
      return { attachments: [], note: `(A ${media.kind} came with this message but could not be fetched from WhatsApp.)` };
    }
  }

  /** Blue ticks and a typing indicator while the answer is written; best effort. */
  private async acknowledge(account: ChannelAccount, messageId: string): Promise<void> {
    try {
      await this.graph.markReadAndTyping(this.whatsapp.graphTarget(account), account.address, messageId);
    } catch (error) {
      this.logger.warn(`read receipt for ${messageId} not sent: ${failureText(error)}`);
    }
  }

  /** The sender's previous message is still being answered: this one is queued again, a little later. */
  private async defer(payload: MessagePayload): Promise<InboundOutcome> {
    const deferrals = (payload.deferrals ?? 0) + 1;
    if (deferrals > MAX_DEFERRALS) throw new Error(`message ${payload.message.id} waited ${MAX_DEFERRALS} times for the previous answer to its sender`);
    await this.jobs.enqueue(
      { name: JobName.WhatsAppInbound, data: { ...payload, deferrals } },
      { jobId: inboundJobId(payload.message.id, deferrals), delayMs: Math.min(DEFER_MAX_MS, DEFER_FIRST_MS * deferrals) },
    );
    return { deferred: deferrals };
  }

  private skip(reason: string): InboundOutcome {
    this.logger.warn(`WhatsApp: skipped ${reason}`);
    return { skipped: reason };
  }
}
