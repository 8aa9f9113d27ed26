/**
 * The "worker" of the realtime bench (run by realtime.bench.ts, never on its own): publishes at a
 * fixed rate, round robin over the visitors' channels, each payload stamped with its send time.
 *
 * - product: the product's own path, RealtimePublisher.publish (history append in Redis, then
 *   @socket.io/redis-emitter), built from src/ with the environment the web nodes run with
 *   (APP_ROLE=worker), the way a worker process builds it;
 * - raw: @socket.io/redis-emitter on an ioredis connection, straight to the room.
 */
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { loadConfig, readProcessEnvironment } from '../../src/config/app-config';
import { RedisClients } from '../../src/infra/redis/redis.clients';
import { ChannelHistory } from '../../src/modules/realtime/channel-history.service';
import { RealtimePublisher } from '../../src/modules/realtime/realtime-publisher.service';
import { monotonicMs, type BenchPayload } from './common';
import type { Mode } from './clients';
import { serve } from './process';

export interface PublishPlan {
  mode: Mode;
  channels: string[];
  perSecond: number;
  warmupMs: number;
  measureMs: number;
  /** raw: the Redis URL (realtime DB) and the socket.io channel prefix its servers listen on. */
  raw?: { redisUrl: string; key: string };
}

export interface PublishOutcome {
  sent: number;
  /** Publications stamped m=1: sent after the warm-up. */
  measuredSent: number;
  failed: number;
  firstFailure?: string;
  /** monotonicMs() of the first measured publication, and of the last. */
  measureStart: number;
  measureEnd: number;
  /** Measured publications per second the publisher actually handed over. */
  publishedPerS: number;
  /** Most publications whose publish() had not resolved yet (product; raw's emitter does not wait). */
  maxInFlight: number;
}

type PublishOne = (channel: string, payload: BenchPayload) => Promise<unknown> | void;

let product: { clients: RedisClients; publisher: RealtimePublisher } | undefined;
let raw: { redis: Redis; emitter: Emitter } | undefined;

function publishPath(plan: PublishPlan): PublishOne {
  if (plan.mode === 'product') {
    if (!product) {
      const config = loadConfig(readProcessEnvironment());
      const clients = new RedisClients(config);
      product = { clients, publisher: new RealtimePublisher(clients, new ChannelHistory(clients, config)) };
    }
    const { publisher } = product;
    return (channel, payload) => publisher.publish(channel, 'message', payload);
  }
  if (!plan.raw) throw new Error('raw needs its Redis URL and key');
  if (!raw) {
    // Without auto-pipelining, as the product's realtime connection (RedisClients), so the clients compare and not their settings.
    const redis = new Redis(plan.raw.redisUrl);
    raw = { redis, emitter: new Emitter(redis, { key: plan.raw.key }) };
  }
  const { emitter } = raw;
  return (channel, payload) => {
    emitter.to(channel).emit('publication', payload);
  };
}

const methods = {
  /**
   * Publishes perSecond × (warmupMs + measureMs) / 1000 publications on schedule: every
   * millisecond or so it sends what is due by then, without waiting for earlier ones to resolve,
   * so a slow publish path shows as publications in flight and late deliveries, not as a lower rate.
   */
  async run(plan: PublishPlan): Promise<PublishOutcome> {
    const publish = publishPath(plan);
    const warmup = Math.round((plan.perSecond * plan.warmupMs) / 1000);
    const total = warmup + Math.round((plan.perSecond * plan.measureMs) / 1000);
    let sent = 0;
    let failed = 0;
    let firstFailure: string | undefined;
    let inFlight = 0;
    let maxInFlight = 0;
    let measureStart = NaN;
    let measureEnd = NaN;
    // Bookkeeping of the publications in flight: two shared callbacks and a counter, so that it
    // allocates next to nothing (the publisher's own garbage would add GC pauses to the figures).
    let allSettled: (() => void) | undefined;
    const settle = (): void => {
      inFlight--;
      if (inFlight === 0 && sent >= total) allSettled?.();
    };
    const fail = (error: unknown): void => {
      failed++;
      firstFailure ??= String(error);
      settle();
    };

    const publishNext = (): void => {
      const seq = sent++;
      const t = monotonicMs();
      if (seq === warmup) measureStart = t;
      measureEnd = t;
      const result = publish(plan.channels[seq % plan.channels.length], { t, seq, m: seq >= warmup ? 1 : 0 });
      if (!result) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      void result.then(settle, fail);
    };

    const start = monotonicMs();
    await new Promise<void>((resolvePromise) => {
      const tick = (): void => {
        const due = Math.min(total, Math.floor(((monotonicMs() - start) * plan.perSecond) / 1000));
        while (sent < due) publishNext();
        if (sent >= total) resolvePromise();
        else setTimeout(tick, 1);
      };
      tick();
    });
    if (inFlight > 0) await new Promise<void>((resolvePromise) => (allSettled = resolvePromise));
    const measuredSent = total - warmup;
    return {
      sent,
      measuredSent,
      failed,
      firstFailure,
      measureStart,
      measureEnd,
      publishedPerS: measuredSent / ((measureEnd - measureStart) / 1000),
      maxInFlight,
    };
  },

  /** Closes the Redis connections. */
  async close(): Promise<void> {
    if (product) await product.clients.onApplicationShutdown();
    if (raw) await raw.redis.quit();
    product = undefined;
    raw = undefined;
  },
};

export type PublisherMethods = typeof methods;

serve(methods);
