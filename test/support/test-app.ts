import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../src/config/app-config';
import { createWebApp, createWorkerApp } from '../../src/roles/bootstrap';

/** A web (or `all`) instance listening on a free loopback port, built exactly as main.ts builds it. */
export interface RunningWebApp {
  app: NestFastifyApplication;
  baseUrl: string;
  request(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function startWebApp(config: AppConfig): Promise<RunningWebApp> {
  const app = await createWebApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('app did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    request: (path, init = {}) => {
      const { json, token, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (json !== undefined) merged.set('content-type', 'application/json');
      if (token) merged.set('authorization', `Bearer ${token}`);
      return fetch(baseUrl + path, { ...rest, headers: merged, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    close: () => app.close(),
  };
}

export function startWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  return createWorkerApp(config);
}
