import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { Recovery } from './realtime.types';

/**
 * What clients may send the realtime gateway, and how every frame is read: as untrusted input.
 * A frame is a plain JSON object with exactly the fields below; anything else is refused with
 * VALIDATION_FAILED naming the field, before any token is looked at. Whether a channel name or a
 * token is valid is for parseChannel and RealtimeTokens to say, not for the frame's shape.
 */

/** The socket.io events a client may emit; each carries one frame and an acknowledgement callback. */
export const CLIENT_EVENTS = ['subscribe', 'unsubscribe', 'publish'] as const;
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/** Longer than any channel name (parseChannel has the exact rules); longer input is refused unread. */
export const MAX_CHANNEL_LENGTH = 200;
/** A typing preview, not a message: the message itself goes through the API. */
export const MAX_TYPING_TEXT_LENGTH = 500;

/** `subscribe {channel, token, since?}`: `token` is the subscription token minted for `channel`; `since` the last offset seen. */
export interface SubscribeFrame {
  channel: string;
  token: string;
  since?: number;
}

/** `unsubscribe {channel}`. */
export interface UnsubscribeFrame {
  channel: string;
}

/** `publish {channel, type: 'typing', data: {text?}}`: the only thing clients publish themselves. */
export interface PublishFrame {
  channel: string;
  type: 'typing';
  data: { text?: string };
}

/** The acknowledgement of every frame. `subscribe` with `since` on a channel with history adds the recovery. */
export type FrameAck = { ok: true } | ({ ok: true } & Recovery) | { ok: false; error: { code: ErrorCode; message: string } };

export function parseSubscribeFrame(frame: unknown): SubscribeFrame {
  const fields = readObject(frame, 'subscribe', ['channel', 'token', 'since']);
  const parsed: SubscribeFrame = {
    channel: readString(fields, 'channel', MAX_CHANNEL_LENGTH),
    token: readToken(fields.token),
  };
  if (fields.since !== undefined) {
    if (!Number.isSafeInteger(fields.since) || (fields.since as number) < 0) throw invalid('since must be a non-negative integer (the last offset seen)');
    parsed.since = fields.since as number;
  }
  return parsed;
}

export function parseUnsubscribeFrame(frame: unknown): UnsubscribeFrame {
  const fields = readObject(frame, 'unsubscribe', ['channel']);
  return { channel: readString(fields, 'channel', MAX_CHANNEL_LENGTH) };
}

export function parsePublishFrame(frame: unknown): PublishFrame {
  const fields = readObject(frame, 'publish', ['channel', 'type', 'data']);
  const channel = readString(fields, 'channel', MAX_CHANNEL_LENGTH);
  if (fields.type !== 'typing') throw invalid("type must be 'typing'");
  const data = readObject(fields.data, 'data', ['text']);
  return { channel, type: 'typing', data: data.text === undefined ? {} : { text: readString(data, 'text', MAX_TYPING_TEXT_LENGTH, 0) } };
}

/**
 * The connection token from the handshake's `auth` (`io(url, { auth: { token } })`), as sent:
 * RealtimeTokens.verifyConnection judges it. UNAUTHENTICATED when there is none at all.
 */
export function readHandshakeToken(auth: unknown): unknown {
  const token = isPlainObject(auth) ? auth.token : undefined;
  if (token === undefined) throw new AppException(ErrorCode.Unauthenticated, 'Connect with auth: { token } holding a realtime connection token.');
  return token;
}

/** A token's shape only; RealtimeTokens refuses overlong or forged ones with TOKEN_INVALID. */
function readToken(token: unknown): string {
  if (typeof token !== 'string' || token.length === 0) throw invalid('token must be the subscription token for the channel');
  return token;
}

function readObject(value: unknown, name: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(`${name} must be an object`);
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalid(`${name}: property ${unknown.slice(0, 40)} should not exist`);
  return value;
}

function readString(fields: Record<string, unknown>, name: string, maxLength: number, minLength = 1): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
    throw invalid(`${name} must be a string of ${minLength}–${maxLength} characters`);
  }
  return value;
}

/** Objects as JSON.parse builds them: not arrays, not the Buffers socket.io makes of binary attachments. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function invalid(message: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, message);
}
