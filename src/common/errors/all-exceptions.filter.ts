import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from './error-code';
import { toErrorResponse } from './error-response';

/**
 * The single place that writes error responses: `{error:{code,message}}` with a stable code.
 * Unknown GETs outside the API fall back to the SPA's index.html so client-side deep links load.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly spaIndexHtml: string | null) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toErrorResponse(exception);

    if (error.code === ErrorCode.NotFound && this.servesSpa(request)) {
      void reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.spaIndexHtml);
      return;
    }
    if (error.unexpected) this.logger.error(exception);
    if (reply.sent) return;
    void reply
      .status(error.status)
      .headers(error.headers)
      .send({ error: { code: error.code, message: error.message } });
  }

  private servesSpa(request: FastifyRequest): boolean {
    if (this.spaIndexHtml === null || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const path = request.url.split('?')[0] ?? '';
    return !path.startsWith('/api/') && !path.startsWith('/v1/') && !/\.[a-z0-9]+$/i.test(path);
  }
}
