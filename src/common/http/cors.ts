import type { FastifyReply } from 'fastify';

/**
 * CORS headers that let a page of `origin` read this answer, and the headers a widget needs from
 * it (`Retry-After` to say when to write again). Only for an origin already checked: the caller
 * vouches that this page may read the answer.
 */
export function allowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', 'Retry-After, X-Request-Id');
}
