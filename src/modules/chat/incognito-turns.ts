import { Injectable } from '@nestjs/common';
import { RedisClients } from '../../infra/redis/redis.clients';
import type { Chat } from './chat.entity';
import type { Message } from './message.entity';

/** As long as the track itself: the worker picks an incognito turn up within seconds. */
const TURN_TTL_S = 3600;

interface StoredTurn {
  chat: Chat;
  inbound: Message;
  answer: Message;
}

/**
 * Incognito turns are never written to the database: the question and the pending answer wait
 * here, in Redis with a TTL, only until the worker has answered, then they are deleted.
 */
@Injectable()
export class IncognitoTurns {
  constructor(private readonly redis: RedisClients) {}

  async hold(turn: StoredTurn): Promise<void> {
    await this.redis.app.set(this.key(turn.answer.id), JSON.stringify(turn), 'EX', TURN_TTL_S);
  }

  async take(answerId: string): Promise<StoredTurn | null> {
    const raw = await this.redis.app.get(this.key(answerId));
    if (!raw) return null;
    const turn = JSON.parse(raw) as StoredTurn;
    // Dates come back from JSON as strings.
    for (const message of [turn.inbound, turn.answer]) message.createdAt = new Date(message.createdAt);
    turn.chat.createdAt = new Date(turn.chat.createdAt);
    turn.chat.updatedAt = new Date(turn.chat.updatedAt);
    turn.chat.lastMessageAt = new Date(turn.chat.lastMessageAt);
    return turn;
  }

  async forget(answerId: string): Promise<void> {
    await this.redis.app.del(this.key(answerId));
  }

  private key(answerId: string): string {
    return this.redis.key('incognito', answerId);
  }
}
