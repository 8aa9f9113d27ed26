import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { codeOf } from '../../common/testing/rejection-of';
import { ChannelAccess } from './channel-access.service';
import type { RealtimeChannel, RealtimeSubject } from './realtime.types';
import { channel } from './testing/channels';

const ME = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const SOMEONE_ELSE = '9c1f2e3d-4b5a-4678-9abc-def012345678';
const WIDGET = '0b7e4a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';
const SESSION = `sess_${'s'.repeat(24)}`;

const me: RealtimeSubject = { kind: 'user', userId: ME };
const visitor: RealtimeSubject = { kind: 'visitor', widgetId: WIDGET, sessionId: SESSION };

const myChannel = channel(`user:${ME}`);
const sessionChannel = channel(`widget:session.${WIDGET}.${SESSION}`);
const operatorsChannel = channel(`widget:operators.${WIDGET}`);
const typingChannel = channel(`widgettyping:${WIDGET}.${SESSION}`);

describe('ChannelAccess', () => {
  it('lets a user subscribe to their own user channel', async () => {
    await expect(new ChannelAccess().authorize(me, myChannel)).resolves.toBeUndefined();
  });

  it.each<[string, RealtimeSubject]>([
    ['another user', { kind: 'user', userId: SOMEONE_ELSE }],
    ['a widget visitor', visitor],
  ])("refuses a user's channel to %s", async (_, subject) => {
    expect(await codeOf(new ChannelAccess().authorize(subject, myChannel))).toBe(ErrorCode.ChannelForbidden);
  });

  it.each([
    ['a user', me],
    ['a widget visitor', visitor],
  ])('lets %s subscribe to system channels', async (_, subject) => {
    await expect(new ChannelAccess().authorize(subject, channel('system:news'))).resolves.toBeUndefined();
  });

  it.each([
    ['a session channel', sessionChannel],
    ['an operators channel', operatorsChannel],
    ['a typing channel', typingChannel],
  ])('refuses %s to everyone, its own visitor included, while no authorizer is registered', async (_, closed) => {
    const access = new ChannelAccess();

    expect(await codeOf(access.authorize(me, closed))).toBe(ErrorCode.ChannelForbidden);
    expect(await codeOf(access.authorize(visitor, closed))).toBe(ErrorCode.ChannelForbidden);
  });

  it("opens a namespace to its registered authorizer's decision, handing it the parsed channel", async () => {
    const access = new ChannelAccess();
    const mayFollow = vi.fn((subject: RealtimeSubject, widgetChannel: Extract<RealtimeChannel, { namespace: 'widget' }>) =>
      Promise.resolve(subject.kind === 'visitor' && widgetChannel.kind === 'session' && widgetChannel.sessionId === subject.sessionId),
    );
    access.register('widget', mayFollow);

    await expect(access.authorize(visitor, sessionChannel)).resolves.toBeUndefined();
    expect(mayFollow).toHaveBeenCalledWith(visitor, sessionChannel);
    expect(await codeOf(access.authorize(visitor, operatorsChannel))).toBe(ErrorCode.ChannelForbidden);
    expect(await codeOf(access.authorize(me, sessionChannel))).toBe(ErrorCode.ChannelForbidden);
    // Opening `widget` leaves `widgettyping` closed.
    expect(await codeOf(access.authorize(visitor, typingChannel))).toBe(ErrorCode.ChannelForbidden);
  });

  it("lets an authorizer's fault through rather than passing it off as a refusal", async () => {
    const access = new ChannelAccess();
    access.register('widgettyping', () => Promise.reject(new Error('database down')));

    await expect(access.authorize(visitor, typingChannel)).rejects.toThrow('database down');
  });

  it('refuses a second authorizer for a namespace, the built-in ones included', () => {
    const access = new ChannelAccess();
    access.register('widget', () => true);

    expect(() => access.register('widget', () => true)).toThrow('widget');
    expect(() => access.register('user', () => true)).toThrow('user');
  });
});
