import { Body, Controller, Get, Header, HttpCode, HttpStatus, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { JobQueueService } from '../../../infra/queue/job-queue.service';
import { JobName, type JobItem } from '../../../infra/queue/jobs';
import { Public, SkipRateLimit } from '../../auth/auth.decorators';
import { inboundJobId, statusJobId } from './jobs/whatsapp-inbound.job';
import { bodySignerOf } from './webhook-body';
import { MalformedWebhookError, parseWebhook, type WebhookEvent } from './webhook-payload';
import { matchesToken } from './webhook-signature';
import { WhatsAppAccounts } from './whatsapp-accounts';

/** Meta's challenges are short numbers; anything longer is not worth echoing. */
const MAX_CHALLENGE_LENGTH = 256;

/**
 * The WhatsApp Cloud API webhook (docs/channels.md#whatsapp). Meta calls it without credentials:
 * the subscription handshake proves itself with the verify token, every notification with the
 * app secret's HMAC of its body, checked before the body is parsed (useWhatsAppWebhookSignatures).
 * Notifications are answered at once and worked off on the queue, one job per message or status,
 * named after the message's id so a notification Meta sends again is queued once.
 */
@ApiTags('channels')
@Public()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  private readonly logger = new Logger(WhatsAppWebhookController.name);

  constructor(
    private readonly accounts: WhatsAppAccounts,
    private readonly jobs: JobQueueService,
  ) {}

  /** The subscription handshake: echoes `hub.challenge` when the verify token is one of ours, else 403. */
  @Get()
  @Header('cache-control', 'no-store')
  async verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') token: unknown,
    @Query('hub.challenge') challenge: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const valid =
      mode === 'subscribe' &&
      typeof token === 'string' &&
      typeof challenge === 'string' &&
      challenge !== '' &&
      challenge.length <= MAX_CHALLENGE_LENGTH &&
      matchesToken(token, await this.accounts.verifyTokens());
    if (!valid) throw new AppException(ErrorCode.Forbidden, 'The verify token is not one configured for a WhatsApp number here.');
    // Plain text only on success: a refusal is the usual JSON error.
    void reply.type('text/plain; charset=utf-8');
    return challenge;
  }

  /**
   * A notification, signed by Meta. Its messages and statuses are queued for a worker; events for a
   * number not taken here, or signed with another number's app secret, are logged and left out.
   * Meta only needs the 200: whatever it is not told, it does not send again.
   */
  @Post()
  @HttpCode(HttpStatus.OK)
  // Meta's servers send every notification of every number from a few addresses: a per-IP budget
  // would turn real traffic away, and the signature is checked before any other work is done.
  @SkipRateLimit()
  async receive(@Req() request: FastifyRequest, @Body() body: unknown): Promise<{ queued: number }> {
    let events: WebhookEvent[];
    try {
      const parsed = parseWebhook(body);
      for (const reason of parsed.skipped) this.logger.warn(`WhatsApp webhook: skipped ${reason}`);
      events = parsed.events;
    } catch (error) {
      if (error instanceof MalformedWebhookError) throw new AppException(ErrorCode.ValidationFailed, error.message);
      throw error;
    }
    const signer = bodySignerOf(request);
    const jobs = await Promise.all(events.map((event) => this.jobFor(event, signer)));
    const queued = jobs.filter((job): job is NonNullable<typeof job> => job !== null);
    await Promise.all(queued.map(({ item, jobId }) => this.jobs.enqueue(item, { jobId })));
    return { queued: queued.length };
  }

  /** The job for one event, or null (logged) when it is not for a number whose app signed it. */
  private async jobFor(event: WebhookEvent, signer: string): Promise<{ item: JobItem; jobId: string } | null> {
    const account = await this.accounts.forPhoneNumber(event.phoneNumberId);
    if (!account) {
      this.logger.warn(`WhatsApp webhook for phone number id ${event.phoneNumberId}, which no active number here has: skipped`);
      return null;
    }
    if (this.accounts.appSecretOf(account) !== signer) {
      // Each Meta app signs for its own numbers only: a body signed with another app's secret
      // must not speak for this number.
      this.logger.warn(`WhatsApp webhook for phone number id ${event.phoneNumberId} signed with another number's app secret: skipped`);
      return null;
    }
    if (event.kind === 'message') {
      const { phoneNumberId, message, profileName } = event;
      return { item: { name: JobName.WhatsAppInbound, data: { kind: 'message', accountId: account.id, phoneNumberId, message, profileName } }, jobId: inboundJobId(message.id) };
    }
    const { status } = event;
    return { item: { name: JobName.WhatsAppInbound, data: { kind: 'status', accountId: account.id, status } }, jobId: statusJobId(status.id, status.status) };
  }
}
