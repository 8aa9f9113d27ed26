/** What the calendar step says about the event it made, in the user's language. */
export interface EventTexts {
  event: string;
  attendees: string;
  noZone: string;
  noDuration: (minutes: number) => string;
  noTime: (time: string) => string;
}

const EVENT_TEXTS: Readonly<Record<'en' | 'de' | 'fr' | 'es' | 'it' | 'tr', EventTexts>> = {
  en: {
    event: 'Calendar event',
    attendees: 'Attendees',
    noZone: 'No time zone was given, so the times are in UTC.',
    noDuration: (minutes) => `No duration was given, so the event lasts ${minutes} minutes.`,
    noTime: (time) => `No time was given, so the event starts at ${time}.`,
  },
  de: {
    event: 'Kalendertermin',
    attendees: 'Teilnehmende',
    noZone: 'Es wurde keine Zeitzone genannt, daher sind die Zeiten in UTC.',
    noDuration: (minutes) => `Es wurde keine Dauer genannt, daher dauert der Termin ${minutes} Minuten.`,
    noTime: (time) => `Es wurde keine Uhrzeit genannt, daher beginnt der Termin um ${time}.`,
  },
  fr: {
    event: 'Événement',
    attendees: 'Participants',
    noZone: 'Aucun fuseau horaire n’a été indiqué : les heures sont en UTC.',
    noDuration: (minutes) => `Aucune durée n’a été indiquée : l’événement dure ${minutes} minutes.`,
    noTime: (time) => `Aucune heure n’a été indiquée : l’événement commence à ${time}.`,
  },
  es: {
    event: 'Evento',
    attendees: 'Asistentes',
    noZone: 'No se indicó ninguna zona horaria, así que las horas están en UTC.',
    noDuration: (minutes) => `No se indicó la duración, así que el evento dura ${minutes} minutos.`,
    noTime: (time) => `No se indicó la hora, así que el evento empieza a las ${time}.`,
  },
  it: {
    event: 'Evento',
    attendees: 'Partecipanti',
    noZone: 'Non è stato indicato un fuso orario, quindi gli orari sono in UTC.',
    noDuration: (minutes) => `Non è stata indicata una durata, quindi l’evento dura ${minutes} minuti.`,
    noTime: (time) => `Non è stato indicato un orario, quindi l’evento inizia alle ${time}.`,
  },
  tr: {
    event: 'Takvim etkinliği',
    attendees: 'Katılımcılar',
    noZone: 'Saat dilimi belirtilmedi, bu yüzden saatler UTC’dir.',
    noDuration: (minutes) => `Süre belirtilmedi, bu yüzden etkinlik ${minutes} dakika sürer.`,
    noTime: (time) => `Saat belirtilmedi, bu yüzden etkinlik ${time} itibarıyla başlar.`,
  },
};

export function eventTexts(language: string): EventTexts {
  return language in EVENT_TEXTS ? EVENT_TEXTS[language as keyof typeof EVENT_TEXTS] : EVENT_TEXTS.en;
}
