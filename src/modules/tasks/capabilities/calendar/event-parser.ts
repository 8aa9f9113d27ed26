import { STOPWORDS } from '../../../ai/language';
import type { CalendarAttendee } from './ics';
import {
  AFTER,
  AM_WORDS,
  CLOCK_SUFFIXES,
  COMMAND_WORDS,
  DAY_AFTER_TOMORROW,
  DURATION_MARKERS,
  DURATION_UNITS,
  EVENT_NOUNS,
  FROM_SUFFIXES,
  IN_MARKERS,
  LATER_MARKERS,
  MONTHS,
  NAME_CONNECTORS,
  NOON,
  NUMBER_WORDS,
  PLACE_ZONES,
  PM_WORDS,
  RANGE_CONNECTORS,
  TIME_MARKERS,
  TITLE_STOPS,
  TODAY,
  TOMORROW,
  WEEKDAYS,
  WITH_AFTER,
  WITH_MARKERS,
  ZONE_ABBREVIATIONS,
  ZONE_WORDS,
} from './event-words';
import { canonicalTimeZone, type LocalDateTime } from './time-zone';

/** Only the start of a request is read: an event is described in a sentence or two, and the parser stays linear. */
export const MAX_EVENT_REQUEST_CHARS = 2_000;
const MAX_TITLE_TOKENS = 10;
const MAX_NAMES = 20;
const MAX_TITLE_CHARS = 120;
/** When an event named only by its day starts: the start of a working day. */
export const DEFAULT_START_HOUR = 9;

export interface ParsedEventRequest {
  title: string;
  /** Undefined when the request names neither a day nor a time. */
  start?: LocalDateTime;
  /** From a range ("3 to 4 pm"); otherwise `durationMinutes` applies. */
  end?: LocalDateTime;
  durationMinutes?: number;
  /** A zone the request names ("Berlin time", "CET", "Europe/Paris"). */
  timeZone?: string;
  attendees: CalendarAttendee[];
  /** What the request left open and was assumed: no day given (today or tomorrow), no time given (09:00). */
  assumedDay: boolean;
  assumedTime: boolean;
}

interface Token {
  raw: string;
  /** Lower case, accents removed, ı → i, typographic apostrophes straightened. */
  word: string;
  start: number;
  end: number;
}

interface Clock {
  hour: number;
  minute: number;
  meridiem?: 'am' | 'pm';
  /** Written as a time on its own (15:00, 10h30, 3pm): no marker needed. */
  strong: boolean;
}

// Numbers with their separators (dates 12.03.2026, times 15:30 / 10h30, decimals 1,5) and a letter tail
// (3pm, 12th, 14'te); words with apostrophes inside (aujourd'hui, un'ora); commas and dashes between.
const TOKEN = /\d{4}-\d{1,2}-\d{1,2}|\d+(?:[:./h,]\d+)*\.?(?:['’]?\p{L}+)?|\p{L}+(?:['’]\p{L}+)*|[,&\-–—]/gu;

/** A word without a Turkish case ending ("14'te" → "14", "Mart'ta" → "Mart"); "O'Brien" and "l'équipe" stay whole. */
function bare(word: string): string {
  const apostrophe = Math.max(word.lastIndexOf("'"), word.lastIndexOf('’'));
  return apostrophe > 0 && /^\p{Ll}{1,4}$/u.test(word.slice(apostrophe + 1)) ? word.slice(0, apostrophe) : word;
}

export function foldWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/’/g, "'")
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((match) => ({ raw: match[0], word: foldWord(match[0]), start: match.index, end: match.index + match[0].length }));
}

