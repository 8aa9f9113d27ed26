import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDto } from '../../src/modules/files/dto/file.dto';
import { buildPdf } from '../support/pdf';
import { imageOnlyPdf, scanOf } from '../support/scans';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { buildDocx, buildXlsx } from '../support/zip';

interface Citation {
  n: number;
  fileId?: string;
  title: string;
  snippet: string;
  page?: number;
  section?: string;
}

/** Extraction threads load the TypeScript source under test: allow for a loaded machine. */
const INDEXED_WITHIN_MS = 60_000;

/**
 * Documents dropped into a chat are read, indexed and answered about with citations (file, page or
 * section, passage), on the offline provider and embedder: the whole retrieval path on MariaDB.
 */
describe('retrieval: documents in a chat answered with citations', () => {
  let env: TestEnvironment;
  let app: RunningWebApp;
  let alice: Session;
  let bob: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await startWebApp(env.config({ APP_ROLE: 'all' }));
    alice = await registerUser(app, 'alice@example.com');
    bob = await registerUser(app, 'bob@example.com');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  const upload = async (data: Buffer, name: string, session = alice): Promise<FileDto> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const response = await app.request('/api/v1/files?processLevel=vectorize', { method: 'POST', token: session.accessToken, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileDto;
  };
  const file = async (id: string): Promise<FileDto> => (await (await app.request(`/api/v1/files/${id}`, { token: alice.accessToken })).json()) as FileDto;
  const ask = async (body: Record<string, unknown>, session = alice): Promise<SseEvent[]> => {
    const response = await app.request('/api/v1/messages/stream', { method: 'POST', token: session.accessToken, json: body });
    expect(response.status).toBe(200);
    return readSse(response, isTerminal);
  };
  const answerOf = (events: SseEvent[]): { text: string; citations: Citation[]; chatId: string } => {
    const complete = events.at(-1);
    expect(complete?.event).toBe('complete');
    const data = complete?.data as { citations: Citation[]; chatId: string };
    return { text: events.filter((e) => e.event === 'chunk').map((e) => (e.data as { text: string }).text).join(''), citations: data.citations, chatId: data.chatId };
  };
  const chunksOf = async (fileId: string): Promise<number> =>
    Number((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM vector_chunks WHERE source_id = ?', [`file:${fileId}`]))[0]?.n);

  let pdf: FileDto;
  let docx: FileDto;
  let xlsx: FileDto;
  let chatId: string;

  it('waits for attachments still being read, showing it, then answers from them citing file and page', { timeout: 120_000 }, async () => {
    pdf = await upload(
      await buildPdf([
        'Acme Travel handbook. Our offices are open on weekdays.',
        'Refunds are paid within fourteen days after we receive the returned item. Shipping to Norway takes five working days.',
      ]),
      'handbook.pdf',
    );
    docx = await upload(
      buildDocx([
        { text: 'Holidays', heading: 1 },
        { text: 'Every employee gets thirty days of paid leave a year.' },
        { text: 'Parking', heading: 1 },
        { text: 'The staff car park opens at seven in the morning.' },
      ]),
      'policies.docx',
    );
    xlsx = await upload(buildXlsx({ Prices: [['Code', 'Product', 'Price'], ['SKU-88213', 'Trail backpack', '129 EUR'], ['SKU-10442', 'Rain jacket', '89 EUR']] }), 'prices.xlsx');

    // Asked at once: the attachments are still being read when the turn starts.
    const events = await ask({ message: 'How soon are refunds paid?', fileIds: [pdf.id, docx.id, xlsx.id] });
    const reading = events.filter((e) => e.event === 'task_update' && (e.data as { nodeId: string }).nodeId === 'files').map((e) => (e.data as { state: string }).state);
    // On a fast machine the files may be ready before the turn looks; if it waited, it said so and finished.
    if (reading.length > 0) expect(reading).toEqual(['running', 'done']);
    const sources = events.find((e) => e.event === 'sources');
    const firstChunk = events.findIndex((e) => e.event === 'chunk');
    expect(sources).toBeDefined();
    expect(events.indexOf(sources as SseEvent)).toBeLessThan(firstChunk);

    const answer = answerOf(events);
    chatId = answer.chatId;
    const cited = answer.citations.find((citation) => citation.fileId === pdf.id);
    expect(cited).toMatchObject({ title: 'handbook.pdf', page: 2 });
    expect(cited?.snippet).toContain('Refunds are paid within fourteen days');
    expect(answer.text).toContain('Refunds are paid within fourteen days');
    expect(answer.text).toContain(`[${cited?.n}]`);

    for (const id of [pdf.id, docx.id, xlsx.id]) expect((await file(id)).state).toBe('vectorized');
    const stored = (await (await app.request(`/api/v1/chats/${chatId}/messages`, { token: alice.accessToken })).json()) as Array<{ role: string; citations: Citation[] }>;
    expect(stored.find((message) => message.role === 'assistant')?.citations).toEqual(answer.citations);
  });

  it('finds the chat’s documents in later turns: a section by its heading, an exact code by keyword', { timeout: 60_000 }, async () => {
    const leave = answerOf(await ask({ message: 'How many days of paid leave does an employee get?', chatId }));
    const holidays = leave.citations.find((citation) => citation.fileId === docx.id);
    expect(holidays).toMatchObject({ title: 'policies.docx', section: 'Holidays' });
    expect(leave.text).toContain('thirty days of paid leave');

    const price = answerOf(await ask({ message: 'What does SKU-88213 cost?', chatId }));
    const sheet = price.citations.find((citation) => citation.fileId === xlsx.id);
    expect(sheet?.snippet).toContain('SKU-88213');
    expect(price.text).toContain('129 EUR');
  });

  it('keeps a chat’s documents to that chat and its owner', { timeout: 60_000 }, async () => {
    const elsewhere = answerOf(await ask({ message: 'How soon are refunds paid?' }));
    expect(elsewhere.citations.filter((citation) => citation.fileId)).toEqual([]);

    const intruder = answerOf(await ask({ message: 'How soon are refunds paid?' }, bob));
    expect(intruder.citations).toEqual([]);
    const foreign = await app.request('/api/v1/messages/stream', { method: 'POST', token: bob.accessToken, json: { message: 'Read this', fileIds: [pdf.id] } });
    expect(foreign.status).toBe(404);
  });

  it('removes a deleted file’s passages from the index', { timeout: 60_000 }, async () => {
    expect(await chunksOf(xlsx.id)).toBeGreaterThan(0);
    expect((await app.request(`/api/v1/files/${xlsx.id}`, { method: 'DELETE', token: alice.accessToken })).status).toBe(204);
    expect(await chunksOf(xlsx.id)).toBe(0);
    const price = answerOf(await ask({ message: 'What does SKU-88213 cost?', chatId }));
    expect(price.citations.some((citation) => citation.fileId === xlsx.id)).toBe(false);
  });

  it('reads an attachment that was only stored, and fails the turn’s reading step for a broken one', { timeout: 120_000 }, async () => {
    const stored = await (async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await buildPdf(['The lighthouse tour starts at noon every Sunday.']))]), 'tours.pdf');
      const response = await app.request('/api/v1/files?processLevel=store', { method: 'POST', token: alice.accessToken, body: form });
      return (await response.json()) as FileDto;
    })();
    const broken = await upload(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0x41)]), 'broken.pdf');
    await waitFor(async () => ((await file(broken.id)).state === 'failed' ? true : null), { timeoutMs: INDEXED_WITHIN_MS, what: 'the broken PDF failed' });

    const events = await ask({ message: 'When does the lighthouse tour start?', fileIds: [stored.id, broken.id] });
    const reading = events.filter((e) => e.event === 'task_update' && (e.data as { nodeId: string }).nodeId === 'files').map((e) => e.data as { state: string; error?: string });
    expect(reading.at(-1)).toMatchObject({ state: 'failed', error: 'Could not read broken.pdf.' });
    const answer = answerOf(events);
    expect(answer.citations.find((citation) => citation.fileId === stored.id)?.snippet).toContain('lighthouse tour starts at noon');
    expect((await file(stored.id)).state).toBe('vectorized');
  });

  it('answers a topic from the documents of its task prompt, in any chat of the owner', { timeout: 120_000 }, async () => {
    const manual = await upload(await buildPdf(['Warranty terms. The espresso machine carries a warranty of 36 months from the date of purchase.']), 'espresso-manual.pdf');
    const created = await app.request('/api/v1/prompts', {
      method: 'POST',
      token: alice.accessToken,
      json: { topic: 'espresso', description: 'Questions about our espresso machines', prompt: 'You answer questions about our espresso machines.', selectionRules: ['espresso'], settings: { files: [manual.id] } },
    });
    expect(created.status).toBe(201);
    await waitFor(async () => ((await file(manual.id)).state === 'vectorized' ? true : null), { timeoutMs: INDEXED_WITHIN_MS, what: 'the manual indexed' });

    const events = await ask({ message: 'How long is the warranty on the espresso machine?' });
    expect(events.find((e) => e.event === 'classified')?.data).toMatchObject({ topic: 'espresso' });
    const answer = answerOf(events);
    expect(answer.citations.find((citation) => citation.fileId === manual.id)?.snippet).toContain('warranty of 36 months');

    const foreign = await app.request('/api/v1/prompts', { method: 'POST', token: bob.accessToken, json: { topic: 'bobs', description: 'x', prompt: 'x', settings: { files: [manual.id] } } });
    expect(foreign.status).toBe(404);
  });

  it('skips retrieval while an owner has nothing indexed, and finds what is indexed on the very next message', { timeout: 120_000 }, async () => {
    const carol = await registerUser(app, 'carol@example.com');
    const question = { message: 'How many gears does the touring bicycle have?', promptTopic: 'bicycles' };
    const created = await app.request('/api/v1/prompts', {
      method: 'POST',
      token: carol.accessToken,
      json: { topic: 'bicycles', description: 'Questions about our bicycles', prompt: 'You answer questions about our bicycles.' },
    });
    expect(created.status).toBe(201);
    // Nothing indexed yet: answered without sources, and every node now reads that from Redis.
    expect(answerOf(await ask(question, carol)).citations).toEqual([]);
    const manual = await upload(await buildPdf(['Touring bicycle. The touring bicycle has 27 gears and a steel frame.']), 'touring-bicycle.pdf', carol);
    const { id: promptId } = (await created.json()) as { id: string };
    expect((await app.request(`/api/v1/prompts/${promptId}`, { method: 'PUT', token: carol.accessToken, json: { settings: { files: [manual.id] } } })).status).toBe(200);
    await waitFor(async () => ((await app.request(`/api/v1/files/${manual.id}`, { token: carol.accessToken }).then((r) => r.json())) as FileDto).state === 'vectorized', {
      timeoutMs: INDEXED_WITHIN_MS,
      what: 'the manual indexed',
    });

    const answer = answerOf(await ask(question, carol));
    expect(answer.citations.find((citation) => citation.fileId === manual.id)?.snippet).toContain('27 gears');
  });

  it('remembers what the user tells about themselves and recalls it in later chats, shown with the answer, unless memory is off', { timeout: 120_000 }, async () => {
    answerOf(await ask({ message: 'I live in Hamburg and I work as a nurse.' }));
    const learnt = await waitFor(
      async () => {
        const memories = (await (await app.request('/api/v1/memories', { token: alice.accessToken })).json()) as Array<{ id: string; value: string }>;
        return memories.find((memory) => memory.value.includes('Hamburg')) ?? null;
      },
      { timeoutMs: INDEXED_WITHIN_MS, what: 'the fact about Hamburg learnt' },
    );

    const events = await waitFor(
      async () => {
        const asked = await ask({ message: 'Which city do I live in?' });
        return asked.some((e) => e.event === 'memories') ? asked : null;
      },
      { timeoutMs: INDEXED_WITHIN_MS, what: 'the memory recalled (once indexed)' },
    );
    const used = (events.find((e) => e.event === 'memories')?.data as { used: Array<{ id: string }> }).used;
    expect(used.map((memory) => memory.id)).toContain(learnt.id);
    const answer = answerOf(events);
    expect(answer.text).toContain('Hamburg');
    const { messageId } = events.at(-1)?.data as { messageId: string };
    const stored = (await (await app.request(`/api/v1/messages/${messageId}`, { token: alice.accessToken })).json()) as { memoriesUsed: Array<{ id: string }> };
    expect(stored.memoriesUsed.map((memory) => memory.id)).toContain(learnt.id);

    const off = answerOf(await ask({ message: 'Hello there' }));
    expect((await app.request(`/api/v1/chats/${off.chatId}`, { method: 'PATCH', token: alice.accessToken, json: { memoryEnabled: false } })).status).toBe(200);
    const forgetful = await ask({ message: 'Which city do I live in?', chatId: off.chatId });
    expect(forgetful.some((e) => e.event === 'memories')).toBe(false);
    const incognito = await ask({ message: 'Which city do I live in?', incognito: true });
    expect(incognito.some((e) => e.event === 'memories')).toBe(false);
  });

  it('reads a scanned page through OCR and cites the scan by its page', { timeout: 180_000 }, async () => {
    const scanned = await upload(await imageOnlyPdf([await scanOf('Penguin Supplies invoice'), await scanOf('Payment is due within 45 days')]), 'scanned-invoice.pdf');

    const answer = answerOf(await ask({ message: 'When is payment due?', fileIds: [scanned.id] }));

    const cited = answer.citations.find((citation) => citation.fileId === scanned.id);
    expect(cited?.page).toBe(2);
    expect(cited?.snippet).toMatch(/due within 45 days/i);
    expect(answer.text).toContain(`[${cited?.n}]`);
  });
});
