import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { allowOrigin } from '../../common/http/cors';
import type { WidgetsService } from './widgets.service';

/** Where visitors, like users, get subscription tokens. */
const VISITOR_SUBSCRIBE_PATH = '/api/v1/realtime/subscribe';

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
    if (request.url === VISITOR_SUBSCRIBE_PATH) {
      // The widget is named in the body, which a preflight does not carry: the preflight is
      // answered for any page (it grants nothing by itself), and the subscription's own answer
      // carries the CORS header only once the visitor's page was admitted (RealtimeController).
      if (request.method === 'OPTIONS') return preflight(reply, origin, 'POST');
      return;
    }
    const widgetId = WIDGET_PATH.exec(request.url)?.[1];
    if (!widgetId) return;
    try {
      await widgets.forVisitor(widgetId, origin);
    } catch (error) {
      // Unknown widget or foreign page: no CORS headers. The handler answers the request itself.
      if (error instanceof AppException) return;
      throw error;
    }
    allowOrigin(reply, origin);
    if (request.method === 'OPTIONS') return preflight(reply, origin, 'GET, POST');
  });
}

async function preflight(reply: FastifyReply, origin: string, methods: string): Promise<FastifyReply> {
  await reply
    .code(204)
    .header('access-control-allow-origin', origin)
    .header('vary', 'Origin')
    .header('access-control-allow-methods', methods)
    .header('access-control-allow-headers', 'Content-Type, X-Widget-Session, Last-Event-ID')
    .header('access-control-max-age', '600')
    .send();
  return reply;
}
