import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret with `bytes` of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 hex digest. Right for high-entropy secrets (API keys, refresh tokens) that are looked up
 * by their hash; passwords use the slow hash in auth instead.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
