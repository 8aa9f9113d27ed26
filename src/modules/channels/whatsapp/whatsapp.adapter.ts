import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RedisClients } from '../../../infra/redis/redis.clients';
import { ChannelAccountsService } from '../channel-accounts.service';
import { ChannelDeliveries } from '../channel-deliveries.service';
import { PermanentDeliveryError, type ChannelAdapter, type OutboundMessage, type SentMessage, type WhatsAppReplyAddress } from '../channel.types';
import { failureText } from './failure-text';
import { GraphApiError, WhatsAppGraphClient, type GraphTarget } from './graph-api.client';
import { splitMessage } from './split-message';
import { WhatsAppAccounts } from './whatsapp-accounts';
import { markdownToWhatsApp } from './whatsapp-format';

/** WhatsApp's customer service window: a business may write freely this long after the person last did. */
const SERVICE_WINDOW_MS = 24 * 3600_000;

/** How long the ids of a message's parts already sent are remembered, so a retried delivery sends only the rest. */
const SENT_PARTS_TTL_S = 2 * 24 * 3600;

/** WhatsApp's largest image; a larger picture goes as a document. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** What WhatsApp plays or shows inline (anything else is sent as a document). */
const INLINE_MEDIA: Record<string, 'image' | 'audio' | 'video'> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/ogg': 'audio',
  'video/mp4': 'video',
  'video/3gpp': 'video',
};

export type OutboundMediaKind = 'image' | 'audio' | 'video' | 'document';

/** How a file is sent: inline when WhatsApp supports its type (and size), else as a document. */
export function mediaKindFor(mime: string, size: number): OutboundMediaKind {
  const kind = INLINE_MEDIA[mime.split(';')[0]?.trim().toLowerCase() ?? ''];
  if (kind === undefined || (kind === 'image' && size > MAX_IMAGE_BYTES)) return 'document';
  return kind;
}

/**
 * Step 5 of the pipeline on WhatsApp: an answer goes out from the number it came in on, as text in
 * WhatsApp's formatting (split at its 4,096-character limit) and its files as media. Outside the
 * 24-hour window nothing is sent: Meta would refuse free text, so the delivery fails at once, with
 * the reason in words. A retried delivery sends only the parts that did not go out before.
 */
@Injectable()
export class WhatsAppAdapter implements ChannelAdapter, OnModuleInit {
  readonly channel = 'whatsapp' as const;

  constructor(
    private readonly deliveries: ChannelDeliveries,
    private readonly accounts: ChannelAccountsService,
    private readonly whatsapp: WhatsAppAccounts,
    private readonly graph: WhatsAppGraphClient,
    private readonly redis: RedisClients,
  ) {}

  onModuleInit(): void {
    this.deliveries.registerAdapter(this);
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const address = message.replyAddress;
    if (address.channel !== 'whatsapp') throw new PermanentDeliveryError('This conversation has no WhatsApp sender to answer.', 'NO_REPLY_ADDRESS');
    const account = await this.accounts.get(message.accountId);
    if (!account?.active) throw new PermanentDeliveryError('The WhatsApp number this conversation came in on is not set up any more, or is switched off.', 'CHANNEL_ACCOUNT_GONE');
    const target = this.whatsapp.graphTarget(account);
    await this.checkWindow(account.id, address.to);

    const sent = this.redis.key('channels', 'whatsapp', 'sent', message.messageId);
    const externalIds: string[] = [];
    for (const [index, body] of splitMessage(markdownToWhatsApp(message.text)).entries()) {
      externalIds.push(await this.once(sent, `text-${index}`, () => this.sendMessage(target, address, { type: 'text', text: { body, preview_url: false } })));
    }
    for (const file of message.files) {
      externalIds.push(
        await this.once(sent, `file-${file.id}`, async () => {
          const data = await message.readFile(file.id);
          const kind = mediaKindFor(file.mime, data.length);
          const mediaId = await this.permanentIfRefused(() => this.graph.uploadMedia(target, address.phoneNumberId, { name: file.name, mime: file.mime, data }));
          return this.sendMessage(target, address, { type: kind, [kind]: { id: mediaId, ...(kind === 'document' ? { filename: file.name } : {}) } });
        }),
      );
    }
    return { externalIds };
  }

  /** WhatsApp delivers free text only within 24 hours of the person's last message. */
  private async checkWindow(accountId: string, to: string): Promise<void> {
    const last = await this.deliveries.lastInboundAt('whatsapp', accountId, to);
    if (last !== null && Date.now() - last.getTime() <= SERVICE_WINDOW_MS) return;
    const since = last === null ? 'has not written to this number' : `last wrote on ${last.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    throw new PermanentDeliveryError(
      `Not sent: WhatsApp only lets a business answer within 24 hours of a person's last message, and +${to} ${since}. The conversation opens again when they write.`,
      'WHATSAPP_WINDOW_CLOSED',
    );
  }

  private sendMessage(target: GraphTarget, address: WhatsAppReplyAddress, message: Record<string, unknown>): Promise<string> {
    return this.permanentIfRefused(() => this.graph.sendMessage(target, address.phoneNumberId, { to: address.to, ...message }));
  }

  /** A refusal no retry can fix fails the delivery at once, with Meta's code and message. */
  private async permanentIfRefused<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GraphApiError && error.permanent) throw new PermanentDeliveryError(failureText(error), `WHATSAPP_${error.code}`);
      throw error;
    }
  }

  /** Sends a part unless an earlier attempt at this delivery already did; returns its `wamid`. */
  private async once(key: string, part: string, send: () => Promise<string>): Promise<string> {
    const known = await this.redis.app.hget(key, part);
    if (known !== null) return known;
    const id = await send();
    await this.redis.app.multi().hset(key, part, id).expire(key, SENT_PARTS_TTL_S).exec();
    return id;
  }
}
