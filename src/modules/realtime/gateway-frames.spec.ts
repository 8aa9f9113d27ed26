import { describe, expect, it } from 'vitest';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import {
  MAX_CHANNEL_LENGTH,
  MAX_TYPING_TEXT_LENGTH,
  parsePublishFrame,
  parseSubscribeFrame,
  parseUnsubscribeFrame,
  readHandshakeToken,
} from './gateway-frames';

/** The AppException `read` throws, failing the test when it throws nothing or something else. */
function refusalOf(read: () => unknown): AppException {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(AppException);
    return error as AppException;
  }
  throw new Error('expected the frame to be refused');
}

const CHANNEL = 'user:0b8a4c7e-3f55-4c55-9a7e-2b4f1c2d3e4f';

describe('gateway frames', () => {
  it('reads a subscribe frame, with and without since', () => {
    expect(parseSubscribeFrame({ channel: CHANNEL, token: 't' })).toEqual({ channel: CHANNEL, token: 't' });
    expect(parseSubscribeFrame({ channel: CHANNEL, token: 't', since: 0 })).toEqual({ channel: CHANNEL, token: 't', since: 0 });
    expect(parseSubscribeFrame({ channel: CHANNEL, token: 't', since: 42 }).since).toBe(42);
  });

  it.each([
    ['a string', 'subscribe me'],
    ['an array', [CHANNEL, 't']],
    ['null', null],
    ['nothing', undefined],
    ['a Buffer (a binary attachment)', Buffer.from('{}')],
    ['an object with an unknown field', { channel: CHANNEL, token: 't', admin: true }],
    ['a missing token', { channel: CHANNEL }],
    ['an empty channel', { channel: '', token: 't' }],
    ['a numeric channel', { channel: 7, token: 't' }],
    ['an oversized channel', { channel: 'x'.repeat(MAX_CHANNEL_LENGTH + 1), token: 't' }],
    ['an empty token', { channel: CHANNEL, token: '' }],
    ['a token that is not a string', { channel: CHANNEL, token: { alg: 'none' } }],
    ['a negative since', { channel: CHANNEL, token: 't', since: -1 }],
    ['a fractional since', { channel: CHANNEL, token: 't', since: 1.5 }],
    ['a string since', { channel: CHANNEL, token: 't', since: '3' }],
    ['an unsafe since', { channel: CHANNEL, token: 't', since: 2 ** 60 }],
  ])('refuses a subscribe frame that is %s with VALIDATION_FAILED', (_, frame) => {
    expect(refusalOf(() => parseSubscribeFrame(frame)).code).toBe(ErrorCode.ValidationFailed);
  });

  it('names the offending field, and never echoes a long unknown one in full', () => {
    expect(refusalOf(() => parseSubscribeFrame({ channel: CHANNEL, token: 't', since: -1 })).message).toContain('since');
    const message = refusalOf(() => parseSubscribeFrame({ channel: CHANNEL, token: 't', ['k'.repeat(5000)]: 1 })).message;
    expect(message).toContain('should not exist');
    expect(message.length).toBeLessThan(100);
  });

  it('reads an unsubscribe frame and refuses anything beyond its channel', () => {
    expect(parseUnsubscribeFrame({ channel: CHANNEL })).toEqual({ channel: CHANNEL });
    expect(refusalOf(() => parseUnsubscribeFrame({ channel: CHANNEL, token: 't' })).code).toBe(ErrorCode.ValidationFailed);
    expect(refusalOf(() => parseUnsubscribeFrame(CHANNEL)).code).toBe(ErrorCode.ValidationFailed);
  });

  it('reads a typing notice, with or without its text', () => {
    expect(parsePublishFrame({ channel: 'c', type: 'typing', data: { text: 'Hel' } })).toEqual({ channel: 'c', type: 'typing', data: { text: 'Hel' } });
    expect(parsePublishFrame({ channel: 'c', type: 'typing', data: { text: '' } }).data).toEqual({ text: '' });
    expect(parsePublishFrame({ channel: 'c', type: 'typing', data: {} }).data).toEqual({});
  });

  it.each([
    ['another type', { channel: 'c', type: 'message', data: {} }],
    ['no data', { channel: 'c', type: 'typing' }],
    ['data that is not an object', { channel: 'c', type: 'typing', data: 'typing…' }],
    ['unknown data fields', { channel: 'c', type: 'typing', data: { text: 'a', html: '<b>' } }],
    ['a text that is not a string', { channel: 'c', type: 'typing', data: { text: 5 } }],
    ['an oversized text', { channel: 'c', type: 'typing', data: { text: 'x'.repeat(MAX_TYPING_TEXT_LENGTH + 1) } }],
  ])('refuses a publish frame with %s', (_, frame) => {
    expect(refusalOf(() => parsePublishFrame(frame)).code).toBe(ErrorCode.ValidationFailed);
  });

  it('takes the handshake token as sent, for RealtimeTokens to judge; UNAUTHENTICATED without one', () => {
    expect(readHandshakeToken({ token: 'abc' })).toBe('abc');
    expect(readHandshakeToken({ token: 42 })).toBe(42);
    expect(refusalOf(() => readHandshakeToken({})).code).toBe(ErrorCode.Unauthenticated);
    expect(refusalOf(() => readHandshakeToken(undefined)).code).toBe(ErrorCode.Unauthenticated);
    expect(refusalOf(() => readHandshakeToken('token')).code).toBe(ErrorCode.Unauthenticated);
  });
});
