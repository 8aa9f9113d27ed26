import { Emitter } from '@socket.io/redis-emitter';
import type { RedisClients, RedisConnection } from '../redis/redis.clients';
import { roomPubSubChannel, socketIoRedisKey } from './socket-io-redis-key';

/** socket.io-parser's PacketType.EVENT and socket.io-adapter's MessageType.BROADCAST: the wire values of an event broadcast. */
const EVENT_PACKET = 2;
const BROADCAST_MESSAGE = 3;
/** Who sent it, as the adapters see it: never a web node's own uid, so every node delivers it. */
const PUBLISHER_UID = 'emitter';

/** How the numbers of a broadcast's payload are written: MessagePack (uint64 for large ones) or JSON text. */
export type NumberEncoding = 'msgpack' | 'decimal';

/** One event for every socket in one room, encoded for the adapter the web nodes run, ready to send. */
export interface RoomBroadcast {
  /** PUBLISH to the classic adapter, SPUBLISH (Redis 7 sharded pub/sub) to the sharded one. */
  command: 'PUBLISH' | 'SPUBLISH';
  channel: string;
  message: Buffer;
  numbers: NumberEncoding;
}

/**
 * Encodes broadcasts for the socket.io Redis adapter of the web nodes (RedisIoAdapter), so any role
 * reaches their sockets without a socket server of its own. One Redis (plain or through Sentinel):
 * the classic adapter, which @socket.io/redis-emitter speaks (MessagePack on PUBLISH). A Redis
 * Cluster: the sharded adapter, which no emitter speaks; its wire format (sharded-adapter.js in
 * @socket.io/redis-adapter) is a socket.io-adapter ClusterAdapter message, JSON when it holds no
 * binary, SPUBLISHed to the room's channel, where that adapter subscribes for every room it has.
 * Payloads must be JSON-serializable (no binary), which every publication is.
 */
export class RoomBroadcaster {
  private encoded: RoomBroadcast | undefined;
  private emitter: Emitter | undefined;

  constructor(private readonly redis: RedisClients) {}

  encode(room: string, event: string, payload: unknown): RoomBroadcast {
    if (this.redis.isCluster) {
      const message = {
        uid: PUBLISHER_UID,
        nsp: '/',
        type: BROADCAST_MESSAGE,
        data: { packet: { type: EVENT_PACKET, data: [event, payload], nsp: '/' }, opts: { rooms: [room], except: [], flags: {} } },
      };
      return { command: 'SPUBLISH', channel: roomPubSubChannel(this.redis, room), message: Buffer.from(JSON.stringify(message)), numbers: 'decimal' };
    }
    // The emitter encodes synchronously into the stand-in client: one slot serves every call.
    this.emitter ??= new Emitter(
      { publish: (channel: string, message: Buffer) => (this.encoded = { command: 'PUBLISH', channel, message, numbers: 'msgpack' }) },
      { key: socketIoRedisKey(this.redis) },
    );
    this.encoded = undefined;
    this.emitter.to(room).emit(event, payload);
    const encoded = this.encoded as RoomBroadcast | undefined;
    if (!encoded) throw new Error('the realtime emitter encoded nothing');
    return encoded;
  }

  /** Sends a broadcast on `connection` (the realtime one). */
  async send(connection: RedisConnection, { command, channel, message }: RoomBroadcast): Promise<void> {
    await (command === 'SPUBLISH' ? connection.spublish(channel, message) : connection.publish(channel, message));
  }
}

/** A safe integer as `numbers` writes it: MessagePack uint64 (0xcf and 8 bytes), or JSON decimal text. */
export function encodeNumber(value: number, numbers: NumberEncoding): Buffer {
  if (numbers === 'decimal') return Buffer.from(String(value));
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xcf;
  bytes.writeBigUInt64BE(BigInt(value), 1);
  return bytes;
}
