import { RequestMethod, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AllExceptionsFilter } from '../common/errors/all-exceptions.filter';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';

/** The built SPA, next to dist/ (`client/dist`), when it has been built. */
const SPA_DIR = join(__dirname, '..', '..', 'client', 'dist');

/**
 * Everything the HTTP surface needs beyond the modules: prefix, validation, the error shape,
 * the SPA and the OpenAPI document. Shared by main.ts and the tests, so both serve the same app.
 */
export async function configureHttp(app: NestFastifyApplication): Promise<void> {
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'api/health', method: RequestMethod.GET }] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new AppException(ErrorCode.ValidationFailed, describeValidation(errors)),
    }),
  );

  const spaIndex = join(SPA_DIR, 'index.html');
  const spaIndexHtml = existsSync(spaIndex) ? readFileSync(spaIndex, 'utf8') : null;
  app.useGlobalFilters(new AllExceptionsFilter(spaIndexHtml));

  if (spaIndexHtml !== null) {
    const fastify = app.getHttpAdapter().getInstance();
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

function describeValidation(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((message) =>
        message.startsWith('property ') ? `${path}: ${message}` : message,
      );
      return error.children?.length ? [...own, describeValidation(error.children, path)] : own;
    })
    .join('; ');
}
