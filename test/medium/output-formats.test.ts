import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer, type FakeReply, type RecordedRequest } from '../support/fake-openai-server';
import { FAKE_ANSWER } from '../support/pipeline-replies';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { TestEnvironment } from '../support/test-environment';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { registerUser } from '../support/users';

const REQUEST = 'Make me an Excel sheet of our three offices and put a meeting with Anna Schmidt (anna@example.com) on 2031-03-14 at 15:00 Berlin time in my calendar';

const OFFICE_TABLE = ['| Office | Staff | Growth |', '|---|---:|---:|', '| Berlin | 42 | 12% |', '| Paris | 17 | 3.5% |', '| Madrid | 9 | -2% |'].join('\n');

/** The plan a planner model makes for the request: a spreadsheet, a calendar entry, the reply. */
const PLAN = {
  version: 1,
  language: 'en',
  replyNode: 'n3',
  tasks: [
    { id: 'n1', capability: 'document_generation', dependsOn: [], inputs: { text: '$message.text' }, params: { format: 'xlsx', title: 'Offices' } },
    { id: 'n2', capability: 'calendar_event', dependsOn: [], inputs: { text: '$message.text' }, params: {} },
    { id: 'n3', capability: 'compose_reply', dependsOn: ['n1', 'n2'], inputs: { request: '$message.text', n1: '$n1.file', n2: '$n2.text', event: '$n2.file' }, params: {} },
  ],
};

interface ChatBody {
  messages?: Array<{ role: string; content: string }>;
  response_format?: { type?: string };
}

/** A capable model for each call the plan makes: sorter, planner, the table, the event as JSON, the reply. */
function reply(request: RecordedRequest): FakeReply | string {
  const body = request.body as ChatBody;
  const system = body.messages?.find((m) => m.role === 'system')?.content ?? '';
  if (system.startsWith('You are the request sorter')) return JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: true });
  if (system.startsWith('You are the planner')) return JSON.stringify(PLAN);
  if (system.startsWith('Write the table the user asks for')) return `# Offices\n\n${OFFICE_TABLE}`;
  if (system.startsWith('Read the calendar event')) {
    return JSON.stringify({
      title: 'Meeting with Anna Schmidt',
      description: null,
      start: '2031-03-14T15:00',
      end: null,
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      attendees: [{ name: 'Anna Schmidt', email: 'anna@example.com' }],
    });
  }
  return FAKE_ANSWER;
}

