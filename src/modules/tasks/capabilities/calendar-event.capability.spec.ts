import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AiService } from '../../ai/ai.service';
import type { ChatRequest, ResolvedModel } from '../../ai/ai.types';
import type { FileDto } from '../../files/dto/file.dto';
import type { FilesService, GeneratedFileInput } from '../../files/files.service';
import { CalendarEventCapability, validateModelEvent } from './calendar-event.capability';
import { CapabilityError, type ResolvedInputs } from './capability';
import { recordedNodeRun } from './testing/node-run';

const OFFLINE: ResolvedModel = { id: 'offline:chat', provider: 'offline', name: 'offline', label: 'Offline', offline: true };
const MODEL: ResolvedModel = { id: 'fake:chat', provider: 'fake', name: 'chat-1', label: 'Fake chat', offline: false };

class FakeAi {
  model = OFFLINE;
  answer = '';
  readonly requests: ChatRequest[] = [];

  resolve(): Promise<ResolvedModel> {
    return Promise.resolve(this.model);
  }

  complete(_model: ResolvedModel, request: ChatRequest): Promise<{ text: string; usage: { promptTokens: number; completionTokens: number } }> {
    this.requests.push(request);
    return Promise.resolve({ text: this.answer, usage: { promptTokens: 40, completionTokens: 30 } });
  }
}

class FakeFiles {
  readonly saved: GeneratedFileInput[] = [];

  saveGenerated(input: GeneratedFileInput): Promise<FileDto> {
    this.saved.push(input);
    return Promise.resolve({ id: 'file-1', name: input.name, mime: input.mime, size: input.data.length, state: 'uploaded', url: '/api/v1/files/file-1/content' });
  }
}

function setup(): { ai: FakeAi; files: FakeFiles; capability: CalendarEventCapability } {
  const ai = new FakeAi();
  const files = new FakeFiles();
  return { ai, files, capability: new CalendarEventCapability(ai as unknown as AiService, files as unknown as FilesService) };
}

function run(request: string, params: Record<string, unknown> = {}, inputs: Partial<ResolvedInputs> = {}): ReturnType<typeof recordedNodeRun> {
  return recordedNodeRun({ request, params, inputs: { text: request, values: { text: request }, files: [], fromSteps: false, ...inputs } });
}

const ics = (files: FakeFiles): string => files.saved[0]?.data.toString('utf8').replace(/\r\n[ \t]/g, '') ?? '';

