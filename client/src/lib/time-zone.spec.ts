import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserTimeZone } from './time-zone';

/** Makes Intl report `zone` as the browser's time zone. */
function browserReports(zone: string | undefined): void {
  const resolvedOptions = Intl.DateTimeFormat().resolvedOptions();
  vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({ ...resolvedOptions, timeZone: zone as string });
}

describe('browserTimeZone', () => {
  afterEach(() => vi.restoreAllMocks());

  it("is the browser's IANA zone", () => {
    browserReports('Europe/Berlin');
    expect(browserTimeZone()).toBe('Europe/Berlin');
  });

  it.each(['Etc/Unknown', undefined, ''])('is none when the browser does not know its zone (%s), so the message goes without one', (zone) => {
    browserReports(zone);
    expect(browserTimeZone()).toBeUndefined();
  });
});