/** The sheet's cells as the worksheet XML states them (inline strings and numbers), by reference. */
function sheetCells(xlsx: Buffer): Record<string, string> {
  const entries = unzipSync(new Uint8Array(xlsx));
  const sheet = strFromU8(entries['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
  expect(strFromU8(entries['[Content_Types].xml'] ?? new Uint8Array())).toContain('spreadsheetml.sheet.main+xml');
  return Object.fromEntries([...sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)].map((m) => [m[1], m[2] ?? m[3] ?? '']));
}

/** The content lines of an .ics, unfolded, after checking it is CRLF-delimited with lines of at most 75 octets. */
function icsLines(ics: string): string[] {
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

describe('output formats through the pipeline: a spreadsheet and a calendar event', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let token: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({ defaultReply: reply });
    app = await startWebApp(env.config({ APP_ROLE: 'all', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat', AI_MAX_RETRIES: '0' }));
    token = (await registerUser(app, 'formats@example.com')).accessToken;
    // Memory extraction runs on the offline heuristics, so no model call of its own lands between a turn's scripted ones.
    await bind({ MEM: 'offline:basic' });
  });
  afterEach(() => openai.reset());
  afterAll(async () => {
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const bind = async (bindings: Record<string, string | null>): Promise<void> => {
    const res = await app.request('/api/v1/settings/models', { method: 'PUT', token, json: { scope: 'user', bindings } });
    expect(res.status).toBe(200);
  };
  const send = async (message: string, fields: Record<string, unknown> = {}): Promise<SseEvent[]> => {
    const res = await app.request('/api/v1/messages/stream', { method: 'POST', token, json: { message, ...fields } });
    expect(res.status).toBe(200);
    return readSse(res, isTerminal);
  };
  const download = async (events: SseEvent[], mime: string): Promise<{ name: string; body: Buffer; type: string | null }> => {
    const file = events.map((e) => e.data as { file?: { id: string; name: string; mime: string } }).find((data) => data.file?.mime === mime)?.file;
    expect(file, `a task_file of type ${mime}`).toBeDefined();
    const res = await app.request(`/api/v1/files/${file?.id}/content`, { token });
    expect(res.status).toBe(200);
    return { name: file?.name ?? '', body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
  };

  it('with a model bound, makes a workbook of the table it writes and an .ics of the event it reads', async () => {
    const events = await send(REQUEST);

    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    const plan = events.find((e) => e.event === 'plan')?.data as { nodes: Array<{ capability: string }> };
    expect(plan.nodes.map((n) => n.capability)).toEqual(['document_generation', 'calendar_event', 'compose_reply']);

    const xlsx = await download(events, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.name).toBe('offices.xlsx');
    expect(sheetCells(xlsx.body)).toEqual({ A1: 'Office', B1: 'Staff', C1: 'Growth', A2: 'Berlin', B2: '42', C2: '0.12', A3: 'Paris', B3: '17', C3: '0.035', A4: 'Madrid', B4: '9', C4: '-0.02' });

    const ics = await download(events, 'text/calendar');
    expect(ics.name).toBe('meeting-with-anna-schmidt.ics');
    expect(ics.type).toContain('text/calendar');
    const lines = icsLines(ics.body.toString('utf8'));
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Berlin',
        'DTSTART;TZID=Europe/Berlin:20310314T150000',
        'DTEND;TZID=Europe/Berlin:20310314T153000',
        'SUMMARY:Meeting with Anna Schmidt',
        'ATTENDEE;CN=Anna Schmidt;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:anna@example.com',
      ]),
    );
    const eventRequest = openai.requestsTo('/v1/chat/completions').find((r) => JSON.stringify(r.body).includes('Read the calendar event'));
    expect(eventRequest?.body).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('offline, reads the event itself, lays the text out as a sheet of its lines, and replies without its own labels', async () => {
    // Sorting and planning stay on the model (the plan is what is under test); every step runs offline.
    await bind({ CHAT: 'offline:basic', SUMMARIZE: 'offline:basic' });
    try {
      const events = await send(REQUEST);

      expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete', provider: 'offline' } });
      const xlsx = sheetCells((await download(events, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).body);
      // No table in the offline text: one column of its lines, the first saying it is offline.
      expect(Object.keys(xlsx).every((ref) => ref.startsWith('A'))).toBe(true);
      expect(xlsx.A1).toMatch(/^Offline mode/);

      const lines = icsLines((await download(events, 'text/calendar')).body.toString('utf8'));
      expect(lines).toEqual(expect.arrayContaining(['DTSTART;TZID=Europe/Berlin:20310314T150000', 'DTEND;TZID=Europe/Berlin:20310314T160000', 'SUMMARY:Meeting with Anna Schmidt']));
      expect(lines).toContain('ATTENDEE;CN=Anna Schmidt;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:anna@example.com');

      const answer = events.filter((e) => e.event === 'chunk').map((e) => (e.data as { text: string }).text).join('');
      expect(answer).toContain('Calendar event "Meeting with Anna Schmidt": 2031-03-14 15:00 – 2031-03-14 16:00 (Europe/Berlin)');
      expect(answer).toContain('Attached: offices.xlsx, meeting-with-anna-schmidt.ics');
      expect(answer).not.toMatch(/#+\s*request|Results of the steps|Request:/i);
    } finally {
      await bind({ CHAT: null, SUMMARIZE: null });
    }
  });

  it('offline, makes an event whose request names no zone in the zone the sender’s client sent', async () => {
    // Sorted and planned offline too: the heuristic planner sets no params.timeZone, so the sender's zone is all there is.
    await bind({ SORT: 'offline:basic', PLAN: 'offline:basic', CHAT: 'offline:basic', SUMMARIZE: 'offline:basic' });
    try {
      const events = await send('Put a meeting with Anna Schmidt on 2031-03-14 at 15:00 in my calendar', { timeZone: 'Europe/Berlin' });

      expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete', provider: 'offline' } });
      const lines = icsLines((await download(events, 'text/calendar')).body.toString('utf8'));
      expect(lines).toEqual(expect.arrayContaining(['TZID:Europe/Berlin', 'DTSTART;TZID=Europe/Berlin:20310314T150000', 'DTEND;TZID=Europe/Berlin:20310314T160000']));
      // The step's text says the zone, and says nothing of UTC: it was not a fallback.
      const { messageId } = events.at(-1)?.data as { messageId: string };
      const stored = (await (await app.request(`/api/v1/messages/${messageId}`, { token })).json()) as { tasks: Array<{ capability: string; resultText: string | null }> };
      const step = stored.tasks.find((task) => task.capability === 'calendar_event')?.resultText;
      expect(step).toBe('Calendar event "Meeting with Anna Schmidt": 2031-03-14 15:00 – 2031-03-14 16:00 (Europe/Berlin)\nAttendees: Anna Schmidt\nNo duration was given, so the event lasts 60 minutes.');
      expect(openai.requestsTo('/v1/chat/completions')).toEqual([]);
    } finally {
      await bind({ SORT: null, PLAN: null, CHAT: null, SUMMARIZE: null });
    }
  });

  it('refuses a timeZone that is not an IANA zone before anything is stored', async () => {
    const res = await app.request('/api/v1/messages/stream', { method: 'POST', token, json: { message: 'Meeting tomorrow at 10:00', timeZone: 'Mars/Olympus' } });

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('timeZone must be an IANA time zone') } });
  });
});