describe('CalendarEventCapability', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Wednesday 2 December 2026, 12:30 UTC.
    vi.setSystemTime(Date.UTC(2026, 11, 2, 12, 30));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a media capability named calendar_event', () => {
    expect(setup().capability).toMatchObject({ name: 'calendar_event', kind: 'media' });
  });

  it('offline, reads the event from the request and stores an .ics named after it', async () => {
    const { ai, files, capability } = setup();
    const node = run('Schedule a meeting with Anna tomorrow at 3pm Berlin time for 30 minutes');

    const result = await capability.run(node);

    expect(ai.requests).toEqual([]);
    expect(files.saved[0]).toMatchObject({ userId: 'user-1', messageId: 'message-1', name: 'meeting-with-anna.ics', mime: 'text/calendar', extension: 'ics' });
    const text = ics(files);
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20261203T150000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Berlin:20261203T153000\r\n');
    expect(text).toContain('SUMMARY:Meeting with Anna\r\n');
    expect(text).toContain('ATTENDEE;CN=Anna;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:invalid:nomail\r\n');
    expect(result.file?.id).toBe('file-1');
    expect(result.text).toBe('Calendar event "Meeting with Anna": 2026-12-03 15:00 – 2026-12-03 15:30 (Europe/Berlin)\nAttendees: Anna');
    expect(result.model).toBeUndefined();
    expect(node.progress).toEqual([60]);
  });

  it('says when it fell back to UTC, a one-hour length and 09:00', async () => {
    const { files, capability } = setup();

    const result = await capability.run(run('Dentist appointment on Friday'));

    expect(ics(files)).toContain('DTSTART:20261204T090000Z\r\nDTEND:20261204T100000Z\r\n');
    expect(result.text).toContain('No time was given, so the event starts at 09:00. No time zone was given, so the times are in UTC. No duration was given, so the event lasts 60 minutes.');
  });

  it('says what it assumed in the user’s language', async () => {
    const { capability } = setup();

    const result = await capability.run({ ...run('Zahnarzttermin am Freitag'), language: 'de' });

    expect(result.text).toBe(
      'Kalendertermin "Zahnarzttermin": 2026-12-04 09:00 – 2026-12-04 10:00 (UTC)\nEs wurde keine Uhrzeit genannt, daher beginnt der Termin um 09:00. Es wurde keine Zeitzone genannt, daher sind die Zeiten in UTC. Es wurde keine Dauer genannt, daher dauert der Termin 60 Minuten.',
    );
  });

  it('tells the model today’s date in the zone the request names', async () => {
    const { ai, capability } = setup();
    ai.model = MODEL;
    ai.answer = '{"title": "Call", "start": "2026-12-03T09:00", "timeZone": "Asia/Tokyo", "attendees": []}';

    await capability.run(run('Call tomorrow at 9 Tokyo time'));

    // 12:30 UTC is 21:30 in Tokyo.
    expect(ai.requests[0]?.messages[0]?.content).toContain('Current date and time: Wednesday 2026-12-02 21:30 (Asia/Tokyo).');
  });

  it('uses the plan’s time zone for a request that names none, and refuses an unknown one', async () => {
    const { files, capability } = setup();

    await capability.run(run('Call tomorrow at 10:00', { timeZone: 'America/New_York' }));
    expect(ics(files)).toContain('DTSTART;TZID=America/New_York:20261203T100000\r\n');

    await expect(capability.run(run('Call tomorrow at 10:00', { timeZone: 'Mars/Olympus' }))).rejects.toMatchObject({ code: 'INVALID_PARAMS' });
  });

  it('falls back on the sender’s own zone, and says no more that it assumed UTC', async () => {
    const { files, capability } = setup();

    const result = await capability.run({ ...run('Call tomorrow at 10:00 for 30 minutes'), timeZone: 'Europe/Berlin' });

    expect(ics(files)).toContain('DTSTART;TZID=Europe/Berlin:20261203T100000\r\n');
    expect(result.text).toBe('Calendar event "Call": 2026-12-03 10:00 – 2026-12-03 10:30 (Europe/Berlin)');
  });

  it.each([
    ['the zone the request names', 'Call tomorrow at 10:00 Tokyo time', { timeZone: 'America/New_York' }, 'Asia/Tokyo'],
    ['the plan’s zone', 'Call tomorrow at 10:00', { timeZone: 'America/New_York' }, 'America/New_York'],
  ])('prefers %s to the sender’s', async (_, request, params, zone) => {
    const { files, capability } = setup();

    await capability.run({ ...run(request, params), timeZone: 'Europe/Berlin' });

    expect(ics(files)).toContain(`DTSTART;TZID=${zone}:20261203T100000\r\n`);
  });

  it('reads “tomorrow” from the sender’s today', async () => {
    const { files, capability } = setup();
    // Wednesday 23:30 UTC is already Thursday 00:30 in Berlin: tomorrow there is Friday.
    vi.setSystemTime(Date.UTC(2026, 11, 2, 23, 30));

    await capability.run({ ...run('Call tomorrow at 10:00'), timeZone: 'Europe/Berlin' });

    expect(ics(files)).toContain('DTSTART;TZID=Europe/Berlin:20261204T100000\r\n');
  });

  it('with a model bound, tells it the sender’s today and makes the event in their zone when it names none', async () => {
    const { ai, files, capability } = setup();
    ai.model = MODEL;
    ai.answer = '{"title": "Call", "start": "2026-12-03T09:00", "timeZone": null, "attendees": []}';

    const result = await capability.run({ ...run('Call tomorrow at 9'), timeZone: 'Asia/Tokyo' });

    expect(ai.requests[0]?.messages[0]?.content).toContain('Current date and time: Wednesday 2026-12-02 21:30 (Asia/Tokyo).');
    expect(ics(files)).toContain('DTSTART;TZID=Asia/Tokyo:20261203T090000\r\n');
    expect(result.text).not.toContain('UTC');
  });

  it('with a model bound, takes today in the zone the request names before the plan’s and the sender’s', async () => {
    const { ai, capability } = setup();
    ai.model = MODEL;
    ai.answer = '{"title": "Call", "start": "2026-12-03T09:00", "timeZone": "Europe/Paris", "attendees": []}';

    await capability.run({ ...run('Call tomorrow at 9 Paris time', { timeZone: 'America/New_York' }), timeZone: 'Asia/Tokyo' });

    expect(ai.requests[0]?.messages[0]?.content).toContain('Current date and time: Wednesday 2026-12-02 13:30 (Europe/Paris).');
  });

  it('fails clearly when the request says nothing about when', async () => {
    const { files, capability } = setup();

    await expect(capability.run(run('Make a calendar entry for the team meeting'))).rejects.toMatchObject({ code: 'NO_EVENT_TIME' });
    expect(files.saved).toEqual([]);
  });

  it('with a model bound, asks for strict JSON with today’s date and uses the validated answer', async () => {
    const { ai, files, capability } = setup();
    ai.model = MODEL;
    ai.answer =
      '```json\n{"title": "Budget review", "description": "Q3 numbers", "start": "2026-12-04T14:00", "end": "2026-12-04T15:30", "durationMinutes": null, "timeZone": "Europe/Paris", "attendees": [{"name": "Marie Curie", "email": "marie@example.com"}, {"name": "Paul", "email": null}]}\n```';

    const result = await capability.run(run('Budget review with Marie (marie@example.com) and Paul on Friday 2-3:30pm Paris time'));

    expect(ai.requests[0]).toMatchObject({ json: true, temperature: 0 });
    // The request names Paris time: today is the date there.
    expect(ai.requests[0]?.messages[0]?.content).toContain('Current date and time: Wednesday 2026-12-02 13:30 (Europe/Paris).');
    const text = ics(files);
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20261204T140000\r\nDTEND;TZID=Europe/Paris:20261204T153000\r\n');
    expect(text).toContain('DESCRIPTION:Q3 numbers\r\n');
    expect(text).toContain('ATTENDEE;CN=Marie Curie;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:marie@example.com\r\n');
    expect(text).toContain('ATTENDEE;CN=Paul;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:invalid:nomail\r\n');
    expect(result).toMatchObject({ model: MODEL, usage: { promptTokens: 40, completionTokens: 30 } });
  });

  it('fails the node, never crashes, on an unusable model answer', async () => {
    const { ai, files, capability } = setup();
    ai.model = MODEL;
    for (const answer of ['no json here', '{"title": "x", "start": "tomorrow"}', '[1, 2]', '{"title": "x", "start": "2026-12-04T10:00", "end": "2026-12-04T09:00"}']) {
      ai.answer = answer;
      await expect(capability.run(run('Meeting tomorrow'))).rejects.toBeInstanceOf(CapabilityError);
    }
    expect(files.saved).toEqual([]);
  });
});