/** A zone the request names: an IANA id, a capitalised abbreviation, or a place next to a word for "time". */
export function findTimeZone(text: string): string | undefined {
  const bounded = text.slice(0, MAX_EVENT_REQUEST_CHARS);
  for (const piece of bounded.split(/\s+/)) {
    const candidate = trimEnds(piece, (char) => /[A-Za-z]/.test(char), (char) => /[A-Za-z_]/.test(char));
    if (/^[A-Z][A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?$/.test(candidate)) {
      const zone = canonicalTimeZone(candidate);
      if (zone) return zone;
    }
  }
  const tokens = tokenize(bounded);
  for (const [index, token] of tokens.entries()) {
    const abbreviation = ZONE_ABBREVIATIONS.get(token.raw);
    if (abbreviation) return abbreviation;
    const place = PLACE_ZONES.get(bare(token.word));
    const near = [tokens[index - 2], tokens[index - 1], tokens[index + 1], tokens[index + 2]];
    if (place && near.some((other) => other && ZONE_WORDS.has(bare(other.word)))) return place;
  }
  return undefined;
}

/** Reads a clock time from one token: 15:00, 10h30, 15.30, 3pm, 14'te, or a bare hour (strong: false). */
function clockOf(word: string): Clock | undefined {
  const match = /^(\d{1,2})(?:[:.h](\d{2}))?(am|pm|h|hs|uhr)?(?:'\p{L}+)?$/u.exec(word);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 24 || minute > 59) return undefined;
  const suffix = match[3];
  const meridiem = suffix === 'am' || suffix === 'pm' ? suffix : undefined;
  if (meridiem && (hour === 0 || hour > 12)) return undefined;
  const separator = word[match[1].length];
  // 15.30 is a time only when something else says so; 12.03 is a date.
  const strong = Boolean(suffix) || separator === ':' || separator === 'h' || word.includes("'");
  return { hour, minute, meridiem, strong };
}

const pad = (value: number): string => String(value).padStart(2, '0');

function addMinutes(local: LocalDateTime, minutes: number): LocalDateTime {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) + minutes * 60_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes() };
}

