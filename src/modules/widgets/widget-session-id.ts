import { createParamDecorator, Param, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { WIDGET_SESSION_ID } from '../realtime/channels';

function readSessionId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !WIDGET_SESSION_ID.test(value)) {
    throw new AppException(ErrorCode.ValidationFailed, `${where} must be a widget session id (sess_ and 24–64 letters, digits, _ or -).`);
  }
  return value;
}

const sessionIdPipe = (name: string): PipeTransform<unknown, string> => ({ transform: (value) => readSessionId(value, name) });

/** A route parameter that must be a visitor session id; VALIDATION_FAILED otherwise. */
export function SessionIdParam(name: string): ParameterDecorator {
  return Param(name, sessionIdPipe(name));
}

/** The visitor's session id from `X-Widget-Session`, their only credential; VALIDATION_FAILED when missing or malformed. */
export const WidgetSessionHeader = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return readSessionId(context.switchToHttp().getRequest<FastifyRequest>().headers['x-widget-session'], 'The X-Widget-Session header');
});
