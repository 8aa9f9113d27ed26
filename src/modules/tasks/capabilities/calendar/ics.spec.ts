import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, fold, type CalendarEvent } from './ics';
import { offsetTransitions, zonedToInstant } from './time-zone';

const EVENT: CalendarEvent = {
  uid: 'abc@switchboard',
  title: 'Budget review; Q3, final',
  description: 'Line one\nLine two with a \\ backslash',
  start: Date.UTC(2026, 2, 12, 14, 0),
  end: Date.UTC(2026, 2, 12, 15, 30),
  timeZone: 'Europe/Berlin',
  attendees: [{ name: 'Anna Schmidt', email: 'anna@example.com' }, { name: 'Ben' }],
  stamp: Date.UTC(2026, 1, 1, 8, 30, 15),
};

/** Content lines after unfolding (RFC 5545 §3.1), as a calendar app reads them. */
function contentLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

describe('buildIcs', () => {
  it('writes a VCALENDAR with one VEVENT, CRLF line ends and a final CRLF', () => {
    const ics = buildIcs(EVENT);

    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = contentLines(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines).toContain('UID:abc@switchboard');
    expect(lines).toContain('DTSTAMP:20260201T083015Z');
  });

  it('gives start and end in the zone with a TZID and a VTIMEZONE of the offsets around the event', () => {
    const lines = contentLines(buildIcs(EVENT));

    // 14:00 UTC in March (before the change to summer time on 29 March) is 15:00 in Berlin.
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20260312T150000');
    expect(lines).toContain('DTEND;TZID=Europe/Berlin:20260312T163000');
    const zone = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1);
    expect(zone).toContain('TZID:Europe/Berlin');
    // The year before the event: summer time from 30 March 2025 02:00, winter time from 26 October 2025 03:00.
    expect(zone.join('\n')).toContain('BEGIN:DAYLIGHT\nDTSTART:20250330T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT');
    expect(zone.join('\n')).toContain('BEGIN:STANDARD\nDTSTART:20251026T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD');
  });

  it('writes a zone without transitions as one STANDARD observance', () => {
    const lines = contentLines(buildIcs({ ...EVENT, timeZone: 'Asia/Tokyo' }));

    expect(lines.join('\n')).toContain('BEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0900\nTZOFFSETTO:+0900\nEND:STANDARD');
    expect(lines).toContain('DTSTART;TZID=Asia/Tokyo:20260312T230000');
  });

  it('writes UTC times without a VTIMEZONE when no zone is known', () => {
    const lines = contentLines(buildIcs({ ...EVENT, timeZone: 'UTC' }));

    expect(lines).toContain('DTSTART:20260312T140000Z');
    expect(lines).toContain('DTEND:20260312T153000Z');
    expect(lines).not.toContain('BEGIN:VTIMEZONE');
  });

  it('escapes TEXT values and names attendees, with mailto only for a written address', () => {
    const lines = contentLines(buildIcs(EVENT));

    expect(lines).toContain('SUMMARY:Budget review\\; Q3\\, final');
    expect(lines).toContain('DESCRIPTION:Line one\\nLine two with a \\\\ backslash');
    expect(lines).toContain('ATTENDEE;CN=Anna Schmidt;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:anna@example.com');
    expect(lines).toContain('ATTENDEE;CN=Ben;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:invalid:nomail');
  });

  it('quotes parameter values with separators and drops quotes from them', () => {
    const lines = contentLines(buildIcs({ ...EVENT, attendees: [{ name: 'Doe, "Jane": PhD' }] }));

    expect(lines).toContain('ATTENDEE;CN="Doe,  Jane : PhD";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:invalid:nomail');
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const title = 'Réunion über the große Planung — '.repeat(8);
    const ics = buildIcs({ ...EVENT, title });

    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(contentLines(ics)).toContain(`SUMMARY:${escapeText(title)}`);
  });
});

describe('fold', () => {
  it('leaves a line of 75 octets alone and continues longer ones after CRLF and a space', () => {
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(80))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(5)}`);
    expect(fold('€'.repeat(30)).split('\r\n').map((line) => Buffer.byteLength(line, 'utf8'))).toEqual([75, 16]);
  });
});

describe('time zones', () => {
  it('turns wall-clock times into instants on both sides of a change', () => {
    expect(zonedToInstant({ year: 2026, month: 3, day: 28, hour: 12, minute: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 11, 0));
    expect(zonedToInstant({ year: 2026, month: 3, day: 30, hour: 12, minute: 0 }, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 30, 10, 0));
    expect(zonedToInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 30 }, 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 13, 30));
  });

  it('finds the changes of a year to the minute', () => {
    const transitions = offsetTransitions('America/New_York', Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31));

    expect(transitions).toEqual([
      { instant: Date.UTC(2026, 2, 8, 7, 0), from: -300, to: -240 },
      { instant: Date.UTC(2026, 10, 1, 6, 0), from: -240, to: -300 },
    ]);
  });
});