function weekdayOf(local: LocalDateTime): number {
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

interface DayMatch {
  year: number;
  month: number;
  day: number;
  /** Tokens that made it, kept out of the title and of the time search. */
  used: number[];
}

/**
 * The parser reads the tokens once from left to right for each part (day, time, duration, people),
 * each recognizer looking only at a bounded window around a token: linear in the request.
 */
export function parseEventRequest(text: string, now: LocalDateTime, language: string): ParsedEventRequest {
  const bounded = text.slice(0, MAX_EVENT_REQUEST_CHARS);
  const tokens = tokenize(bounded);
  const used = new Set<number>();
  const day = findDay(tokens, now, language);
  day?.used.forEach((index) => used.add(index));
  const relative = findRelativeStart(tokens, used);
  const times = relative ? undefined : findTimes(tokens, used);
  const duration = findDuration(tokens, used);
  const attendees = findAttendees(bounded, tokens);
  const title = titleOf(bounded, tokens, attendees, language);

  let start: LocalDateTime | undefined;
  let end: LocalDateTime | undefined;
  let assumedDay = false;
  let assumedTime = false;
  if (relative !== undefined) {
    start = addMinutes({ ...now }, relative);
  } else if (day || times || noonNamed(tokens)) {
    const clock = times?.start ?? { hour: noonNamed(tokens) ? 12 : DEFAULT_START_HOUR, minute: 0 };
    assumedTime = !times && !noonNamed(tokens);
    let date = day ?? { year: now.year, month: now.month, day: now.day, used: [] };
    // A time without a day is the next such time: today if it is still ahead, else tomorrow.
    if (!day) {
      assumedDay = true;
      if (clock.hour * 60 + clock.minute <= now.hour * 60 + now.minute) {
        const tomorrow = addMinutes({ ...now, hour: 0, minute: 0 }, 24 * 60);
        date = { ...tomorrow, used: [] };
      }
    }
    start = addMinutes({ year: date.year, month: date.month, day: date.day, hour: 0, minute: 0 }, clock.hour * 60 + clock.minute);
    if (times?.end) {
      const length = times.end.hour * 60 + times.end.minute - (clock.hour * 60 + clock.minute);
      end = addMinutes(start, length > 0 ? length : length + 24 * 60);
    }
  }
  return { title, start, end, durationMinutes: duration, timeZone: findTimeZone(bounded), attendees, assumedDay, assumedTime };
}

function noonNamed(tokens: Token[]): boolean {
  return tokens.some((token, index) => NOON.has(token.word) && tokens[index - 1]?.word !== 'apres');
}

function findDay(tokens: Token[], now: LocalDateTime, language: string): DayMatch | undefined {
  const today = { year: now.year, month: now.month, day: now.day };
  const shifted = (days: number, used: number[]): DayMatch => {
    const date = addMinutes({ ...now, hour: 0, minute: 0 }, days * 24 * 60);
    return { year: date.year, month: date.month, day: date.day, used };
  };
  for (const [index, token] of tokens.entries()) {
    const previous = tokens[index - 1]?.word;
    const word = bare(token.word);
    const explicit = explicitDate(tokens, index, now, language);
    if (explicit) return explicit;
    if (TODAY.has(token.word) || TODAY.has(word)) return { ...today, used: [index] };
    if (DAY_AFTER_TOMORROW.has(word)) return shifted(2, [index]);
    if (TOMORROW.has(word)) {
      // "am Morgen", "por la mañana": the morning, not tomorrow.
      if ((word === 'morgen' && previous === 'am') || (word === 'manana' && (previous === 'la' || previous === 'de'))) continue;
      const after = [tokens[index - 1], tokens[index - 2]].find((other) => other && AFTER.has(other.word));
      return after ? shifted(2, [index, tokens.indexOf(after)]) : shifted(1, [index]);
    }
    if (word === 'gun' && tokens[index - 1]?.word === 'obur') return shifted(2, [index - 1, index]);
    const weekday = WEEKDAYS.get(word);
    // "Friday", "next Friday", "nächsten Freitag": the coming one, a week ahead when it is today.
    if (weekday !== undefined) return shifted((weekday - weekdayOf(now) + 7) % 7 || 7, [index]);
  }
  return undefined;
}

/** 2026-03-12, 12.03.(2026), 3/12 (month first in English), "12 March", "March 12th", "12 de marzo", "12 Mart'ta". */
function explicitDate(tokens: Token[], index: number, now: LocalDateTime, language: string): DayMatch | undefined {
  const word = tokens[index]?.word ?? '';
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (iso) return dayMatch(Number(iso[1]), Number(iso[2]), Number(iso[3]), [index]);
  const numeric = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\.?$/.exec(word);
  if (numeric && !isTimeContext(tokens, index)) {
    const [first, second] = [Number(numeric[1]), Number(numeric[2])];
    const monthFirst = word.includes('/') && language === 'en';
    const year = numeric[3] ? fullYear(Number(numeric[3])) : undefined;
    return upcoming(monthFirst ? second : first, monthFirst ? first : second, year, now, [index]);
  }
  const dayNumber = /^(\d{1,2})(?:st|nd|rd|th|er|e|o|a)?\.?$/.exec(word);
  if (dayNumber) {
    // "12 March", "12. März", "12 de marzo", "12th of March"
    let monthIndex = index + 1;
    if (['of', 'de', 'del'].includes(tokens[monthIndex]?.word ?? '')) monthIndex++;
    const month = MONTHS.get(bare((tokens[monthIndex]?.word ?? '')));
    if (month) return upcoming(Number(dayNumber[1]), month, yearAfter(tokens, monthIndex), now, [index, monthIndex]);
  }
  const month = MONTHS.get(bare(word));
  const following = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(tokens[index + 1]?.word ?? '');
  if (month && following) return upcoming(Number(following[1]), month, yearAfter(tokens, index + 1), now, [index, index + 1]);
  return undefined;
}

function yearAfter(tokens: Token[], index: number): number | undefined {
  const next = tokens[index + 1]?.word === ',' ? tokens[index + 2] : tokens[index + 1];
  return next && /^\d{4}$/.test(next.word) ? Number(next.word) : undefined;
}

function fullYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

function dayMatch(year: number, month: number, day: number, used: number[]): DayMatch | undefined {
  return validDay(year, month, day) ? { year, month, day, used } : undefined;
}

/** A day without a year is the next one to come: 12 March said in April is next year's. */
function upcoming(day: number, month: number, year: number | undefined, now: LocalDateTime, used: number[]): DayMatch | undefined {
  if (year !== undefined) return dayMatch(year, month, day, used);
  const passed = month < now.month || (month === now.month && day < now.day);
  return dayMatch(passed ? now.year + 1 : now.year, month, day, used);
}

function isTimeContext(tokens: Token[], index: number): boolean {
  const previous = tokens[index - 1]?.word ?? '';
  const next = tokens[index + 1]?.word ?? '';
  return TIME_MARKERS.has(previous) || CLOCK_SUFFIXES.has(next);
}

/** A clock time at a token, with what around it says: a marker before, "Uhr"/"pm" after; never a number of minutes. */
function clockAt(tokens: Token[], index: number, used: ReadonlySet<number>): Clock | undefined {
  if (used.has(index)) return undefined;
  const token = tokens[index];
  if (!token) return undefined;
  const clock = clockOf(token.word);
  if (!clock) return undefined;
  const previous = tokens[index - 1]?.word ?? '';
  const next = tokens[index + 1]?.word ?? '';
  if (DURATION_MARKERS.has(previous) || IN_MARKERS.has(previous)) return undefined;
  if (DURATION_UNITS.has(next) && !CLOCK_SUFFIXES.has(next)) return undefined;
  // "12 March", "12 de marzo": a day, unless written as a time.
  const monthAfter = MONTHS.has(bare(next)) || ((next === 'of' || next === 'de') && MONTHS.has(bare((tokens[index + 2]?.word ?? ''))));
  if (monthAfter && !clock.strong) return undefined;
  let meridiem = clock.meridiem;
  if (next === 'pm' || next === 'am') meridiem = next;
  if (next === 'p' && tokens[index + 2]?.word === 'm') meridiem = 'pm';
  if (next === 'a' && tokens[index + 2]?.word === 'm') meridiem = 'am';
  // "akşam 7", "evening 7": a part of the day before a number marks it as a time too.
  const marked = clock.strong || TIME_MARKERS.has(previous) || PM_WORDS.has(previous) || AM_WORDS.has(previous) || CLOCK_SUFFIXES.has(next) || meridiem !== undefined;
  return marked ? { ...clock, meridiem } : undefined;
}

function findTimes(tokens: Token[], used: Set<number>): { start: Clock; end?: Clock } | undefined {
  const evening = tokens.some((token) => PM_WORDS.has(token.word));
  const morning = tokens.some((token, index) => AM_WORDS.has(token.word) || (token.word === 'morgen' && tokens[index - 1]?.word === 'am'));
  for (let index = 0; index < tokens.length; index++) {
    const rangeEnd = rangeEndAfter(tokens, index, used);
    const start = clockAt(tokens, index, used) ?? (rangeEnd ? bareHour(tokens[index]?.word) : undefined);
    if (!start) continue;
    used.add(index);
    const end = rangeEnd?.clock;
    if (rangeEnd) used.add(rangeEnd.index);
    const startHour = to24(start, end?.meridiem ?? (evening ? 'pm' : morning ? 'am' : undefined));
    const startClock = { ...start, hour: startHour };
    if (!end) return { start: startClock };
    let endHour = to24(end, end.meridiem ?? (startHour >= 12 ? 'pm' : undefined));
    if (endHour <= startHour && endHour + 12 > startHour && endHour < 12) endHour += 12;
    return { start: startClock, end: { ...end, hour: endHour } };
  }
  return undefined;
}

function bareHour(word: string | undefined): Clock | undefined {
  const clock = clockOf(word ?? '');
  return clock && !/^\d{1,2}[./]\d{1,2}/.test(word ?? '') ? clock : undefined;
}

/** "3 to 4", "15 bis 16 Uhr", "de 10h à 11h", "14:00-15:00", "dalle 11 alle 12", "14'ten 16'ya kadar": the end's clock. */
function rangeEndAfter(tokens: Token[], index: number, used: ReadonlySet<number>): { clock: Clock; index: number } | undefined {
  const word = tokens[index]?.word ?? '';
  if (!/^\d/.test(word)) return undefined;
  let next = index + 1;
  while (CLOCK_SUFFIXES.has(tokens[next]?.word ?? '') || tokens[next]?.word === 'p' || tokens[next]?.word === 'm') next++;
  const turkishFrom = FROM_SUFFIXES.has(word.split("'")[1] ?? '');
  if (!turkishFrom) {
    if (!RANGE_CONNECTORS.has(tokens[next]?.word ?? '')) return undefined;
    next++;
    if (['las', 'la', 'ore'].includes(tokens[next]?.word ?? '')) next++;
  }
  const endWord = tokens[next]?.word;
  const clock = clockAt(tokens, next, used) ?? bareHour(endWord);
  if (!clock || !endWord || !/^\d/.test(endWord)) return undefined;
  const after = tokens[next + 1]?.word ?? '';
  return { clock: { ...clock, meridiem: clock.meridiem ?? (after === 'pm' || after === 'am' ? after : undefined) }, index: next };
}

/**
 * A 24-hour hour. A bare hour from 1 to 6 with nothing saying morning is in the afternoon ("at 3"
 * is 15:00): appointments at 3 at night are rare enough to be said so.
 */
function to24(clock: Clock, meridiem: 'am' | 'pm' | undefined): number {
  const said = clock.meridiem ?? meridiem;
  if (clock.hour === 24) return 0;
  if (said === 'pm' && clock.hour < 12) return clock.hour + 12;
  if (said === 'am' && clock.hour === 12) return 0;
  if (!said && clock.minute === 0 && !clock.strong && clock.hour >= 1 && clock.hour <= 6) return clock.hour + 12;
  return clock.hour;
}

/** "for 30 minutes", "eine Stunde", "1,5 Stunden", "90 min", "media hora", "un'ora", "yarım saat": minutes, when said. */
function findDuration(tokens: Token[], used: Set<number>): number | undefined {
  for (const [index, token] of tokens.entries()) {
    if (used.has(index)) continue;
    if (token.word === "un'ora") return 60;
    if (token.word === "mezz'ora") return 30;
    const unit = DURATION_UNITS.get(token.word);
    const amount = durationAmount(tokens, index);
    if (unit === undefined || amount === undefined) {
      // "2h", "90min", "1.5h" written as one token, after "for"/"für" …
      const joined = /^(\d+(?:[.,]\d+)?)(h|min)$/.exec(token.word);
      if (joined && DURATION_MARKERS.has(tokens[index - 1]?.word ?? '')) return Math.round(Number(joined[1]?.replace(',', '.')) * (joined[2] === 'h' ? 60 : 1));
      continue;
    }
    // "à 10 heures" is a time, "2 heures" a duration; "in 30 minutes" / "30 dakika sonra" is when it starts.
    const before = tokens[index - 2]?.word ?? '';
    if (TIME_MARKERS.has(before) && CLOCK_SUFFIXES.has(token.word)) continue;
    if (IN_MARKERS.has(before) || LATER_MARKERS.has(tokens[index + 1]?.word ?? '')) continue;
    const minutes = Math.round(amount * unit);
    if (minutes > 0 && minutes <= 14 * 24 * 60) return minutes;
  }
  return undefined;
}

/** The number before a unit: "30", "1,5", "an", "zwei"; "half an hour" and "demi-heure" are a half. */
function durationAmount(tokens: Token[], unitIndex: number): number | undefined {
  let before = unitIndex - 1;
  if (tokens[before]?.word === '-') before--;
  const previous = tokens[before]?.word ?? '';
  if (/^\d+(?:[.,]\d+)?$/.test(previous)) return Number(previous.replace(',', '.'));
  const amount = NUMBER_WORDS.get(previous);
  return amount === 1 && NUMBER_WORDS.get(tokens[before - 1]?.word ?? '') === 0.5 ? 0.5 : amount;
}

/** "in 30 minutes", "dans 2 heures", "tra un'ora", "30 dakika sonra": minutes from now. */
function findRelativeStart(tokens: Token[], used: Set<number>): number | undefined {
  for (const [index, token] of tokens.entries()) {
    const unit = DURATION_UNITS.get(token.word) ?? (token.word === "un'ora" ? 60 : undefined);
    if (unit === undefined) continue;
    const amount = token.word === "un'ora" ? 1 : durationAmount(tokens, index);
    if (amount === undefined) continue;
    const before = token.word === "un'ora" ? tokens[index - 1] : tokens[index - 2];
    const later = LATER_MARKERS.has(tokens[index + 1]?.word ?? '');
    if ((before && IN_MARKERS.has(before.word)) || later) {
      used.add(index);
      return Math.round(amount * unit);
    }
  }
  return undefined;
}

function isNameToken(token: Token | undefined): token is Token {
  if (!token || !/^\p{Lu}/u.test(token.raw)) return false;
  const word = bare(token.word);
  return !WEEKDAYS.has(word) && !MONTHS.has(word) && !TODAY.has(word) && !TOMORROW.has(word) && !ZONE_ABBREVIATIONS.has(token.raw) && !EVENT_NOUNS.has(word);
}

/**
 * People the request names after "with" (or before Turkish "ile"): capitalised words, joined by
 * "and"/commas, with an e-mail address when one is written right after a name; a bare address is
 * an attendee too. Nobody is given an address the request does not contain.
 */
function findAttendees(text: string, tokens: Token[]): CalendarAttendee[] {
  const names: Array<{ name: string; end: number }> = [];
  const take = (from: number, step: 1 | -1): void => {
    let index = from;
    let current: Token[] = [];
    const flush = (): void => {
      if (current.length === 0) return;
      const ordered = step === 1 ? current : [...current].reverse();
      const first = ordered[0];
      const last = ordered.at(-1);
      if (first && last) names.push({ name: bare(text.slice(first.start, last.end)), end: last.end });
      current = [];
    };
    while (names.length < MAX_NAMES) {
      const token = tokens[index];
      if (isNameToken(token) && current.length < 3) current.push(token);
      else if (token && NAME_CONNECTORS.has(token.word) && current.length > 0) flush();
      else break;
      index += step;
    }
    flush();
  };
  for (const [index, token] of tokens.entries()) {
    if (WITH_MARKERS.has(token.word)) take(index + 1, 1);
    if (WITH_AFTER.has(token.word)) take(index - 1, -1);
  }
  const attendees: CalendarAttendee[] = names.map(({ name }) => ({ name }));
  for (const match of emailsIn(text)) {
    const owner = names.findIndex(({ end }) => ['', '<', '('].includes(text.slice(end, match.index).trim()));
    const attendee = owner >= 0 ? attendees[owner] : undefined;
    if (attendee && !attendee.email) attendee.email = match.email;
    else if (!attendees.some((known) => known.email === match.email)) attendees.push({ name: match.email.split('@')[0] ?? match.email, email: match.email });
  }
  return attendees;
}

/** The text between the first character `keepStart` accepts and the last one `keepEnd` accepts (a loop: trailing-class regexes backtrack). */
function trimEnds(text: string, keepStart: (char: string) => boolean, keepEnd: (char: string) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && !keepStart(text.charAt(start))) start++;
  while (end > start && !keepEnd(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

function emailsIn(text: string): Array<{ email: string; index: number }> {
  const found: Array<{ email: string; index: number }> = [];
  let offset = 0;
  for (const piece of text.split(/(\s+)/)) {
    const lead = /^[<(["'„“«]*/.exec(piece)?.[0].length ?? 0;
    const email = trimEnds(piece.slice(lead), () => true, (char) => !'>)]"\'“”»,;:.!?'.includes(char));
    if (email.length <= 254 && /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/.test(email)) found.push({ email, index: offset + lead });
    offset += piece.length;
  }
  return found;
}

const EVENT_WORD: Readonly<Record<string, string>> = { en: 'Event', de: 'Termin', fr: 'Événement', es: 'Evento', it: 'Evento', tr: 'Etkinlik', pt: 'Evento', nl: 'Afspraak' };

/**
 * The title: a quoted phrase, else the request from its event noun ("meeting", "Termin",
 * "réunion" …) up to where it starts saying when or how long, else a plain word for "event"; the
 * attendees are named when the title does not name them already.
 */
function titleOf(text: string, tokens: Token[], attendees: CalendarAttendee[], language: string): string {
  const quoted = /["“„«]([^"“”„«»\n]{1,120})["”“»]/.exec(text)?.[1]?.trim();
  if (quoted) return quoted;
  const nounIndex = findEventNoun(tokens);
  let title = EVENT_WORD[language] ?? 'Event';
  const noun = tokens[nounIndex];
  if (noun) {
    let last = noun;
    for (let index = nounIndex + 1; index < Math.min(tokens.length, nounIndex + MAX_TITLE_TOKENS); index++) {
      const token = tokens[index];
      if (!token || TITLE_STOPS.has(token.word) || /^\d/.test(token.word) || isDateWord(token.word) || NAME_CONNECTORS.has(token.word) && !/^\p{Lu}/u.test(tokens[index + 1]?.raw ?? '')) break;
      // Anything but spaces between two words ends the phrase: a bracket, a full stop, a line break.
      if (text.slice(last.end, token.start).trim() !== '') break;
      last = token;
    }
    // "dentist appointment", "team meeting": one word before the noun that is not an article or a command.
    const before = tokens[nounIndex - 1];
    const first = before && /^\p{Ll}+$/u.test(before.raw) && !STOPWORDS.has(before.word) && !COMMAND_WORDS.has(before.word) && !TITLE_STOPS.has(before.word) ? before : noun;
    title = bare(text.slice(first.start, last.end));
    title = title.charAt(0).toLocaleUpperCase(language) + title.slice(1);
  }
  const unnamed = attendees.filter((attendee) => !title.includes(attendee.name)).map((attendee) => attendee.name);
  if (unnamed.length > 0) title += ` (${unnamed.join(', ')})`;
  return title.slice(0, MAX_TITLE_CHARS);
}

/** The event's noun: a word of the list, else a compound ending in a long one ("Zahnarzttermin", "Teambesprechung"). */
function findEventNoun(tokens: Token[]): number {
  const exact = tokens.findIndex((token) => EVENT_NOUNS.has(bare(token.word)));
  if (exact >= 0) return exact;
  return tokens.findIndex((token) => /^\p{L}+$/u.test(token.word) && COMPOUND_HEADS.some((noun) => token.word.length > noun.length && token.word.endsWith(noun)));
}

const COMPOUND_HEADS = [...EVENT_NOUNS].filter((noun) => noun.length >= 6);

function isDateWord(word: string): boolean {
  const stem = bare(word);
  return WEEKDAYS.has(stem) || TODAY.has(stem) || TOMORROW.has(stem) || DAY_AFTER_TOMORROW.has(stem) || NOON.has(stem) || PM_WORDS.has(stem) || AM_WORDS.has(stem);
}

/** "2026-03-12 15:00" as people read it, for the node's text. */
export function formatLocal(local: LocalDateTime): string {
  return `${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)}`;
}
