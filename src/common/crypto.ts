import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

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

/**
 * An HS256 signing secret as a key object, made once, for JwtService. Given the secret as a
 * string, jsonwebtoken first tries it as a PEM public key on every verify, and building (and
 * throwing away) that failure cost each verification about a quarter of a millisecond of CPU.
 */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret));
}
