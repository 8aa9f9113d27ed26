/**
 * A process holding a fleet of socket.io clients (run by realtime.bench.ts, never on its own): each
 * follows one widget session channel and notes, for every publication it receives, when it came
 * and how long after it was sent.
 *
 * - product: `auth: {token}` with a connection token, then `subscribe {channel, token}` (acked);
 *   publications arrive as the gateway's envelope `{channel, offset, type, ts, data}`;
 * - raw: no auth, a trivial `join` (acked) to the room; publications arrive as the bare payload.
 */
import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH } from '../../src/infra/realtime/realtime-path';
import type { FrameAck } from '../../src/modules/realtime/gateway-frames';
import type { Publication } from '../../src/modules/realtime/realtime.types';
import { monotonicMs, sessionChannel, sessionId, VisitorTokens, type BenchPayload } from './common';
import { serve } from './process';

const HANDSHAKE_TIMEOUT_MS = 20_000;
const ACK_TIMEOUT_MS = 20_000;

export type Mode = 'product' | 'raw';

export interface FleetSpec {
  mode: Mode;
  /** Client i connects to urls[i % urls.length]. */
  urls: string[];
  widgetId: string;
  /** Visitors sessionId(first) … sessionId(first + count - 1). */
  first: number;
  count: number;
  /** REALTIME_TOKEN_SECRET, for product. */
  tokenSecret: string;
  /** Handshakes (each followed by its subscribe) in flight at once. */
  concurrency: number;
}

/** Everything the fleet received since it connected, one entry per publication. */
export interface FleetReport {
  /** monotonicMs() at arrival. */
  receivedAt: Float64Array;
  /** Arrival minus the payload's send time. */
  latencyMs: Float64Array;
  /** The payload's `m`: 1 once the publisher's warm-up was over. */
  measured: Uint8Array;
  /** Publications that reached a client of another channel, or (product) without an offset: must stay 0. */
  misrouted: number;
  /** Sockets the server closed during the run: must stay 0. */
  dropped: number;
  open: number;
}

const sockets: Socket[] = [];
const receivedAt: number[] = [];
const latencyMs: number[] = [];
const measured: number[] = [];
let misrouted = 0;
let dropped = 0;
let measuredCount = 0;
let closing = false;

function record(payload: BenchPayload): void {
  const now = monotonicMs();
  receivedAt.push(now);
  latencyMs.push(now - payload.t);
  measured.push(payload.m);
  measuredCount += payload.m;
}

async function open(spec: FleetSpec, tokens: VisitorTokens, i: number): Promise<void> {
  const session = sessionId(spec.first + i);
  const { channel, connection, subscription } = spec.mode === 'product' ? tokens.for(spec.widgetId, session) : { channel: sessionChannel(spec.widgetId, session), connection: '', subscription: '' };
  const socket = io(spec.urls[i % spec.urls.length], {
    path: REALTIME_PATH,
    transports: ['websocket'],
    ...(spec.mode === 'product' ? { auth: { token: connection } } : {}),
    reconnection: false,
    // One engine.io connection per client, as one browser tab each: without it io() multiplexes every client of a URL over one.
    forceNew: true,
    timeout: HANDSHAKE_TIMEOUT_MS,
  });
  sockets.push(socket);
  if (spec.mode === 'product') {
    socket.on('publication', (publication: Publication) => {
      if (publication.channel !== channel || !(publication.offset > 0)) misrouted++;
      record(publication.data as BenchPayload);
    });
  } else {
    socket.on('publication', (payload: BenchPayload) => record(payload));
  }
  await new Promise<void>((resolvePromise, reject) => {
    socket.once('connect', resolvePromise);
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => reject(new Error(`handshake refused (${error.data?.code ?? 'no code'}): ${error.message}`)));
  });
  socket.on('disconnect', () => {
    if (!closing) dropped++;
  });
  if (spec.mode === 'product') {
    const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', { channel, token: subscription })) as FrameAck;
    if (!ack.ok) throw new Error(`subscribe ${channel} refused: ${ack.error.code} ${ack.error.message}`);
  } else {
    const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', channel)) as unknown;
    if (ack !== true) throw new Error(`join ${channel} refused`);
  }
}

const methods = {
  /** Opens the fleet's clients, each subscribed (joined) to its own channel; resolves when all are. */
  async connect(spec: FleetSpec): Promise<{ ms: number }> {
    closing = false;
    const started = monotonicMs();
    const tokens = new VisitorTokens(spec.tokenSecret);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < spec.count) await open(spec, tokens, next++);
    };
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.count) }, worker));
    return { ms: monotonicMs() - started };
  },

  /** Publications received so far that the publisher measured (for waiting until the tail has arrived). */
  // eslint-disable-next-line @typescript-eslint/require-await -- every method is async for the RPC
  async measuredSoFar(): Promise<number> {
    return measuredCount;
  },

  // eslint-disable-next-line @typescript-eslint/require-await -- every method is async for the RPC
  async report(): Promise<FleetReport> {
    return {
      receivedAt: Float64Array.from(receivedAt),
      latencyMs: Float64Array.from(latencyMs),
      measured: Uint8Array.from(measured),
      misrouted,
      dropped,
      open: sockets.filter((socket) => socket.connected).length,
    };
  },

  /** Forgets what the clients received so far (they stay connected). */
  // eslint-disable-next-line @typescript-eslint/require-await -- every method is async for the RPC
  async forget(): Promise<void> {
    receivedAt.length = 0;
    latencyMs.length = 0;
    measured.length = 0;
    misrouted = 0;
    measuredCount = 0;
  },

  /** Closes every client and forgets what they received: the fleet may connect again. */
  async close(): Promise<void> {
    closing = true;
    for (const socket of sockets) socket.close();
    sockets.length = 0;
    dropped = 0;
    await methods.forget();
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
  },
};

export type FleetMethods = typeof methods;

serve(methods);
