import { Injectable } from '@nestjs/common';
import { RedisClients } from '../../infra/redis/redis.clients';
import { trackKey } from '../../infra/stream/track-key';

export interface TrackOwner {
  userId: string;
  chatId: string;
  messageId: string;
}

/** Lives as long as the track's events (TrackStreamService keeps them an hour). */
const TRACK_TTL_S = 3600;

/** Who may follow or stop a track: recorded when the web role starts it, readable on any node. */
@Injectable()
export class TrackRegistry {
  constructor(private readonly redis: RedisClients) {}

  async register(trackId: string, owner: TrackOwner): Promise<void> {
    await this.redis.app.set(this.key(trackId), JSON.stringify(owner), 'EX', TRACK_TTL_S);
  }

  async ownerOf(trackId: string): Promise<TrackOwner | null> {
    const raw = await this.redis.app.get(this.key(trackId));
    return raw ? (JSON.parse(raw) as TrackOwner) : null;
  }

  private key(trackId: string): string {
    return trackKey(this.redis, trackId, 'owner');
  }
}
