import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a webhook is ours and fresh (docs/webhooks.md, "Verifying"): the
 * signature header carries the unix time of sending and an HMAC-SHA256, under the endpoint's
 * secret, of `<time>.<raw body>`; the time is signed, so it cannot be moved to replay an old body.
 * This file is what the server signs with and the helper receivers (and our tests) verify with.
 */

export const SIGNATURE_HEADER = 'x-switchboard-signature';
export const EVENT_HEADER = 'x-switchboard-event';
export const DELIVERY_HEADER = 'x-switchboard-delivery';

/** How far a signature's time may be from the receiver's clock before it counts as a replay. */
export const SIGNATURE_TOLERANCE_S = 300;

/** Longer headers are not ours: refused before they are parsed. */
const MAX_HEADER_LENGTH = 1_000;

function sign(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signatureHeader(secret: string, body: string, timestampS: number): string {
  return `t=${timestampS},v1=${sign(secret, timestampS, body)}`;
}

export type VerifyFailure = 'malformed' | 'mismatch' | 'expired';
export type VerifyResult = { ok: true; timestampS: number } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  secret: string;
  /** The X-Switchboard-Signature header as received. */
  header: string | undefined;
  /** The raw request body, byte for byte as received: parsed and re-serialized JSON will not match. */
  body: string;
  toleranceS?: number;
  nowS?: number;
}

/**
 * Verifies a delivery: the header must hold a time within `toleranceS` of now and a `v1` that is
 * the HMAC of that time and the body under `secret` (compared in constant time). Several `v1`
 * values are allowed, any one matching. A delivery that passes may still be a duplicate: dedupe
 * on X-Switchboard-Delivery for as long as the tolerance.
 */
export function verifyWebhookSignature({ secret, header, body, toleranceS = SIGNATURE_TOLERANCE_S, nowS = Date.now() / 1000 }: VerifyInput): VerifyResult {
  if (!header || header.length > MAX_HEADER_LENGTH) return { ok: false, reason: 'malformed' };
  let timestampS: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestampS = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (timestampS === null || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, timestampS, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowS - timestampS) > toleranceS) return { ok: false, reason: 'expired' };
  return { ok: true, timestampS };
}
