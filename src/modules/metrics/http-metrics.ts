import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';
import { httpRequestLabels } from './route-label';

/**
 * Times every request of the public HTTP server by its route pattern. `onResponse` runs when the
 * response is done, hijacked server-sent event streams included (their duration is the stream's).
 */
export function useRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', async (request, reply) => {
    // No route matched: Fastify's 404 handler answered, whose url is none of our patterns.
    const pattern = request.is404 ? undefined : request.routeOptions.url;
    metrics.observeHttpRequest(httpRequestLabels(request.method, pattern, reply.statusCode), reply.elapsedTime / 1000);
  });
}
