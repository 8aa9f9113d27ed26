import type { Channel } from '../chat/chat.entity';
import type { FileDto } from '../files/dto/file.dto';

/** Channels whose people are reached outside the app, through an adapter of their own. */
export type ExternalChannel = Extract<Channel, 'whatsapp' | 'email'>;

/**
 * Where an answer goes back to, as the inbound message recorded it. Each adapter reads its own
 * kind; the rest of the platform passes it through unread.
 */
export type ReplyAddress = WhatsAppReplyAddress | EmailReplyAddress;

export interface WhatsAppReplyAddress {
  channel: 'whatsapp';
  /** The Cloud API phone number id the message was sent to (we answer from it). */
  phoneNumberId: string;
  /** The sender's WhatsApp id (their phone number, digits only). */
  to: string;
}

export interface EmailReplyAddress {
  channel: 'email';
  /** The sender, answered. */
  to: string;
  /** The address that was written to: the answer comes from it. */
  from: string;
  subject: string;
  /** The inbound Message-ID, and the thread's earlier ones, for In-Reply-To and References. */
  inReplyTo: string | null;
  references: string[];
}

/** A file that came with an inbound message, already downloaded. */
export interface InboundAttachment {
  name: string;
  mime: string;
  data: Buffer;
}

/** One message as an adapter received it, before the pipeline sees it. */
export interface InboundMessage {
  channel: ExternalChannel;
  /** The channel account it was sent to (a WhatsApp number, a mailbox): see ChannelAccountsService. */
  accountId: string;
  /** The channel's own id for the message (WhatsApp `wamid…`, e-mail Message-ID): processed once. */
  externalId: string;
  /** Who wrote: phone number or e-mail address, and the name they gave, if any. */
  sender: { address: string; name: string | null };
  /** What the pipeline answers: cleaned already (quoted history and signatures stripped). */
  text: string;
  attachments: InboundAttachment[];
  replyAddress: ReplyAddress;
  /**
   * Earlier external ids this message continues (e-mail References / In-Reply-To): the chat
   * that holds any of them is this message's chat. Without any, a WhatsApp sender has one running
   * chat per account and an e-mail starts a new one.
   */
  continues: string[];
  receivedAt: Date;
}

/** An answer (or an operator's reply) on its way out. */
export interface OutboundMessage {
  /** The stored message being delivered: delivering it again sends nothing new. */
  messageId: string;
  chatId: string;
  accountId: string;
  /** Markdown, as the pipeline or the operator wrote it. */
  text: string;
  /** Generated files to send with it, and a reader for their bytes. */
  files: FileDto[];
  readFile: (fileId: string) => Promise<Buffer>;
  replyAddress: ReplyAddress;
}

/** What an adapter reports once a message is out: the channel's ids for what it sent, in order. */
export interface SentMessage {
  externalIds: string[];
}

/**
 * Step 5 of the pipeline for one external channel. `send` throws on failure (the delivery job
 * retries with backoff); a failure that retrying cannot fix throws PermanentDeliveryError.
 */
export interface ChannelAdapter {
  readonly channel: ExternalChannel;
  send(message: OutboundMessage): Promise<SentMessage>;
}

/** A failure no retry can fix (the recipient is outside WhatsApp's 24-hour window, a bad address). */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** Where an outbound message stands; status updates only ever move it forward (failed is final). */
export type { DeliveryStatus } from '../../contracts/chat';
