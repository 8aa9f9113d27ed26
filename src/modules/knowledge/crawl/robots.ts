/** The most of a robots.txt read (Google reads 500 KiB); rules past it are ignored. */
export const MAX_ROBOTS_BYTES = 512 * 1024;
/** Rules kept per file: a real robots.txt has dozens; each page checked is matched against all of them. */
const MAX_RULES = 2_000;
/** Longest pattern kept; a longer one cannot match a URL we would follow anyway. */
const MAX_PATTERN_CHARS = 2_000;

interface Rule {
  allow: boolean;
  /** Percent-encoded as paths are; `*` any run of characters, a final `$` the end of the path. */
  pattern: string;
}

/** What robots.txt lets our crawler do on one origin. */
export interface RobotsPolicy {
  /** Whether the path (with its query: `/search?q=a`) may be fetched. */
  allows(pathAndQuery: string): boolean;
  /** Seconds to wait between two requests (Crawl-delay), or null when the file names none. */
  readonly crawlDelayS: number | null;
}

/** Everything allowed: no robots.txt (404 and other 4xx), as RFC 9309 says. */
export const ALLOW_ALL: RobotsPolicy = { allows: () => true, crawlDelayS: null };
/** Nothing allowed: robots.txt could not be read (5xx, timeout), as RFC 9309 says. */
export const DISALLOW_ALL: RobotsPolicy = { allows: (path) => path === '/robots.txt', crawlDelayS: null };

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayS: number | null;
}

/**
 * Reads a robots.txt (RFC 9309) for the crawler called `agent` (its product token, e.g.
 * `SwitchboardBot`): the groups naming it (case-insensitively, ignoring a `/version`) apply, all of
 * them merged; when none does, the `*` groups apply. Consecutive `User-agent` lines share a group.
 * One pass over the lines, no regex: the file is untrusted.
 */
export function parseRobots(text: string, agent: string): RobotsPolicy {
  const token = agent.toLowerCase();
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  let rules = 0;
  for (const rawLine of text.slice(0, MAX_ROBOTS_BYTES).split('\n')) {
    const hash = rawLine.indexOf('#');
    const line = (hash < 0 ? rawLine : rawLine.slice(0, hash)).trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelayS: null };
        groups.push(current);
      }
      current.agents.push(productToken(value));
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if ((key === 'allow' || key === 'disallow') && rules < MAX_RULES) {
      // An empty Disallow allows everything: it is no rule at all.
      if (value === '' || value.length > MAX_PATTERN_CHARS) continue;
      current.rules.push({ allow: key === 'allow', pattern: encodePattern(value) });
      rules++;
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelayS = seconds;
    }
  }
  const own = groups.filter((group) => group.agents.includes(token));
  const applying = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'));
  const applied = applying.flatMap((group) => group.rules);
  const delays = applying.map((group) => group.crawlDelayS).filter((delay): delay is number => delay !== null);
  return {
    allows: (path) => isAllowed(applied, path),
    crawlDelayS: delays.length > 0 ? Math.max(...delays) : null,
  };
}

/** `SwitchboardBot/1.0` → `switchboardbot`; `*` stays `*`. */
function productToken(value: string): string {
  let end = 0;
  while (end < value.length && value[end] !== '/' && value[end] !== ' ' && value[end] !== '\t') end++;
  return value.slice(0, end).toLowerCase();
}

/**
 * The most specific matching rule decides (the longest pattern); between an Allow and a Disallow
 * of the same length, Allow wins. No matching rule: allowed. /robots.txt itself is always allowed.
 */
function isAllowed(rules: readonly Rule[], path: string): boolean {
  if (path === '/robots.txt') return true;
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!matchesPattern(rule.pattern, path)) continue;
    if (!best || rule.pattern.length > best.pattern.length || (rule.pattern.length === best.pattern.length && rule.allow)) best = rule;
  }
  return best === null || best.allow;
}

/**
 * Whether a robots.txt path pattern matches the start of `path`: `*` matches any run of
 * characters, a `$` at the end anchors the pattern at the end of the path. Matched without
 * backtracking: the pattern is cut at its `*`s into literal pieces, the first must start the path,
 * each further one is taken at its leftmost place after the one before (the leftmost place leaves
 * the most room for the rest, so no other choice could succeed where it fails), and an anchored
 * last piece must end the path. Each piece is looked for once, moving forward only.
 */
export function matchesPattern(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const pieces = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  const first = pieces[0] ?? '';
  if (!path.startsWith(first)) return false;
  if (pieces.length === 1) return !anchored || path.length === first.length;
  let at = first.length;
  const last = pieces.length - 1;
  for (let i = 1; i < last; i++) {
    const piece = pieces[i] ?? '';
    const found = path.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  const tail = pieces[last] ?? '';
  if (anchored) return path.length - tail.length >= at && path.endsWith(tail);
  return path.indexOf(tail, at) >= 0;
}

/**
 * Paths are compared as URLs carry them, percent-encoded: a pattern written with raw UTF-8
 * (`/ä`) or spaces is encoded the same way, and percent escapes are upper-cased as the URL
 * parser writes them. `*` and `$` keep their meaning.
 */
function encodePattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x25 && i + 2 < pattern.length && isHex(pattern.charCodeAt(i + 1)) && isHex(pattern.charCodeAt(i + 2))) {
      out += `%${pattern.slice(i + 1, i + 3).toUpperCase()}`;
      i += 2;
    } else if (c > 0x7e || c <= 0x20) {
      const point = pattern.codePointAt(i) ?? c;
      // A lone surrogate is no character; the URL parser writes U+FFFD for it.
      out += point >= 0xd800 && point <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(String.fromCodePoint(point));
      if (point > 0xffff) i++;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}
