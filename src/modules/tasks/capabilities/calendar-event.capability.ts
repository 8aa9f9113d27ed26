import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import { ModelCapability, type ResolvedModel, type TokenUsage } from '../../ai/ai.types';
import { extractFirstJsonObject } from '../../planner/plan-output';
import { FilesService } from '../../files/files.service';
import { DEFAULT_START_HOUR, findTimeZone, formatLocal, MAX_EVENT_REQUEST_CHARS, parseEventRequest } from './calendar/event-parser';
import { eventTexts } from './calendar/event-texts';
import { buildIcs, type CalendarAttendee } from './calendar/ics';
import { canonicalTimeZone, instantToZoned, zonedToInstant, type LocalDateTime } from './calendar/time-zone';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { slug } from './file-names';

const DEFAULT_DURATION_MINUTES = 60;
const MAX_DURATION_MINUTES = 14 * 24 * 60;
const MAX_ATTENDEES = 50;
const MODEL_TIMEOUT_MS = 30_000;

/** What the event is, in the zone it was meant in. */
interface EventDetails {
  title: string;
  description?: string;
  start: LocalDateTime;
  end?: LocalDateTime;
  durationMinutes?: number;
  timeZone?: string;
  attendees: CalendarAttendee[];
  /** Only a day was named: the event starts at DEFAULT_START_HOUR, which the node's text says. */
  assumedTime: boolean;
}

/** The event, and the model that read it when one did. */
interface ModelRead {
  details: EventDetails;
  model?: ResolvedModel;
  usage?: TokenUsage;
}

const EXTRACTION_PROMPT = `Read the calendar event the user asks for and answer with one JSON object only:
{"title": string, "description": string|null, "start": "YYYY-MM-DDTHH:MM", "end": "YYYY-MM-DDTHH:MM"|null, "durationMinutes": number|null, "timeZone": "<IANA zone>"|null, "attendees": [{"name": string, "email": string|null}]}
- start and end are wall-clock times in the event's time zone; resolve relative days ("tomorrow", "Friday") from the current date given below.
- timeZone only when the request names one (a city's time, an abbreviation, an IANA name); otherwise null.
- attendees: only people the request names; an email only when the request writes it.
- title: short, in the language of the request.`;

/**
 * Makes an .ics file (RFC 5545) for one event named in the request or an earlier step's text:
 * with a chat model bound, the model reads title, times, zone and attendees as strict JSON that
 * is validated; offline, a multilingual parser reads them. Times are in the zone the request
 * names, else the plan's `params.timeZone`, else the sender's own (their client's), else UTC,
 * which the node's text then says. "Today" is the date in that same zone.
 */
@Injectable()
export class CalendarEventCapability implements TaskCapabilityHandler {
  readonly name = 'calendar_event';
  readonly kind = 'media';

  constructor(
    private readonly ai: AiService,
    private readonly files: FilesService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const source = (run.inputs.values.text ?? run.inputs.text).trim() || run.request.trim();
    if (!source) throw new CapabilityError('NO_INPUT', 'There is no request to read an event from.');
    // For a request that names no zone: the plan's, which it read from the conversation, before the
    // sender's own, which says where they are but not where the event is.
    const fallbackZone = zoneFromParams(run.params) ?? run.timeZone;
    const model = await this.ai.resolve(ModelCapability.Chat, { userId: run.userId, modelId: run.modelId });
    const now = Date.now();
    const read: ModelRead = model.offline ? { details: readOffline(source, fallbackZone, now, run.language) } : await this.readWithModel(run, model, source, fallbackZone, now);
    const { details } = read;
    run.emitProgress(60);

    const timeZone = details.timeZone ?? 'UTC';
    const start = zonedToInstant(details.start, timeZone);
    const end = details.end ? zonedToInstant(details.end, timeZone) : start + (details.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000;
    if (end <= start) throw new CapabilityError('INVALID_EVENT', 'The event would end before it starts.');
    const texts = eventTexts(run.language);
    const notes = [
      ...(details.assumedTime ? [texts.noTime(`${String(DEFAULT_START_HOUR).padStart(2, '0')}:00`)] : []),
      ...(details.timeZone ? [] : [texts.noZone]),
      ...(details.end || details.durationMinutes !== undefined ? [] : [texts.noDuration(DEFAULT_DURATION_MINUTES)]),
    ];

    const ics = buildIcs({ uid: `${randomUUID()}@switchboard`, title: details.title, description: details.description, start, end, timeZone, attendees: details.attendees, stamp: now });
    const file = await this.files.saveGenerated({
      userId: run.userId,
      messageId: run.messageId,
      name: `${slug(details.title, 'event')}.ics`,
      mime: 'text/calendar',
      extension: 'ics',
      data: Buffer.from(ics, 'utf8'),
    });
    const when = `${formatLocal(instantToZoned(start, timeZone))} – ${formatLocal(instantToZoned(end, timeZone))} (${timeZone})`;
    const people = details.attendees.length > 0 ? `\n${texts.attendees}: ${details.attendees.map((a) => (a.email ? `${a.name} <${a.email}>` : a.name)).join(', ')}` : '';
    const assumed = notes.length > 0 ? `\n${notes.join(' ')}` : '';
    return { file, text: `${texts.event} "${details.title}": ${when}${people}${assumed}`, model: read.model, usage: read.usage };
  }

  private async readWithModel(
    run: NodeRun,
    model: ResolvedModel,
    source: string,
    fallbackZone: string | undefined,
    now: number,
  ): Promise<ModelRead> {
    // Today is the user's today: in the zone the request names, else the one the event falls back to.
    const zone = findTimeZone(source) ?? fallbackZone ?? 'UTC';
    const local = instantToZoned(now, zone);
    const weekday = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: zone }).format(now);
    const completion = await this.ai.complete(model, {
      messages: [
        { role: 'system', content: `${EXTRACTION_PROMPT}\nCurrent date and time: ${weekday} ${formatLocal(local)} (${zone}).` },
        { role: 'user', content: source.slice(0, MAX_EVENT_REQUEST_CHARS) },
      ],
      json: true,
      temperature: 0,
      maxTokens: 600,
      signal: AbortSignal.any([run.signal, AbortSignal.timeout(MODEL_TIMEOUT_MS)]),
    });
    const details = validateModelEvent(extractFirstJsonObject(completion.text));
    details.timeZone ??= fallbackZone;
    return { details, model, usage: completion.usage };
  }
}

