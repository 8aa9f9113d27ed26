import { describe, expect, it } from 'vitest';
import { redactUrl } from './logger.options';

describe('redactUrl', () => {
  it.each([
    ['/api/events?token=eyJhbGciOi.abc.def&chat=42', '/api/events?token=[redacted]&chat=42'],
    ['/api/events?chat=42&access_token=secret', '/api/events?chat=42&access_token=[redacted]'],
    ['/v1/chat?api_key=sk_abc123&stream=true', '/v1/chat?api_key=[redacted]&stream=true'],
    ['/api/events?TOKEN=secret#section', '/api/events?TOKEN=[redacted]#section'],
    ['/api/events?token=a&token=b', '/api/events?token=[redacted]&token=[redacted]'],
    ['/api/v1/realtime/widget/w1/sessions/sess_AbC-123_xyzxyzxyzxyzxyzxyz/token', '/api/v1/realtime/widget/w1/sessions/sess_[redacted]/token'],
  ])('hides the credential in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each(['/api/chats/42?page=2&sort=desc', '/api/events?mytoken=visible&tokens=visible', '/api/token=not-a-query', '/'])(
    'leaves %s alone',
    (url) => {
      expect(redactUrl(url)).toBe(url);
    },
  );

  it('passes undefined through', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
