import { Logger as NestLogger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { createServer, type Server } from 'node:http';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { HealthService } from '../modules/health/health.service';
import { requestId } from '../infra/logging/logger.options';
import { RedisIoAdapter } from '../infra/realtime/redis-io.adapter';
import { RedisClients } from '../infra/redis/redis.clients';
import { configureHttp } from './http-setup';

/**
 * The web role (or `all`): Fastify serving the API, the SPA, the realtime socket (when
 * REALTIME_ENABLED) and, in `all`, the queue consumers.
 */
export async function createWebApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Access logs come from pino-http (nestjs-pino); Fastify's own logger stays off, but Fastify
    // assigns the request id that pino-http then logs.
    logger: false,
    genReqId: requestId,
  });
  // bodyParser off: configureHttp installs the JSON parser (with its depth limit) itself.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  await configureHttp(app);
  if (config.realtime.enabled) {
    // Before init (listen), which is when Nest builds the gateway's server with the adapter.
    const realtime = new RedisIoAdapter(app, config, app.get(RedisClients));
    await realtime.connectToRedis();
    app.useWebSocketAdapter(realtime);
  }
  return app;
}

/** The worker role: an application context without HTTP, plus an optional liveness port. */
export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRole(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  if (config.worker.healthPort > 0) {
    const server = serveWorkerHealth(app.get(HealthService), config.worker.healthPort);
    const close = app.close.bind(app);
    app.close = async () => {
      server.close();
      await close();
    };
  }
  return app;
}

/** `GET /health` on a bare Node server: the worker must not pull in the HTTP framework. */
function serveWorkerHealth(health: HealthService, port: number): Server {
  const server = createServer((request, response) => {
    if (request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    void health.report().then((report) => {
      response.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    });
  });
  server.listen(port, () => new NestLogger('WorkerHealth').log(`worker health on :${port}/health`));
  return server;
}
