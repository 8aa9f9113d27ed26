import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';
const DIGEST_BYTES = 32;

/**
 * Which of the app secrets signed `body`: Meta sends `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 * of the raw body, keyed with the app secret>`. Null when the header is missing or malformed, or
 * no secret matches. Every comparison takes the same time whatever the header holds.
 */
export function signingSecret(body: Buffer, header: string | undefined, secrets: readonly string[]): string | null {
  if (header === undefined || header.length !== PREFIX.length + DIGEST_BYTES * 2 || !header.startsWith(PREFIX)) return null;
  const claimed = Buffer.from(header.slice(PREFIX.length), 'hex');
  // Buffer.from stops at the first character that is not hex: a short result means a malformed header.
  if (claimed.length !== DIGEST_BYTES) return null;
  return secrets.find((secret) => timingSafeEqual(createHmac('sha256', secret).update(body).digest(), claimed)) ?? null;
}

/** Whether `given` equals one of the tokens, in time that does not depend on where they differ. */
export function matchesToken(given: string, tokens: readonly string[]): boolean {
  const digest = createHash('sha256').update(given).digest();
  // Hashing first gives equal lengths, which timingSafeEqual needs; every token is compared.
  return tokens.reduce((found, token) => timingSafeEqual(createHash('sha256').update(token).digest(), digest) || found, false);
}
