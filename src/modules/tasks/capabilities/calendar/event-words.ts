/**
 * The words the offline event parser reads, folded (lower case, accents removed, ı → i), in
 * English, German, French, Spanish, Italian and Turkish (Portuguese and Dutch where cheap).
 */

const list = (words: string): ReadonlySet<string> => new Set(words.split(' '));

/** Weekday names → JavaScript day number (0 = Sunday). */
export const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['sunday sonntag dimanche domingo domenica pazar zondag', 0],
      ['monday montag lundi lunes lunedi pazartesi segunda maandag', 1],
      ['tuesday dienstag mardi martes martedi sali terca dinsdag', 2],
      ['wednesday mittwoch mercredi miercoles mercoledi carsamba quarta woensdag', 3],
      ['thursday donnerstag jeudi jueves giovedi persembe quinta donderdag', 4],
      ['friday freitag vendredi viernes venerdi cuma sexta vrijdag', 5],
      ['saturday samstag sonnabend samedi sabado sabato cumartesi zaterdag', 6],
    ] as const
  ).flatMap(([names, day]) => names.split(' ').map((name) => [name, day] as const)),
);

/** Month names and common abbreviations → month number; read only next to a day number ("may" is a verb too). */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['january jan januar janner janvier enero gennaio ocak janeiro januari', 1],
      ['february feb februar fevrier febrero febbraio subat fevereiro februari', 2],
      ['march mar marz mars marzo mart marco maart', 3],
      ['april apr avril abril aprile nisan', 4],
      ['may mai mayo maggio mayis maio mei', 5],
      ['june jun juni juin junio giugno haziran junho', 6],
      ['july jul juli juillet julio luglio temmuz julho', 7],
      ['august aug aout agosto agustos', 8],
      ['september sep sept septembre septiembre setiembre settembre eylul setembro', 9],
      ['october oct oktober octobre octubre ottobre ekim outubro', 10],
      ['november nov novembre noviembre kasim novembro', 11],
      ['december dec dezember decembre diciembre dicembre aralik dezembro', 12],
    ] as const
  ).flatMap(([names, month]) => names.split(' ').map((name) => [name, month] as const)),
);

export const TODAY = list("today heute aujourd'hui hoy oggi bugun hoje vandaag");
export const TOMORROW = list('tomorrow morgen demain manana domani yarin amanha');
export const DAY_AFTER_TOMORROW = list('ubermorgen dopodomani overmorgen');
/** Words that turn a following "tomorrow" into "the day after tomorrow": "day after", "après-demain", "pasado mañana", "öbür gün". */
export const AFTER = list('after apres pasado depois');

/** Words before a bare number that make it a clock time: "at 3", "um 15", "a las 9", "alle 11", "saat 14", "vers 10". */
export const TIME_MARKERS = list('at um gegen ab las la alle ore saat vers a as om hacia verso');
/** Words after a bare number that make it a clock time: "15 Uhr", "3 o'clock", "10 heures". */
export const CLOCK_SUFFIXES = list("uhr o'clock oclock heures heure h hs pm am");
/** Between two clock times: "3 to 4", "15 bis 16 Uhr", "de 10h à 11h", "de 9 a 10", "dalle 11 alle 12", "14:00-15:00". */
export const RANGE_CONNECTORS = list("to till until bis a au jusqu'a hasta alle al - – — tot");
/** Turkish ablative endings ("14'ten 16'ya kadar"): the time a range starts from. */
export const FROM_SUFFIXES = list('ten den tan dan');

/** Words anywhere in the request that put a bare hour in the afternoon or evening, or in the morning ("am"/"pm" count only right after a number). */
export const PM_WORDS = list('afternoon evening tonight nachmittag nachmittags abend abends soir soiree tarde noche pomeriggio sera stasera aksam ogleden gece avond middag');
export const AM_WORDS = list('morning morgens vormittag vormittags fruh matin matinee mattina mattino stamattina sabah ochtend manha');
export const NOON = list('noon midday mittag mittags mediodia mezzogiorno ogle oglen meiodia');

/** Duration units in minutes. */
export const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ...'min mins minute minutes minuten minuto minutos minuti dakika dk minuut'.split(' ').map((unit) => [unit, 1] as const),
  ...'h hr hrs hour hours stunde stunden std heure heures hora horas ora ore saat uur'.split(' ').map((unit) => [unit, 60] as const),
]);
/** Number words read before a duration unit ("an hour", "zwei Stunden", "media hora"). */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...'a an one ein eine einer einen une un una uno bir um uma een'.split(' ').map((word) => [word, 1] as const),
  ...'half halbe halben demi media mezza mezz yarim meia'.split(' ').map((word) => [word, 0.5] as const),
  ...'two zwei deux dos due iki dois twee'.split(' ').map((word) => [word, 2] as const),
  ...'three drei trois tres tre uc drie'.split(' ').map((word) => [word, 3] as const),
]);
/** Before a duration: "for 30 minutes", "für eine Stunde", "pendant 2 heures", "durante una hora", "per un'ora". */
export const DURATION_MARKERS = list('for fur pendant durante per lasting dauer voor');
/** Before a duration that is when it starts, not how long it lasts: "in 30 minutes", "dans 2 heures", "tra un'ora". */
export const IN_MARKERS = list('in dans en tra fra dentro binnen');
/** After a duration that is when it starts (Turkish "30 dakika sonra"). */
export const LATER_MARKERS = list('sonra later');