describe('validateModelEvent', () => {
  const valid = { title: 'Sync', start: '2026-12-04T10:00', end: null, durationMinutes: 45, timeZone: null, attendees: [] };

  it('accepts a complete answer and reads nulls as not given', () => {
    expect(validateModelEvent(valid)).toEqual({ title: 'Sync', start: { year: 2026, month: 12, day: 4, hour: 10, minute: 0 }, durationMinutes: 45, attendees: [], assumedTime: false });
  });

  it.each([
    [{ ...valid, title: '  ' }, 'there is no title'],
    [{ ...valid, start: '2026-02-30T10:00' }, '"start" is not a date and time'],
    [{ ...valid, durationMinutes: -5 }, '"durationMinutes" is not a positive number'],
    [{ ...valid, timeZone: 'Nowhere/City' }, 'is not a known time zone'],
    [{ ...valid, attendees: 'Anna' }, '"attendees" is not a list'],
    [{ ...valid, attendees: [{}] }, 'neither a name nor an e-mail address'],
  ])('refuses %j', (answer, reason) => {
    expect(() => validateModelEvent(answer)).toThrow(reason);
  });

  it('drops an address that is not one instead of inviting it', () => {
    expect(validateModelEvent({ ...valid, attendees: [{ name: 'Anna', email: 'anna at example' }] }).attendees).toEqual([{ name: 'Anna' }]);
  });
});
