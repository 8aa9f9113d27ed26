import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { parseChannel, requireChannel, subjectId, subjectOf } from './channels';
import type { RealtimeChannel, RealtimeSubject } from './realtime.types';

const WID = '0b7e4a52-3c1d-4f6e-9a8b-1c2d3e4f5a6b';
const UID = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const SID = 'sess_AbCdEfGhIjKlMnOpQrStUvWx'; // the shortest: 24 characters after sess_
const LONGEST_SID = `sess_${'a'.repeat(64)}`;
const PUNCTUATION_SID = `sess_${'-_'.repeat(12)}`;

describe('parseChannel', () => {
  it.each<[string, RealtimeChannel]>([
    [`widget:session.${WID}.${SID}`, { namespace: 'widget', kind: 'session', widgetId: WID, sessionId: SID, name: `widget:session.${WID}.${SID}` }],
    [`widget:session.${WID}.${LONGEST_SID}`, { namespace: 'widget', kind: 'session', widgetId: WID, sessionId: LONGEST_SID, name: `widget:session.${WID}.${LONGEST_SID}` }],
    [`widget:session.${WID}.${PUNCTUATION_SID}`, { namespace: 'widget', kind: 'session', widgetId: WID, sessionId: PUNCTUATION_SID, name: `widget:session.${WID}.${PUNCTUATION_SID}` }],
    [`widget:operators.${WID}`, { namespace: 'widget', kind: 'operators', widgetId: WID, name: `widget:operators.${WID}` }],
    [`widgettyping:${WID}.${SID}`, { namespace: 'widgettyping', widgetId: WID, sessionId: SID, name: `widgettyping:${WID}.${SID}` }],
    [`user:${UID}`, { namespace: 'user', userId: UID, name: `user:${UID}` }],
    ['system:news', { namespace: 'system', topic: 'news', name: 'system:news' }],
    ['system:0', { namespace: 'system', topic: '0', name: 'system:0' }],
    ['system:maintenance_window-2', { namespace: 'system', topic: 'maintenance_window-2', name: 'system:maintenance_window-2' }],
    [`system:a${'b'.repeat(63)}`, { namespace: 'system', topic: `a${'b'.repeat(63)}`, name: `system:a${'b'.repeat(63)}` }],
  ])('parses %s', (name, channel) => {
    expect(parseChannel(name)).toEqual(channel);
  });

  it('keeps the longest valid name well below the length limit', () => {
    const longest = `widget:session.${WID}.${LONGEST_SID}`;
    expect(longest).toHaveLength(121);
    expect(parseChannel(longest)?.name).toBe(longest);
  });

  it.each<[string, unknown]>([
    // Not a string at all.
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { name: `user:${UID}` }],
    ['an array holding a valid name', [`user:${UID}`]],
    ['a String object', new String(`user:${UID}`)],
    // Shape.
    ['the empty string', ''],
    ['a bare colon', ':'],
    ['no namespace separator', `user${UID}`],
    ['an unknown namespace', `users:${UID}`],
    ['a namespace in capitals', `USER:${UID}`],
    ['the prototype as namespace', '__proto__:x'],
    ['constructor as namespace', 'constructor:x'],
    ['leading whitespace', ` user:${UID}`],
    ['a trailing newline', `user:${UID}\n`],
    ['a trailing NUL', `user:${UID}\0`],
    ['more than 200 characters', `system:${'a'.repeat(194)}`],
    ['megabytes of text', `user:${'a'.repeat(2_000_000)}`],
    // user
    ['a user id in capitals', `user:${UID.toUpperCase()}`],
    ['a user id without dashes', `user:${UID.replaceAll('-', '')}`],
    ['a user id in braces', `user:{${UID}}`],
    ['a user id with a suffix', `user:${UID}:x`],
    ['a user id with full-width digits', `user:${UID.replace('4', '\uFF14')}`],
    ['an empty user id', 'user:'],
    ['a numeric user id', 'user:42'],
    // system
    ['an empty topic', 'system:'],
    ['a topic in capitals', 'system:News'],
    ['a topic starting with a dash', 'system:-news'],
    ['a topic starting with an underscore', 'system:_news'],
    ['a topic with a dot', 'system:news.today'],
    ['a topic with a colon', 'system:news:today'],
    ['a topic of 65 characters', `system:a${'b'.repeat(64)}`],
    ['a topic with a space', 'system:big news'],
    // widget
    ['a widget channel without a kind', `widget:${WID}`],
    ['an unknown widget kind', `widget:visitors.${WID}`],
    ['a session channel without a session', `widget:session.${WID}`],
    ['a session channel with an empty session', `widget:session.${WID}.`],
    ['a session channel with an extra part', `widget:session.${WID}.${SID}.x`],
    ['a session channel with the ids swapped', `widget:session.${SID}.${WID}`],
    ['a session id of 23 characters', `widget:session.${WID}.sess_${'a'.repeat(23)}`],
    ['a session id of 65 characters', `widget:session.${WID}.sess_${'a'.repeat(65)}`],
    ['a session id without its prefix', `widget:session.${WID}.${'a'.repeat(30)}`],
    ['a session id with a dot', `widget:session.${WID}.sess_${'a'.repeat(12)}.${'b'.repeat(12)}`],
    ['a session id with a slash', `widget:session.${WID}.sess_${'a'.repeat(12)}/${'b'.repeat(12)}`],
    ['a widget id in capitals', `widget:operators.${WID.toUpperCase()}`],
    ['an operators channel with a session', `widget:operators.${WID}.${SID}`],
    ['an operators channel with a trailing dot', `widget:operators.${WID}.`],
    ['an operators channel without a widget', 'widget:operators.'],
    // widgettyping
    ['a typing channel with a kind', `widgettyping:session.${WID}.${SID}`],
    ['a typing channel without a session', `widgettyping:${WID}`],
    ['a typing channel with an extra part', `widgettyping:${WID}.${SID}.x`],
  ])('rejects %s', (_, name) => {
    expect(parseChannel(name)).toBeUndefined();
  });
});

describe('requireChannel', () => {
  it('returns the parsed channel', () => {
    expect(requireChannel(`user:${UID}`)).toEqual(parseChannel(`user:${UID}`));
  });

  it.each([`user:${UID.toUpperCase()}`, 42])('refuses %j with CHANNEL_INVALID', (name) => {
    expect(() => requireChannel(name)).toThrow(expect.objectContaining({ code: ErrorCode.ChannelInvalid }));
  });
});

describe('subjects', () => {
  it.each<[string, RealtimeSubject]>([
    [`user:${UID}`, { kind: 'user', userId: UID }],
    [`visitor:${WID}.${SID}`, { kind: 'visitor', widgetId: WID, sessionId: SID }],
  ])('encodes and decodes %s', (sub, subject) => {
    expect(subjectId(subject)).toBe(sub);
    expect(subjectOf(sub)).toEqual(subject);
  });

  it.each([
    '',
    UID,
    `user:${UID.toUpperCase()}`,
    `user:${UID}.x`,
    'user:',
    `visitor:${WID}`,
    `visitor:${WID}.${SID}.x`,
    `visitor:${WID}.not-a-session`,
    `visitor:${SID}.${WID}`,
    `operator:${UID}`,
    `USER:${UID}`,
    ` user:${UID}`,
  ])('refuses the sub %j', (sub) => {
    expect(subjectOf(sub)).toBeUndefined();
  });
});
