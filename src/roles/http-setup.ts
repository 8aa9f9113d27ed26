import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AllExceptionsFilter } from '../common/errors/all-exceptions.filter';
import { ProcessLifecycle } from '../common/lifecycle/process-lifecycle';
import { useDepthLimitedJsonParser } from '../common/http/json-body';
import { RequestValidationPipe } from '../common/http/request-validation.pipe';
import { AppConfig } from '../config/app-config';
import { RateLimitService } from '../infra/redis/rate-limit.service';
import { chargeAnonymousBudgetsBeforeParsing } from '../modules/auth/request-budgets';
import { useWhatsAppWebhookSignatures } from '../modules/channels/whatsapp/webhook-body';
import { WhatsAppAccounts } from '../modules/channels/whatsapp/whatsapp-accounts';
import { useRequestMetrics } from '../modules/metrics/http-metrics';
import { MetricsService } from '../modules/metrics/metrics.service';
import { mountQueueDashboard } from '../modules/metrics/queue-dashboard/queue-dashboard';
import { useWidgetCors } from '../modules/widgets/widget-cors';
import { WidgetsService } from '../modules/widgets/widgets.service';
import { closeConnectionsOnShutdown } from './graceful-shutdown';
import { useSecurityHeaders } from './security-headers';

/** The built SPA, next to dist/ (`client/dist`), when it has been built. */
const SPA_DIR = join(__dirname, '..', '..', 'client', 'dist');

/**
 * Everything the HTTP surface needs beyond the modules: prefix, validation, the error shape,
 * the SPA and the OpenAPI document. Shared by main.ts and the tests, so both serve the same app.
 */
export async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'api/health', method: RequestMethod.GET },
      // The OpenAI-compatible API sits at the root, so the OpenAI SDKs work with `baseURL: <host>/v1`.
      { path: 'v1/chat/completions', method: RequestMethod.POST },
      { path: 'v1/models', method: RequestMethod.GET },
    ],
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  useRequestMetrics(fastify, app.get(MetricsService));
  closeConnectionsOnShutdown(fastify, app.get(ProcessLifecycle));
  useSecurityHeaders(app, config);
  useWidgetCors(fastify, app.get(WidgetsService));
  chargeAnonymousBudgetsBeforeParsing(fastify, app.get(RateLimitService));
  useWhatsAppWebhookSignatures(fastify, app.get(WhatsAppAccounts), config.http.bodyLimitBytes);
  useDepthLimitedJsonParser(fastify, config.http.jsonMaxDepth);
  // Uploads (POST /files): one file per request, read up to UPLOAD_MAX_BYTES (413 past it).
  await app.register(fastifyMultipart, { limits: { fileSize: config.files.uploadMaxBytes, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });
  app.useGlobalPipes(new RequestValidationPipe());
  await mountQueueDashboard(app);

  const spaIndex = join(SPA_DIR, 'index.html');
  const spaIndexHtml = existsSync(spaIndex) ? readFileSync(spaIndex, 'utf8') : null;
  app.useGlobalFilters(new AllExceptionsFilter(spaIndexHtml));

  if (spaIndexHtml !== null) {
    await app.register(fastifyStatic, { root: SPA_DIR, prefix: '/', wildcard: false, index: false });
    fastify.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(spaIndexHtml));
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard API')
      .setDescription('The HTTP API of Switchboard. Errors are `{ "error": { "code", "message" } }`.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