function zoneFromParams(params: Record<string, unknown>): string | undefined {
  const asked = params.timeZone;
  if (asked === undefined || asked === null || asked === '') return undefined;
  const zone = typeof asked === 'string' ? canonicalTimeZone(asked.trim()) : undefined;
  if (!zone) throw new CapabilityError('INVALID_PARAMS', `params.timeZone must be an IANA time zone such as "Europe/Berlin", not ${JSON.stringify(asked)}.`);
  return zone;
}

function readOffline(source: string, fallbackZone: string | undefined, now: number, language: string): EventDetails {
  const parsed = parseEventRequest(source, instantToZoned(now, 'UTC'), language);
  const timeZone = parsed.timeZone ?? fallbackZone;
  // Relative days and times mean the user's today: read again against the clock of the event's zone.
  const reread = timeZone && timeZone !== 'UTC' ? parseEventRequest(source, instantToZoned(now, timeZone), language) : parsed;
  if (!reread.start) {
    throw new CapabilityError('NO_EVENT_TIME', 'The request does not say when the event is: name a day or a time ("tomorrow at 3 pm", "Friday 10:00").');
  }
  return {
    title: reread.title,
    start: reread.start,
    end: reread.end,
    durationMinutes: reread.durationMinutes,
    timeZone,
    attendees: reread.attendees,
    assumedTime: reread.assumedTime,
  };
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::00)?$/;
const EMAIL = /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/;

/** The model's JSON as event details, or a clear INVALID_EVENT naming what was wrong: a model's output is untrusted. */
export function validateModelEvent(value: unknown): EventDetails {
  const fail = (what: string): never => {
    throw new CapabilityError('INVALID_EVENT', `The model's event details could not be used: ${what}.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('the answer is not a JSON object');
  const object = value as Record<string, unknown>;
  const title = typeof object.title === 'string' ? object.title.trim().slice(0, 200) : '';
  if (!title) fail('there is no title');
  const start = localTime(object.start) ?? fail('"start" is not a date and time like 2026-03-12T15:00');
  const end = object.end === null || object.end === undefined ? undefined : (localTime(object.end) ?? fail('"end" is not a date and time like 2026-03-12T16:00'));
  let durationMinutes: number | undefined;
  if (object.durationMinutes !== null && object.durationMinutes !== undefined) {
    const minutes = object.durationMinutes;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_DURATION_MINUTES) fail('"durationMinutes" is not a positive number of minutes');
    durationMinutes = Math.round(minutes as number);
  }
  let timeZone: string | undefined;
  if (object.timeZone !== null && object.timeZone !== undefined && object.timeZone !== '') {
    timeZone = typeof object.timeZone === 'string' ? canonicalTimeZone(object.timeZone) : undefined;
    if (!timeZone) fail(`"timeZone" ${JSON.stringify(object.timeZone)} is not a known time zone`);
  }
  const rawAttendees = object.attendees ?? [];
  if (!Array.isArray(rawAttendees) || rawAttendees.length > MAX_ATTENDEES) fail('"attendees" is not a list of people');
  const attendees = (rawAttendees as unknown[]).map((entry): CalendarAttendee => {
    const person = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const name = typeof person.name === 'string' ? person.name.trim().slice(0, 120) : '';
    const email = typeof person.email === 'string' && EMAIL.test(person.email.trim()) && person.email.length <= 254 ? person.email.trim() : undefined;
    if (!name && !email) fail('an attendee has neither a name nor an e-mail address');
    return email ? { name: name || email, email } : { name };
  });
  const description = typeof object.description === 'string' && object.description.trim() ? object.description.trim().slice(0, 2_000) : undefined;
  return { title, description, start, end, durationMinutes, timeZone, attendees, assumedTime: false };
}

function localTime(value: unknown): LocalDateTime | undefined {
  const match = typeof value === 'string' ? LOCAL_TIME.exec(value.trim()) : null;
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  return { year, month, day, hour, minute };
}
