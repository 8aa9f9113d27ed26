import { describe, expect, it } from 'vitest';
import { findTimeZone, MAX_EVENT_REQUEST_CHARS, parseEventRequest } from './event-parser';
import type { LocalDateTime } from './time-zone';

/** Wednesday 2 December 2026, 12:30. */
const NOW: LocalDateTime = { year: 2026, month: 12, day: 2, hour: 12, minute: 30 };

const at = (month: number, day: number, hour: number, minute = 0, year = 2026): LocalDateTime => ({ year, month, day, hour, minute });

describe('parseEventRequest', () => {
  it.each([
    ['Create a calendar event for a meeting with Anna tomorrow at 3pm', 'en', at(12, 3, 15)],
    ['Termin mit Jonas am Freitag um 15 Uhr', 'de', at(12, 4, 15)],
    ['Crée un rendez-vous avec Marie le 12 mars à 10h', 'fr', at(3, 12, 10, 0, 2027)],
    ['Reunión con Ana y Luis mañana a las 9', 'es', at(12, 3, 9)],
    ['Riunione con Giulia domani alle 11', 'it', at(12, 3, 11)],
    ['Yarın saat 14:00 Ayşe ile toplantı', 'tr', at(12, 3, 14)],
    ['Call next Monday at 9:15 am', 'en', at(12, 7, 9, 15)],
    ['Meeting on Wednesday at 10', 'en', at(12, 9, 10)],
    ['Review on March 5th at 4:30 pm', 'en', at(3, 5, 16, 30, 2027)],
    ['Besprechung am 24.12.2026 um 8.30 Uhr', 'de', at(12, 24, 8, 30)],
    ['Call on 2026-12-10 at 17:45', 'en', at(12, 10, 17, 45)],
    ['Lunch on 12/20 at noon', 'en', at(12, 20, 12)],
    ['Réunion après-demain à 14h30', 'fr', at(12, 4, 14, 30)],
    ['Cita pasado mañana a las 10 de la mañana', 'es', at(12, 4, 10)],
    ['Appuntamento venerdì alle 6 di sera', 'it', at(12, 4, 18)],
    ['Toplantı cuma akşam 7', 'tr', at(12, 4, 19)],
    ['Telefonat übermorgen um 3', 'de', at(12, 4, 15)],
  ])('reads when %s starts', (request, language, start) => {
    expect(parseEventRequest(request, NOW, language).start).toEqual(start);
  });

  it('takes a time without a day as the next such time', () => {
    expect(parseEventRequest('Standup at 15:00', NOW, 'en')).toMatchObject({ start: at(12, 2, 15), assumedDay: true });
    expect(parseEventRequest('Standup at 9:00', NOW, 'en')).toMatchObject({ start: at(12, 3, 9), assumedDay: true });
  });

  it('assumes 09:00 for a day without a time, and says so', () => {
    expect(parseEventRequest('Dentist appointment on Friday', NOW, 'en')).toMatchObject({ start: at(12, 4, 9), assumedTime: true });
  });

  it('reads a start relative to now', () => {
    expect(parseEventRequest('Remind me with a call in 30 minutes', NOW, 'en').start).toEqual(at(12, 2, 13, 0));
    expect(parseEventRequest('Toplantı 2 saat sonra', NOW, 'tr').start).toEqual(at(12, 2, 14, 30));
  });

  it('has no start when the request names no day or time', () => {
    expect(parseEventRequest('Make a calendar event for the team meeting', NOW, 'en').start).toBeUndefined();
  });

  it.each([
    ['Meeting tomorrow at 3pm for 30 minutes', 'en', 30],
    ['Meeting tomorrow at 3pm for an hour', 'en', 60],
    ['Meeting tomorrow at 3pm for half an hour', 'en', 30],
    ['Meeting tomorrow at 3pm for 2h', 'en', 120],
    ['Termin morgen um 10 Uhr für 1,5 Stunden', 'de', 90],
    ['Termin morgen um 10 Uhr, eine halbe Stunde', 'de', 30],
    ['Réunion demain à 10h pendant 2 heures', 'fr', 120],
    ['Reunión mañana a las 10 durante 45 minutos', 'es', 45],
    ['Riunione domani alle 10 per un’ora', 'it', 60],
    ['Toplantı yarın saat 10:00, 90 dakika', 'tr', 90],
  ])('reads how long %s lasts', (request, language, minutes) => {
    expect(parseEventRequest(request, NOW, language).durationMinutes).toBe(minutes);
  });

  it('leaves the duration open when none is said, and does not read "à 10 heures" as one', () => {
    expect(parseEventRequest('Meeting tomorrow at 3pm', NOW, 'en').durationMinutes).toBeUndefined();
    expect(parseEventRequest('Réunion demain à 10 heures', NOW, 'fr')).toMatchObject({ start: at(12, 3, 10), durationMinutes: undefined });
  });

  it.each([
    ['Call tomorrow from 3 to 4pm', 'en', at(12, 3, 15), at(12, 3, 16)],
    ['Workshop Friday 14:00-17:30', 'en', at(12, 4, 14), at(12, 4, 17, 30)],
    ['Termin morgen von 10 bis 11:30 Uhr', 'de', at(12, 3, 10), at(12, 3, 11, 30)],
    ['Réunion demain de 10h à 11h', 'fr', at(12, 3, 10), at(12, 3, 11)],
    ['Reunión mañana de 9 a 10', 'es', at(12, 3, 9), at(12, 3, 10)],
    ['Riunione domani dalle 11 alle 12', 'it', at(12, 3, 11), at(12, 3, 12)],
    ['Yarın 14\'ten 16\'ya kadar toplantı', 'tr', at(12, 3, 14), at(12, 3, 16)],
    ['Party Saturday 10pm-1am', 'en', at(12, 5, 22), at(12, 6, 1)],
  ])('reads the range of %s', (request, language, start, end) => {
    expect(parseEventRequest(request, NOW, language)).toMatchObject({ start, end });
  });

  it('names the people after "with" and before Turkish "ile", with addresses only where written', () => {
    expect(parseEventRequest('Review with Carl, Dana and Eve on Friday at 9', NOW, 'en').attendees).toEqual([{ name: 'Carl' }, { name: 'Dana' }, { name: 'Eve' }]);
    expect(parseEventRequest('Treffen mit Anna Schmidt und Ben am Montag um 10', NOW, 'de').attendees).toEqual([{ name: 'Anna Schmidt' }, { name: 'Ben' }]);
    expect(parseEventRequest('Lunch with Bob (bob@example.com) tomorrow at 1pm', NOW, 'en').attendees).toEqual([{ name: 'Bob', email: 'bob@example.com' }]);
    expect(parseEventRequest('Invite carla@example.org to a call tomorrow at 10', NOW, 'en').attendees).toEqual([{ name: 'carla', email: 'carla@example.org' }]);
    expect(parseEventRequest('Yarın saat 10 Ayşe ve Mehmet ile toplantı', NOW, 'tr').attendees).toEqual([{ name: 'Mehmet' }, { name: 'Ayşe' }]);
    expect(parseEventRequest('Meeting with the team tomorrow at 10', NOW, 'en').attendees).toEqual([]);
    expect(parseEventRequest("Call with Seán O'Brien tomorrow at 10", NOW, 'en').attendees).toEqual([{ name: "Seán O'Brien" }]);
  });

  it('titles the event from a quoted phrase, else from its noun up to where the request says when', () => {
    expect(parseEventRequest('Add "Quarterly planning" to my calendar on Friday at 10', NOW, 'en').title).toBe('Quarterly planning');
    expect(parseEventRequest('Schedule a meeting with Anna tomorrow at 3pm', NOW, 'en').title).toBe('Meeting with Anna');
    expect(parseEventRequest('Put a dentist appointment in my calendar on Friday', NOW, 'en').title).toBe('Dentist appointment');
    expect(parseEventRequest('Crée un rendez-vous avec Marie le 12 mars à 10h', NOW, 'fr').title).toBe('Rendez-vous avec Marie');
    expect(parseEventRequest('Yarın saat 14:00 Ayşe ile toplantı', NOW, 'tr').title).toBe('Toplantı (Ayşe)');
    expect(parseEventRequest('Morgen um 10 Uhr eintragen', NOW, 'de').title).toBe('Termin');
    expect(parseEventRequest('Zahnarzttermin am Freitag', NOW, 'de').title).toBe('Zahnarzttermin');
  });

  it('reads only the start of a very long request, in time that grows with its length', () => {
    const hostile = `${'12 12:12 with A, '.repeat(20_000)}tomorrow at 3pm`;
    const started = performance.now();
    const parsed = parseEventRequest(hostile, NOW, 'en');
    expect(performance.now() - started).toBeLessThan(500);
    expect(parsed.title.length).toBeLessThanOrEqual(120);
    expect(hostile.length).toBeGreaterThan(MAX_EVENT_REQUEST_CHARS);
  });
});

describe('findTimeZone', () => {
  it.each([
    ['Call at 3pm Europe/Paris', 'Europe/Paris'],
    ['Call at 3pm CET', 'Europe/Berlin'],
    ['Call at 9am EST', 'America/New_York'],
    ['Call at 3pm Berlin time', 'Europe/Berlin'],
    ['Termin um 15 Uhr Berliner Zeit', 'Europe/Berlin'],
    ['Réunion à 10h heure de Paris', 'Europe/Paris'],
    ['Toplantı saat 14:00 İstanbul saatiyle', 'Europe/Istanbul'],
    ['Call at 3pm with the New York office', undefined],
    ['Meeting in Berlin at 3pm', undefined],
    ['Call at 3pm est-ce possible', undefined],
  ])('finds the zone in %s', (request, zone) => {
    expect(findTimeZone(request)).toBe(zone);
  });
});
