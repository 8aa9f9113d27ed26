import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Strips credentials from a URL before logging: those that may ride in a query string (`?token=`
 * for EventSource), and widget visitors' session ids, which are their only credential and appear
 * in some paths (`/realtime/widget/:wid/sessions/:sid/token`).
 */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|access_token|api_key|key)=)[^&#]*/gi, '$1[redacted]').replace(/sess_[A-Za-z0-9_-]+/g, 'sess_[redacted]');
}

/**
 * The id of a request: a well-formed `X-Request-Id` (so a load balancer's id follows the
 * request through every node's logs), or a new UUID. Fastify assigns it (`genReqId`), the access
 * log reads it from there, and the web role echoes it back in the response.
 */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Structured JSON logs: one access line per API request, with its request id, no credentials. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      base: { role: config.role, pid: process.pid },
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-widget-session"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          headers: req.headers,
        }),
        // The status is what a reader needs; the security headers would repeat on every line.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Health probes arrive every few seconds from load balancers; they would drown the log. The
      // logger is mounted on that path as well as on the API's wildcard, and a path-mounted
      // middleware sees `url` relative to its mount point: match the original URL.
      autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url) === '/api/health' },
    },
  };
}
