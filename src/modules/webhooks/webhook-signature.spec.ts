import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test-secret';
const BODY = '{"id":"evt","type":"ping","data":{}}';
const NOW_S = 1_764_400_000;

describe('webhook signatures', () => {
  it('signs the time and the body: t=<seconds>,v1=<hex HMAC-SHA256>', () => {
    const header = signatureHeader(SECRET, BODY, NOW_S);
    expect(header).toMatch(/^t=1764400000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S })).toEqual({ ok: true, timestampS: NOW_S });
  });

  it('refuses another secret, another body, or a time moved to look fresh', () => {
    const header = signatureHeader(SECRET, BODY, NOW_S);
    expect(verifyWebhookSignature({ secret: 'whsec_other', header, body: BODY, nowS: NOW_S })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY.replace('ping', 'pong'), nowS: NOW_S })).toEqual({ ok: false, reason: 'mismatch' });
    const moved = header.replace(`t=${NOW_S}`, `t=${NOW_S + 600}`);
    expect(verifyWebhookSignature({ secret: SECRET, header: moved, body: BODY, nowS: NOW_S + 600 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a genuine signature older (or newer) than the tolerance: a replay', () => {
    const header = signatureHeader(SECRET, BODY, NOW_S);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S + 300 }).ok).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S + 301 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S - 301 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S + 3600, toleranceS: 7200 }).ok).toBe(true);
  });

  it('accepts any one of several v1 signatures, and refuses malformed headers', () => {
    const genuine = signatureHeader(SECRET, BODY, NOW_S);
    expect(verifyWebhookSignature({ secret: SECRET, header: `t=${NOW_S},v1=${'0'.repeat(64)},${genuine.split(',')[1]}`, body: BODY, nowS: NOW_S }).ok).toBe(true);
    for (const header of [undefined, '', 'v1=abc', `t=${NOW_S}`, `t=soon,v1=${'a'.repeat(64)}`, `t=${NOW_S},v1=zz`, 'garbage', `t=${NOW_S},${'v1=a,'.repeat(300)}`]) {
      expect(verifyWebhookSignature({ secret: SECRET, header, body: BODY, nowS: NOW_S }).ok).toBe(false);
    }
  });
});

/**
 * The verification code receivers copy from docs/webhooks.md must accept what the server signs and
 * refuse what it must refuse: the first `js` block of the page is run here as written.
 */
describe('the verification snippet in docs/webhooks.md', () => {
  const doc = readFileSync(resolve(__dirname, '../../../docs/webhooks.md'), 'utf8');
  const start = doc.indexOf('```js\n');
  const snippet = doc.slice(start + '```js\n'.length, doc.indexOf('```', start + 6));
  const dir = mkdtempSync(join(tmpdir(), 'webhook-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies genuine deliveries and rejects forged, altered and replayed ones', async () => {
    expect(start).toBeGreaterThan(0);
    const file = join(dir, 'verify.mjs');
    writeFileSync(file, snippet);
    const { verifySwitchboardSignature } = (await import(pathToFileURL(file).href)) as {
      verifySwitchboardSignature: (secret: string, header: string | undefined, rawBody: string, nowS?: number) => boolean;
    };
    const now = Math.floor(Date.now() / 1000);
    const header = signatureHeader(SECRET, BODY, now);

    expect(verifySwitchboardSignature(SECRET, header, BODY)).toBe(true);
    expect(verifySwitchboardSignature('whsec_forged', header, BODY)).toBe(false);
    expect(verifySwitchboardSignature(SECRET, header, `${BODY} `)).toBe(false);
    expect(verifySwitchboardSignature(SECRET, undefined, BODY)).toBe(false);
    expect(verifySwitchboardSignature(SECRET, 'nonsense', BODY)).toBe(false);
    expect(verifySwitchboardSignature(SECRET, signatureHeader(SECRET, BODY, now - 301), BODY)).toBe(false);
    expect(verifySwitchboardSignature(SECRET, header, BODY, now + 299)).toBe(true);
  });
});
