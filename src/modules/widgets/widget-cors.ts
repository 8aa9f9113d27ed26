import type { FastifyInstance } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import type { WidgetsService } from './widgets.service';

/**
 * The public widget endpoints (`/api/v1/widget/<wid>/…`, `/api/v1/realtime/widget/<wid>/…`) are
 * called cross-origin from the owner's pages. Their answers carry CORS headers for origins the
 * widget allows, and only for those: any other page's script cannot read them (and the handlers
 * refuse it with ORIGIN_NOT_ALLOWED anyway). Answered preflights are cached by browsers for 10 min.
 */
const WIDGET_PATH = /^\/api\/v1\/(?:realtime\/)?widget\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//;

/**
 * Installs the hook. Register it before the request budgets, so a 429 still reaches the widget's
 * script and can be shown to the visitor in words.
 */
export function useWidgetCors(fastify: FastifyInstance, widgets: WidgetsService): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || request.url.length > 2048) return;
    const widgetId = WIDGET_PATH.exec(request.url)?.[1];
    if (!widgetId) return;
    try {
      await widgets.forVisitor(widgetId, origin);
    } catch (error) {
      // Unknown widget or foreign page: no CORS headers. The handler answers the request itself.
      if (error instanceof AppException) return;
      throw error;
    }
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', 'Retry-After, X-Request-Id');
    if (request.method !== 'OPTIONS') return;
    await reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'Content-Type, X-Widget-Session, Last-Event-ID')
      .header('access-control-max-age', '600')
      .send();
    return reply;
  });
}
