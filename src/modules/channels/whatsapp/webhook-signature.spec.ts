import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchesToken, signingSecret } from './webhook-signature';

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const sign = (secret: string, bytes = body): string => `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

describe('webhook signatures', () => {
  it('names the app secret that signed the raw body', () => {
    expect(signingSecret(body, sign('b'), ['a', 'b'])).toBe('b');
    expect(signingSecret(body, sign('b').toUpperCase().replace('SHA256=', 'sha256='), ['b'])).toBe('b');
  });

  it('finds none for another secret, other bytes, or a missing or malformed header', () => {
    expect(signingSecret(body, sign('c'), ['a', 'b'])).toBeNull();
    expect(signingSecret(Buffer.from(`${body.toString()} `), sign('a'), ['a'])).toBeNull();
    expect(signingSecret(body, undefined, ['a'])).toBeNull();
    expect(signingSecret(body, sign('a').replace('sha256=', 'sha1=xx'), ['a'])).toBeNull();
    expect(signingSecret(body, `${sign('a').slice(0, -1)}z`, ['a'])).toBeNull();
    expect(signingSecret(body, sign('a'), [])).toBeNull();
  });

  it('compares verify tokens whole', () => {
    expect(matchesToken('token-1', ['token-0', 'token-1'])).toBe(true);
    expect(matchesToken('token', ['token-1'])).toBe(false);
    expect(matchesToken('', [])).toBe(false);
  });
});