/** Words that introduce the people an event is with ("with Anna and Ben"); Turkish "ile" follows them. */
export const WITH_MARKERS = list('with mit avec con com met');
export const WITH_AFTER = list('ile');
export const NAME_CONNECTORS = list('and und et y e ve , & en');

/** What kind of event it is: the noun the title starts from. */
export const EVENT_NOUNS = list(
  'meeting call lunch dinner breakfast appointment interview review standup stand sync workshop session party conference webinar demo ' +
    'termin besprechung treffen telefonat anruf mittagessen abendessen fruhstuck sitzung konferenz gesprach ' +
    'reunion rendez appel dejeuner diner entretien seance conference ' +
    'cita llamada almuerzo cena entrevista junta ' +
    'riunione appuntamento chiamata pranzo incontro colloquio ' +
    'toplanti gorusme randevu gorusmesi toplantisi yemek ' +
    'reuniao chamada afspraak vergadering',
);

/** Asking for the event, not naming it: never part of a title ("schedule meeting", "create appointment"). */
export const COMMAND_WORDS = list(
  'schedule create add put book plan make set arrange organize organise invite calendar event new ' +
    'erstelle erstell plane trage lege mach buche neuen neue kalender ' +
    'cree creer planifie ajoute organise nouveau nouvelle calendrier ' +
    'programa crea agenda anade organiza nueva nuevo calendario ' +
    'aggiungi organizza pianifica nuovo nuova ' +
    'olustur ekle planla yeni takvim',
);

/** Words that end a title taken from the request: from here on it says when, how long or who. */
export const TITLE_STOPS = list(
  'on am le el il at um a alle las saat this next dieses diese ce este questo bu for fur pendant durante per in dans en tra fra from von de desde da ab ile',
);

/** "Berlin time", "heure de Paris", "ora di Roma", "İstanbul saatiyle": the time-zone words next to a place. */
export const ZONE_WORDS = list('time zeit heure hora ora saati saatiyle saatine tijd');

/** Places whose zone people name ("3 pm Berlin time"), folded. */
export const PLACE_ZONES: ReadonlyMap<string, string> = new Map([
  ['berlin', 'Europe/Berlin'],
  ['berliner', 'Europe/Berlin'],
  ['deutscher', 'Europe/Berlin'],
  ['deutsche', 'Europe/Berlin'],
  ['german', 'Europe/Berlin'],
  ['germany', 'Europe/Berlin'],
  ['london', 'Europe/London'],
  ['uk', 'Europe/London'],
  ['paris', 'Europe/Paris'],
  ['france', 'Europe/Paris'],
  ['madrid', 'Europe/Madrid'],
  ['espana', 'Europe/Madrid'],
  ['spain', 'Europe/Madrid'],
  ['rome', 'Europe/Rome'],
  ['roma', 'Europe/Rome'],
  ['rom', 'Europe/Rome'],
  ['italia', 'Europe/Rome'],
  ['italy', 'Europe/Rome'],
  ['istanbul', 'Europe/Istanbul'],
  ['turkiye', 'Europe/Istanbul'],
  ['turkey', 'Europe/Istanbul'],
  ['vienna', 'Europe/Vienna'],
  ['wien', 'Europe/Vienna'],
  ['zurich', 'Europe/Zurich'],
  ['amsterdam', 'Europe/Amsterdam'],
  ['lisbon', 'Europe/Lisbon'],
  ['lisboa', 'Europe/Lisbon'],
  ['york', 'America/New_York'],
  ['eastern', 'America/New_York'],
  ['chicago', 'America/Chicago'],
  ['central', 'America/Chicago'],
  ['pacific', 'America/Los_Angeles'],
  ['angeles', 'America/Los_Angeles'],
  ['francisco', 'America/Los_Angeles'],
  ['tokyo', 'Asia/Tokyo'],
  ['dubai', 'Asia/Dubai'],
  ['sydney', 'Australia/Sydney'],
]);

/** Zone abbreviations, read only in capitals ("3pm CET"); ambiguous ones (IST) are left out. */
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['UTC', 'UTC'],
  ['GMT', 'UTC'],
  ['CET', 'Europe/Berlin'],
  ['CEST', 'Europe/Berlin'],
  ['MEZ', 'Europe/Berlin'],
  ['MESZ', 'Europe/Berlin'],
  ['WET', 'Europe/Lisbon'],
  ['WEST', 'Europe/Lisbon'],
  ['EET', 'Europe/Athens'],
  ['EEST', 'Europe/Athens'],
  ['BST', 'Europe/London'],
  ['TRT', 'Europe/Istanbul'],
  ['EST', 'America/New_York'],
  ['EDT', 'America/New_York'],
  ['CST', 'America/Chicago'],
  ['CDT', 'America/Chicago'],
  ['MST', 'America/Denver'],
  ['MDT', 'America/Denver'],
  ['PST', 'America/Los_Angeles'],
  ['PDT', 'America/Los_Angeles'],
  ['JST', 'Asia/Tokyo'],
]);
