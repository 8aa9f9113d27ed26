/** A wall-clock date and time, without a zone: what people write ("Friday at 3 pm"). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * True for a time zone the runtime knows by its IANA name ("Europe/Berlin", "UTC"). Offsets such as
 * "+01:00", which the runtime also takes as zones, are not names: they have no rules for summer
 * time and no calendar application knows them as a TZID.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Canonical spellings found so far, by the name's lower case (zone names are case-insensitive):
 * known zones only, a few hundred at most, so untrusted names cannot grow it. Every chat message
 * from a browser carries a zone, and working it out costs two Intl.DateTimeFormat constructions,
 * about 70 µs.
 */
const canonicalZones = new Map<string, string>();

/** The canonical spelling of a known IANA zone ("europe/berlin" → "Europe/Berlin"), or undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  const key = zone.toLowerCase();
  const found = canonicalZones.get(key);
  if (found !== undefined) return found;
  if (!isKnownTimeZone(zone)) return undefined;
  const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  canonicalZones.set(key, canonical);
  return canonical;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in minutes at an instant (east positive): +60 for Berlin in winter. */
export function offsetMinutes(zone: string, instant: number): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):?(\d{2})?$/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The instant a wall-clock time in a zone stands for. Two rounds settle it, also next to a
 * transition; a time skipped by a spring-forward lands on the later offset, as calendar apps do.
 */
export function zonedToInstant(local: LocalDateTime, zone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let instant = asUtc - offsetMinutes(zone, asUtc) * 60_000;
  instant = asUtc - offsetMinutes(zone, instant) * 60_000;
  return instant;
}

/** The wall-clock time of an instant in a zone. */
export function instantToZoned(instant: number, zone: string): LocalDateTime {
  const shifted = new Date(instant + offsetMinutes(zone, instant) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** One change of a zone's offset: the instant, and the offsets before and after it. */
export interface OffsetTransition {
  instant: number;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/**
 * The offset changes of a zone between two instants, found day by day and then narrowed to the
 * minute by bisection: what a VTIMEZONE needs to describe the zone around an event.
 */
export function offsetTransitions(zone: string, from: number, to: number): OffsetTransition[] {
  const transitions: OffsetTransition[] = [];
  let previous = offsetMinutes(zone, from);
  for (let day = from + DAY_MS; day <= to + DAY_MS; day += DAY_MS) {
    const offset = offsetMinutes(zone, day);
    if (offset === previous) continue;
    let low = day - DAY_MS;
    let high = day;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetMinutes(zone, middle) === previous) low = middle;
      else high = middle;
    }
    transitions.push({ instant: high, from: previous, to: offset });
    previous = offset;
  }
  return transitions;
}
