import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessLifecycle } from '../common/lifecycle/process-lifecycle';

/**
 * Takes a node out of service without failing what it is serving. It reports not-ready at once,
 * keeps serving for `drainDelayMs` (long enough for the load balancer's health checks to notice,
 * so new requests go elsewhere), then closes the app: SSE streams end so their clients re-attach
 * to another node with Last-Event-ID, socket.io connections close so their clients reconnect
 * elsewhere, the listener stops, in-flight requests finish, and a worker's BullMQ consumers finish
 * the jobs in hand (closing waits for them).
 */
export async function drainAndClose(app: INestApplicationContext, drainDelayMs: number): Promise<void> {
  app.get(ProcessLifecycle).beginDrain();
  if (drainDelayMs > 0) await sleep(drainDelayMs);
  await app.close();
}

/**
 * Once the node is closing, every response says `Connection: close`. Node's server.close() only
 * closes connections idle at that moment: a keep-alive connection whose request was in flight
 * would otherwise stay open until the keep-alive timeout (72 s in Fastify) and hold the close
 * past SHUTDOWN_TIMEOUT_S.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance, lifecycle: ProcessLifecycle): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.closing.aborted) void reply.header('connection', 'close');
    done(null, payload);
  });
}
