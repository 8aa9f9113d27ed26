import { Injectable, Logger } from '@nestjs/common';
import { RedisClients } from '../../infra/redis/redis.clients';
import { TRACK_TTL_S } from '../../infra/stream/track-stream.service';
import type { Channel } from './chat.entity';
import type { MessageStatus } from './message.entity';

/** An answer that has ended and is stored, as the channel it came in on must deliver it. */
export interface FinishedTurn {
  chatId: string;
  /** The chat's owner. */
  userId: string;
  channel: Channel;
  messageId: string;
  status: Extract<MessageStatus, 'complete' | 'stopped' | 'failed'>;
  text: string;
  completedAt: Date;
}

export type AnswerDeliveryHandler = (turn: FinishedTurn) => Promise<void>;

/** Told of every finished turn; resolves whether it handed the turn on to anyone (see `AnswerDeliveries.deliver`). */
export type AnswerObserver = (turn: FinishedTurn) => Promise<boolean>;

/**
 * Step 5 of the pipeline, delivery, for channels other than the one that asked (docs/api.md,
 * routing pipeline): the web chat and the API follow the track, so their answer is delivered as it
 * streams; the widget, WhatsApp and e-mail also have people or systems to tell once it is done.
 * Each channel module registers its handler at boot; the pipeline calls `deliver` as a turn ends.
 */
@Injectable()
export class AnswerDeliveries {
  private readonly logger = new Logger(AnswerDeliveries.name);
  private readonly handlers = new Map<Channel, AnswerDeliveryHandler>();
  private readonly observers: AnswerObserver[] = [];

  constructor(private readonly clients: RedisClients) {}

  /** One handler per channel: a second registration is a programming error and throws. */
  register(channel: Channel, handler: AnswerDeliveryHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Channel ${channel} already has an answer delivery`);
    this.handlers.set(channel, handler);
  }

  /** Told of every finished turn, whatever its channel (outbound webhooks send results on from here). */
  observe(observer: AnswerObserver): void {
    this.observers.push(observer);
  }

  /**
   * Hands the finished turn to its channel's handler, if it has one, and to every observer. Never
   * throws: the answer is stored and streamed already, so a delivery that fails is logged, not
   * made the turn's failure. A turn handed on (or that failed to be) is remembered as delivered for
   * as long as a rerun of its job can come (a worker dying right after this); one handed to nobody
   * (a web chat's, for an owner without webhooks: most turns) needs no such memory, since a rerun
   * hands it to nobody either, which spares every such turn a write to Redis.
   */
  async deliver(turn: FinishedTurn): Promise<void> {
    const handler = this.handlers.get(turn.channel);
    const handedOn = await Promise.all([
      handler
        ? this.attempt(async (finished) => {
            await handler(finished);
            return true;
          }, turn)
        : false,
      ...this.observers.map((observer) => this.attempt(observer, turn)),
    ]);
    if (!handedOn.includes(true)) return;
    await this.clients.app.set(this.deliveredKey(turn.messageId), '1', 'EX', TRACK_TTL_S).catch((error: Error) => {
      this.logger.warn(`could not remember that answer ${turn.messageId} was delivered: ${error.message}`);
    });
  }

  /**
   * `deliver`, unless it was done for this message already: for a rerun of an answer whose worker
   * died after storing and announcing it, which may or may not have handed it on. A worker dying
   * while the handlers run leaves it undelivered as far as this knows: it is handed on again, which
   * WhatsApp and e-mail ignore (one outbound record per message) but a webhook or a widget notice
   * does not.
   */
  async deliverUnlessDelivered(turn: FinishedTurn): Promise<void> {
    if ((await this.clients.app.exists(this.deliveredKey(turn.messageId))) > 0) return;
    await this.deliver(turn);
  }

  private deliveredKey(messageId: string): string {
    return this.clients.key('answer', messageId, 'delivered');
  }

  /** Whether `deliver` handed the turn on; a failed delivery counts as handed on, as part of it may have gone out. */
  private async attempt(deliver: AnswerObserver, turn: FinishedTurn): Promise<boolean> {
    try {
      return await deliver(turn);
    } catch (error) {
      this.logger.warn(`could not deliver answer ${turn.messageId} on ${turn.channel}: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
  }
}
