import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from './time-zone';

describe('canonicalTimeZone', () => {
  it('spells a known zone canonically, however it was cased, the first time and every time after', () => {
    for (const spelling of ['Europe/Berlin', 'europe/berlin', 'EUROPE/BERLIN', 'europe/berlin']) expect(canonicalTimeZone(spelling)).toBe('Europe/Berlin');
    expect(canonicalTimeZone('us/pacific')).toBe('America/Los_Angeles');
    expect(canonicalTimeZone('US/Pacific')).toBe('America/Los_Angeles');
  });

  it('knows no name that only resembles a known one, before or after the known one was looked up', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    for (const name of [' Europe/Berlin', 'Europe/Berlin ', 'Europe/Berlinn', 'Mars/Olympus', '+01:00', '']) expect(canonicalTimeZone(name)).toBeUndefined();
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });
});
