import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const SHOP = 'https://shop.example.com';
const UPLOAD_MAX_BYTES = 4096;
const SESSION_UPLOADS_PER_DAY = 3;
const IP_UPLOADS_PER_MIN = 4;
/** Extraction threads load the TypeScript source under test: allow for a loaded machine. */
const READ_WITHIN_MS = 60_000;

interface VisitorFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  state: string;
  url?: string;
}

interface ErrorBody {
  error: { code: string; message: string };
}

function newSessionId(): string {
  return `sess_${randomBytes(24).toString('base64url')}`;
}

let lastIp = 0;
/** Every test speaks from its own addresses (TRUST_PROXY), so the per-IP budgets of one do not spend another's. */
function newIp(): string {
  return `203.0.113.${++lastIp}`;
}

/**
 * Visitor uploads (POST /widget/:wid/files): held to the widget's pages like its messages, stored
 * as the owner's files, limited in size and number, typed from their bytes, and attachable only
 * to messages of the session that uploaded them.
 */
describe('widget visitor uploads', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let owner: Session;
  let widgetId: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await startWebApp(
      env.config({
        APP_ROLE: 'all',
        TRUST_PROXY: 'true',
        WIDGET_UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
        WIDGET_SESSION_UPLOADS_PER_DAY: String(SESSION_UPLOADS_PER_DAY),
        WIDGET_IP_UPLOADS_PER_MIN: String(IP_UPLOADS_PER_MIN),
      }),
    );
    owner = await registerUser(app, 'owner@example.com');
    const created = await app.request('/api/v1/widgets', { method: 'POST', token: owner.accessToken, json: { name: 'Shop', allowedDomains: ['shop.example.com'] } });
    expect(created.status).toBe(201);
    widgetId = ((await created.json()) as { id: string }).id;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  const visitor = (sessionId: string, ip: string, origin: string | null = SHOP): Record<string, string> => ({
    'x-widget-session': sessionId,
    'x-forwarded-for': ip,
    ...(origin ? { origin } : {}),
  });
  const upload = (sessionId: string, ip: string, data: Buffer, name: string, origin: string | null = SHOP): Promise<Response> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    return app.request(`/api/v1/widget/${widgetId}/files`, { method: 'POST', body: form, headers: visitor(sessionId, ip, origin) });
  };
  const uploaded = async (sessionId: string, ip: string, text: string, name = 'notes.txt'): Promise<VisitorFile> => {
    const response = await upload(sessionId, ip, Buffer.from(text), name);
    expect(response.status).toBe(201);
    return (await response.json()) as VisitorFile;
  };
  const fileOf = (sessionId: string, ip: string, fileId: string): Promise<Response> =>
    app.request(`/api/v1/widget/${widgetId}/files/${fileId}`, { headers: visitor(sessionId, ip) });
  const send = (sessionId: string, ip: string, message: string, fileIds?: string[]): Promise<Response> =>
    app.request(`/api/v1/widget/${widgetId}/message`, { method: 'POST', json: { message, ...(fileIds ? { fileIds } : {}) }, headers: visitor(sessionId, ip) });
  const codeOf = async (response: Response): Promise<string> => ((await response.json()) as ErrorBody).error.code;

  it('refuses pages the widget does not allow, and lets its own pages read the answer', async () => {
    const sessionId = newSessionId();
    const ip = newIp();
    for (const origin of ['https://evil.example', 'https://shop.example.com.evil.example', null]) {
      const refused = await upload(sessionId, ip, Buffer.from('hello'), 'a.txt', origin);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(await codeOf(refused)).toBe('ORIGIN_NOT_ALLOWED');
    }

    const preflight = await app.request(`/api/v1/widget/${widgetId}/files`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-widget-session' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);

    const allowed = await upload(sessionId, ip, Buffer.from('hello'), 'a.txt');
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    // The refused attempts stored nothing: the session's first file is the only one it has.
    expect(await fileOf(sessionId, ip, ((await allowed.json()) as VisitorFile).id).then((response) => response.status)).toBe(200);
  });

  it('types files from their bytes and holds them to the widget size limit, naming it', async () => {
    const sessionId = newSessionId();
    const ip = newIp();
    const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);
    const unsupported = await upload(sessionId, ip, executable, 'notes.txt');
    expect(unsupported.status).toBe(415);
    expect(await codeOf(unsupported)).toBe('UNSUPPORTED_MEDIA_TYPE');

    const tooLarge = await upload(newSessionId(), ip, Buffer.alloc(UPLOAD_MAX_BYTES + 1, 'a'), 'big.txt');
    expect(tooLarge.status).toBe(413);
    const body = (await tooLarge.json()) as ErrorBody;
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.message).toContain('MB');

    const notMultipart = await app.request(`/api/v1/widget/${widgetId}/files`, { method: 'POST', json: { file: 'hello' }, headers: visitor(newSessionId(), ip) });
    expect(notMultipart.status).toBe(415);
  });

  it('counts uploads per session and per address, and says when to come back', async () => {
    const ip = newIp();
    const sessionId = newSessionId();
    for (let n = 0; n < SESSION_UPLOADS_PER_DAY; n++) await uploaded(sessionId, ip, `file ${n}`);
    const overSession = await upload(sessionId, ip, Buffer.from('one more'), 'more.txt');
    expect(overSession.status).toBe(429);
    expect(await codeOf(overSession)).toBe('RATE_LIMITED');
    expect(Number(overSession.headers.get('retry-after'))).toBeGreaterThan(0);

    // The same address from a new session: its per-minute budget (4) is now spent by the fifth try.
    const fresh = newSessionId();
    expect((await upload(fresh, ip, Buffer.from('x'), 'x.txt')).status).toBe(429);
    // Another address is not held to it.
    expect((await upload(fresh, newIp(), Buffer.from('x'), 'x.txt')).status).toBe(201);
  });

  it('keeps each file to the session that uploaded it', async () => {
    const ip = newIp();
    const alice = newSessionId();
    const bob = newSessionId();
    const file = await uploaded(alice, ip, 'Alice private notes');

    expect((await fileOf(bob, ip, file.id)).status).toBe(404);
    expect((await fileOf(alice, ip, randomUUID())).status).toBe(404);

    const stolen = await send(bob, ip, 'What is in this file?', [file.id]);
    expect(stolen.status).toBe(400);
    expect(await codeOf(stolen)).toBe('ATTACHMENT_UNKNOWN');
    const invented = await send(bob, ip, 'And this one?', [randomUUID()]);
    expect(await codeOf(invented)).toBe('ATTACHMENT_UNKNOWN');

    // The owner's own upload is theirs, not a visitor's: no visitor may attach it.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from('owner only'))]), 'owner.txt');
    const ownerFile = (await (await app.request('/api/v1/files', { method: 'POST', token: owner.accessToken, body: form })).json()) as { id: string };
    expect(await codeOf(await send(alice, ip, 'Read this', [ownerFile.id]))).toBe('ATTACHMENT_UNKNOWN');
    expect((await fileOf(alice, ip, ownerFile.id)).status).toBe(404);
  });

  it('stores the file as the owner’s, reads it, and answers a message that carries it', { timeout: 90_000 }, async () => {
    const ip = newIp();
    const sessionId = newSessionId();
    const file = await uploaded(sessionId, ip, 'The spare key is under the blue flowerpot.', 'house.txt');
    expect(file).toMatchObject({ name: 'house.txt', mime: 'text/plain', size: 'The spare key is under the blue flowerpot.'.length, state: 'uploaded' });
    // Visitors get no download address: the bytes are the owner's.
    expect(file.url).toBeUndefined();

    const read = await waitFor(
      async () => {
        const current = (await (await fileOf(sessionId, ip, file.id)).json()) as VisitorFile;
        return current.state === 'failed' || current.state === 'extracted' || current.state === 'vectorized' ? current : null;
      },
      { timeoutMs: READ_WITHIN_MS, what: 'the visitor file to be read' },
    );
    expect(read.state).not.toBe('failed');

    const owned = await app.request(`/api/v1/files/${file.id}`, { token: owner.accessToken });
    expect(owned.status).toBe(200);

    const response = await send(sessionId, ip, 'Where is the spare key?', [file.id]);
    expect(response.status).toBe(200);
    const events = await readSse(response, isTerminal);
    expect(events.at(-1)).toMatchObject({ event: 'complete', data: { status: 'complete' } });
    // Live too, the passages come without the owner's file ids.
    const live = events.find((event) => event.event === 'sources')?.data as { results: Array<Record<string, unknown>> };
    expect(live.results[0]).toMatchObject({ n: 1, title: 'house.txt' });
    const liveCitations = [...live.results, ...(events.at(-1)?.data as { citations: Array<Record<string, unknown>> }).citations];
    expect(liveCitations.every((citation) => !('fileId' in citation))).toBe(true);
    const started = events.find((event) => event.event === 'started')?.data as { userMessageId: string };

    const question = (await (await app.request(`/api/v1/messages/${started.userMessageId}`, { token: owner.accessToken })).json()) as {
      fileIds: string[];
      files: Array<{ id: string }>;
    };
    expect(question.fileIds).toEqual([file.id]);
    expect(question.files.map((attached) => attached.id)).toEqual([file.id]);

    // The visitor's transcript names the file on their message; the answer's sources never carry the owner's file ids.
    const transcript = (await (await app.request(`/api/v1/widget/${widgetId}/messages`, { headers: visitor(sessionId, ip) })).json()) as {
      messages: Array<{ role: string; files?: unknown; citations?: Array<Record<string, unknown>> }>;
    };
    expect(transcript.messages[0]).toMatchObject({ role: 'visitor', files: [{ id: file.id, name: 'house.txt' }] });
    const cited = transcript.messages[1].citations ?? [];
    expect(cited[0]).toMatchObject({ n: 1, title: 'house.txt', snippet: expect.stringContaining('blue flowerpot') });
    expect(cited.every((citation) => !('fileId' in citation))).toBe(true);

    // While a person handles the session, the message is kept for them with its file.
    const takeover = await app.request(`/api/v1/widgets/${widgetId}/sessions/${sessionId}/takeover`, { method: 'POST', token: owner.accessToken });
    expect(takeover.status).toBe(200);
    const second = await uploaded(sessionId, ip, 'Checkout is at ten.', 'checkout.txt');
    const held = await send(sessionId, ip, 'And checkout?', [second.id]);
    expect(held.status).toBe(202);
    expect(await held.json()).toMatchObject({ mode: 'human', message: { role: 'visitor', files: [{ id: second.id, name: 'checkout.txt' }] } });
  });
});
