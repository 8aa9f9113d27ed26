import { Body, Controller, HttpCode, HttpStatus, Injectable, Post, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { RequestValidationPipe } from '../../../common/http/request-validation.pipe';
import { AppConfig } from '../../../config/app-config';
import { CurrentPrincipal, RequireScope } from '../../auth/auth.decorators';
import { ApiScope, type Principal } from '../../auth/principal';
import { ChannelAccountsService, type ChannelAccount } from '../channel-accounts.service';
import { EmailWebhookDto, EmailWebhookResultDto } from './dto/email-webhook.dto';
import { EmailIntake } from './email-intake.service';
import { parseJsonMail, parseMimeMail, UnreadableMailError, type IncomingMail } from './incoming-mail';

/** The route's full path, global prefix included, as Fastify knows it. */
const WEBHOOK_ROUTE = '/api/v1/webhooks/email';
const MIME_TYPE = 'message/rfc822';

/**
 * Mail handed over by a mail server or provider (an inbound-parse webhook, a pipe from Postfix):
 * JSON, or the raw message as `message/rfc822` (docs/channels.md#email). The caller's key must
 * carry the `webhooks` scope, and the mail must be for one of the caller's mailboxes: a key cannot
 * put words into someone else's mailbox, nor have it answer an address of its choosing.
 */
@ApiTags('channels')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Webhooks)
@Controller('webhooks/email')
export class EmailWebhookController {
  private readonly validation = new RequestValidationPipe();

  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly intake: EmailIntake,
  ) {}

  /** 202 once the mail is taken in (or known, or recognised as automatic); refused mail is an error, so the sender's system knows. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiConsumes('application/json', MIME_TYPE)
  @ApiBody({ type: EmailWebhookDto, description: `A mail as JSON, or the raw message as ${MIME_TYPE}.` })
  async receive(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<EmailWebhookResultDto> {
    const mail = await this.read(body);
    return this.intake.take(mail, await this.mailboxOf(principal.userId, mail.recipients));
  }

  private async read(body: unknown): Promise<IncomingMail> {
    try {
      if (Buffer.isBuffer(body)) return await parseMimeMail(body);
      const dto = (await this.validation.transform(body, { type: 'body', metatype: EmailWebhookDto })) as EmailWebhookDto;
      return await parseJsonMail(dto);
    } catch (error) {
      if (error instanceof UnreadableMailError) throw new AppException(ErrorCode.EmailUnreadable, error.message);
      throw error;
    }
  }

  /** The first recipient that is a mailbox of the caller's (an unknown address and someone else's answer alike). */
  private async mailboxOf(userId: string, recipients: readonly string[]): Promise<ChannelAccount> {
    for (const recipient of recipients) {
      const account = await this.accounts.resolve('email', recipient);
      if (account?.ownerUserId === userId) return account;
    }
    throw new AppException(ErrorCode.MailboxUnknown, `No mailbox of yours takes mail for ${recipients.length > 0 ? recipients.join(', ') : 'this message (it names no recipient)'}.`);
  }
}

/**
 * Reads `message/rfc822` bodies as bytes, up to EMAIL_MAX_MESSAGE_BYTES (413 beyond), for the
 * webhook only: a raw mail is larger than the JSON bodies HTTP_BODY_LIMIT_BYTES is meant for.
 * Registered at module init, before Fastify starts; only where an HTTP server runs.
 */
@Injectable()
export class MimeBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(MIME_TYPE, { parseAs: 'buffer', bodyLimit: this.config.email.maxMessageBytes }, (request, body, done) => {
      if (request.routeOptions.url !== WEBHOOK_ROUTE) done(new AppException(ErrorCode.UnsupportedMediaType, `Only POST /webhooks/email takes ${MIME_TYPE}.`), undefined);
      else done(null, body);
    });
  }
}
