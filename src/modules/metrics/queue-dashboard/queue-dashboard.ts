import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { toErrorResponse } from '../../../common/errors/error-response';
import { JobQueueService } from '../../../infra/queue/job-queue.service';
import { QUEUE_NAMES } from '../../../infra/queue/queue-name';
import { QUEUE_DASHBOARD_PATH, QueueDashboardGate } from './queue-dashboard-gate';

/**
 * bull-board's page loads its typeface from Google Fonts: an admin's browser must not call a third
 * party from our page (the page's CSP refuses it anyway), so the link is taken out and the page
 * uses the system's fonts. The pattern reads one tag and cannot backtrack past its `>`.
 */
const THIRD_PARTY_STYLESHEET = /<link href="https:\/\/fonts\.googleapis\.com\/[^">]*" rel="stylesheet">/;

/**
 * Mounts bull-board at QUEUE_DASHBOARD_PATH on the web role: every queue, read-only (no retry,
 * remove, clean, pause or add: a ProcessMessage job run again by hand would answer twice, and
 * repairs belong in code). bull-board refuses those itself in read-only mode; the gate refuses
 * any method but GET and HEAD before it, and everyone but admins.
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const gate = app.get(QueueDashboardGate);
  const jobs = app.get(JobQueueService);
  const logger = new Logger('QueueDashboard');
  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(jobs.queue(name), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Switchboard queues' } },
  });
  // An encapsulated scope: the gate's hook runs for the dashboard's routes and no others.
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        await gate.admit(request);
      } catch (thrown) {
        const error = toErrorResponse(thrown);
        if (error.unexpected) logger.error(thrown);
        return reply.status(error.status).headers(error.headers).send({ error: { code: error.code, message: error.message } });
      }
    });
    scope.addHook('onSend', async (_request, reply, payload) =>
      typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html') ? payload.replace(THIRD_PARTY_STYLESHEET, '') : payload,
    );
    await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
