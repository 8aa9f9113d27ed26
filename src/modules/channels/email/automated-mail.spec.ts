import { describe, expect, it } from 'vitest';
import { automatedReason, headerMap, headerMapOf } from './automated-mail';

const person = { from: 'ann@example.org', ownAddresses: ['support@example.com'] };
const reasonFor = (headers: Record<string, string>, from = person.from): string | null => automatedReason({ ...person, from, headers: headerMapOf(headers) });

describe('automatedReason', () => {
  it('lets a person’s mail through', () => {
    expect(reasonFor({ subject: 'Hello', 'auto-submitted': 'no', precedence: 'normal' })).toBeNull();
  });

  it.each([
    [{ 'Auto-Submitted': 'auto-replied' }, 'Auto-Submitted: auto-replied'],
    [{ 'auto-submitted': 'auto-generated; owner-email="x@y"' }, 'Auto-Submitted'],
    [{ 'X-Autoreply': 'yes' }, 'X-Autoreply'],
    [{ 'X-Autorespond': 'Out of office' }, 'X-Autorespond'],
    [{ Precedence: 'bulk' }, 'Precedence: bulk'],
    [{ precedence: 'JUNK' }, 'Precedence: junk'],
    [{ precedence: 'auto_reply' }, 'Precedence: auto_reply'],
    [{ precedence: 'list' }, 'Precedence: list'],
    [{ 'List-Id': '<news.example.org>' }, 'mailing list'],
    [{ 'List-Unsubscribe': '<mailto:u@example.org>' }, 'mailing list'],
    [{ 'Return-Path': '< >' }, 'bounce'],
    [{ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary=x' }, 'multipart/report'],
  ])('recognises %j', (headers, reason) => {
    expect(reasonFor(headers)).toContain(reason);
  });

  it('recognises bounces by their sender, with or without a domain', () => {
    expect(reasonFor({}, 'MAILER-DAEMON@mx.example.org')).toContain('system sender');
    expect(reasonFor({}, 'postmaster@example.org')).toContain('system sender');
    expect(reasonFor({}, 'mailer-daemon')).toContain('system sender');
  });

  it('never answers our own address', () => {
    expect(reasonFor({}, 'Support@Example.com')).toContain('loop');
  });
});

describe('headerMap', () => {
  it('keeps the first value of each name, unfolded, by lower-case name', () => {
    const headers = headerMap([
      { key: 'subject', line: 'Subject: a long\r\n  folded subject' },
      { key: 'received', line: 'Received: first' },
      { key: 'received', line: 'Received: second' },
      { key: 'x-empty', line: 'X-Empty:' },
    ]);

    expect(Object.fromEntries(headers)).toEqual({ subject: 'a long folded subject', received: 'first', 'x-empty': '' });
  });

  it('reads at most maxLines lines', () => {
    expect(headerMap([{ key: 'a', line: 'A: 1' }, { key: 'b', line: 'B: 2' }], 1).has('b')).toBe(false);
  });
});
