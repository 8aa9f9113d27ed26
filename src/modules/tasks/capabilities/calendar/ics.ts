import { instantToZoned, offsetMinutes, offsetTransitions, type LocalDateTime } from './time-zone';

export interface CalendarAttendee {
  name: string;
  /** Only when the request gave one: an attendee is never invented an address. */
  email?: string;
}

export interface CalendarEvent {
  uid: string;
  title: string;
  description?: string;
  /** UTC instants (ms). */
  start: number;
  end: number;
  /** IANA zone the times were meant in; UTC when none is known. */
  timeZone: string;
  attendees: CalendarAttendee[];
  /** When the file was made (DTSTAMP). */
  stamp: number;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const DAY_MS = 86_400_000;

/**
 * An RFC 5545 calendar with one event, as calendar apps import it: CRLF line ends, content lines
 * folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped. Times carry a TZID
 * with a VTIMEZONE describing the zone's offsets around the event, or are UTC ("Z").
 */
export function buildIcs(event: CalendarEvent): string {
  const utc = event.timeZone === 'UTC';
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Switchboard//Calendar event//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (!utc) lines.push(...vtimezone(event.timeZone, event.start, event.end));
  lines.push(
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    utc ? `DTSTART:${utcStamp(event.start)}` : `DTSTART;TZID=${paramValue(event.timeZone)}:${localStamp(instantToZoned(event.start, event.timeZone))}`,
    utc ? `DTEND:${utcStamp(event.end)}` : `DTEND;TZID=${paramValue(event.timeZone)}:${localStamp(instantToZoned(event.end, event.timeZone))}`,
    `SUMMARY:${escapeText(event.title)}`,
  );
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  for (const attendee of event.attendees) {
    // A named attendee without an address gets the placeholder Outlook writes for such people: a
    // made-up mailto would send invitations to nobody, or to the wrong person.
    const address = attendee.email ? `mailto:${attendee.email}` : 'invalid:nomail';
    lines.push(`ATTENDEE;CN=${paramValue(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:${address}`);
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}

/**
 * The zone's offsets from a year before the event to its end: a STANDARD or DAYLIGHT component
 * per transition (the larger offset of a pair is daylight time), or one STANDARD component for a
 * zone without transitions then.
 */
function vtimezone(zone: string, start: number, end: number): string[] {
  const from = Math.floor((start - 366 * DAY_MS) / 60_000) * 60_000;
  const transitions = offsetTransitions(zone, from, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${escapeText(zone)}`];
  if (transitions.length === 0) {
    const offset = offsetMinutes(zone, start);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${utcOffset(offset)}`, `TZOFFSETTO:${utcOffset(offset)}`, 'END:STANDARD');
  }
  for (const transition of transitions) {
    const kind = transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART of an observance is the local time before the change (RFC 5545 §3.6.5).
    lines.push(`BEGIN:${kind}`, `DTSTART:${utcStamp(transition.instant + transition.from * 60_000).slice(0, -1)}`, `TZOFFSETFROM:${utcOffset(transition.from)}`, `TZOFFSETTO:${utcOffset(transition.to)}`, `END:${kind}`);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function localStamp(local: LocalDateTime): string {
  return `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}T${pad(local.hour)}${pad(local.minute)}00`;
}

function utcStamp(instant: number): string {
  const date = new Date(instant);
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}${pad(absolute % 60)}`;
}

/** TEXT values: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

/** Parameter values (CN, TZID): quoted when they hold ":", ";" or ","; DQUOTE and control characters cannot appear at all. */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const clean = value.replace(/["\u0000-\u001f\u007f]/g, ' ').trim();
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** Splits a content line into lines of at most 75 octets, each continuation starting with a space. */
export function fold(line: string): string {
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  // The first line holds 75 octets; continuations 74 after their leading space.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (currentBytes + size > limit) {
      parts.push(current);
      current = '';
      currentBytes = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    currentBytes += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}
