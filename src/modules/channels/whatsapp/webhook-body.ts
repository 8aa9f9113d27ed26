import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import type { WhatsAppAccounts } from './whatsapp-accounts';
import { signingSecret } from './webhook-signature';

/** The webhook's route as Fastify knows it, global prefix included: the one route whose body is signed. */
export const WEBHOOK_ROUTE = '/api/v1/webhooks/whatsapp';

/** The app secret that signed each request's body, for the handler to check against the number it names. */
const signers = new WeakMap<FastifyRequest, string>();

/** Which app secret signed the request's body (set for every request that reached its handler). */
export function bodySignerOf(request: FastifyRequest): string {
  const secret = signers.get(request);
  if (secret === undefined) throw new Error(`bodySignerOf used outside POST ${WEBHOOK_ROUTE}`);
  return secret;
}

/**
 * Checks the signature of WhatsApp webhook bodies before anything else happens to them: the body
 * is read (at most `limitBytes`, else 413 PAYLOAD_TOO_LARGE), its HMAC compared with every app
 * secret configured (401 WEBHOOK_SIGNATURE_INVALID when none made it), and only then handed on,
 * byte for byte, to the JSON parser. Called by configureHttp: a hook applies only to the routes
 * Fastify registers after it.
 */
export function useWhatsAppWebhookSignatures(fastify: FastifyInstance, accounts: WhatsAppAccounts, limitBytes: number): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (request.method !== 'POST' || request.routeOptions.url !== WEBHOOK_ROUTE) return payload;
    const body = await readBounded(payload, request.headers['content-length'], limitBytes);
    const header = request.headers['x-hub-signature-256'];
    const secret = signingSecret(body, typeof header === 'string' ? header : undefined, await accounts.signingSecrets());
    if (secret === null) {
      throw new AppException(ErrorCode.WebhookSignatureInvalid, 'X-Hub-Signature-256 is missing, or was not made with the app secret of any WhatsApp number here.');
    }
    signers.set(request, secret);
    return Readable.from([body], { objectMode: false });
  });
}

async function readBounded(payload: AsyncIterable<Buffer | string>, contentLength: string | undefined, limitBytes: number): Promise<Buffer> {
  const tooLarge = (): AppException => new AppException(ErrorCode.PayloadTooLarge, `A WhatsApp webhook body may be at most ${limitBytes} bytes.`);
  if (contentLength !== undefined && Number(contentLength) > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
