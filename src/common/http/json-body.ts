import type { FastifyInstance } from 'fastify';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `json` nests arrays/objects deeper than `maxDepth`. One linear pass that stops at
 * the first level too deep, so a megabyte of `[[[[…` costs microseconds; brackets inside
 * strings do not count. Malformed text is left for the real parser to reject.
 */
export function nestsDeeperThan(json: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_ARRAY || char === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (char === CLOSE_ARRAY || char === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON body parser with one that refuses deep nesting before parsing:
 * class-transformer and class-validator recurse once per level, so 20 KB of `[[[…]]]` used to
 * overflow the stack (a 500) and a megabyte held the event loop for over a second. Parsing
 * itself stays Fastify's own (prototype-poisoning protection included).
 */
export function useDepthLimitedJsonParser(fastify: FastifyInstance, maxDepth: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (nestsDeeperThan(text, maxDepth)) {
      done(new AppException(ErrorCode.JsonTooDeep, `The JSON body nests deeper than ${maxDepth} levels.`), undefined);
      return;
    }
    void parse(request, text, done);
  });
}
