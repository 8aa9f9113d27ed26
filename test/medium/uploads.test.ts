import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDto } from '../../src/modules/files/dto/file.dto';
import { FileTextService } from '../../src/modules/files/file-text.service';
import { buildPdf } from '../support/pdf';
import { RealtimeClients, subscribeToUserChannel, type RealtimeClient } from '../support/realtime-client';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';
import { buildDocx, buildXlsx, buildZip, deflatedZeros } from '../support/zip';

/** Small limits, so the hostile files stay small: uploads up to 2 MB, documents expanding to 8 MB. */
const LIMITS = { UPLOAD_MAX_BYTES: String(2 * 1024 * 1024), EXTRACT_MAX_EXPANDED_BYTES: String(8 * 1024 * 1024) };
/** Extraction threads load the TypeScript source under test: allow for a loaded machine. */
const EXTRACTED_WITHIN_MS = 60_000;

describe('uploads and extraction', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let worker: INestApplicationContext;
  let alice: Session;
  let bob: Session;
  let live: RealtimeClient;
  const clients = new RealtimeClients();

  beforeAll(async () => {
    env = await TestEnvironment.create();
    web = await startWebApp(env.config(LIMITS));
    worker = await startWorkerApp(env.config(LIMITS));
    alice = await registerUser(web, 'alice@example.com');
    bob = await registerUser(web, 'bob@example.com');
    live = await subscribeToUserChannel(web, alice, clients);
  }, 60_000);

  afterAll(async () => {
    clients.closeAll();
    await worker?.close();
    await web?.close();
    await env?.dispose();
  });

  const upload = (data: Buffer, name: string, query = '', session = alice): Promise<Response> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    return web.request(`/api/v1/files${query}`, { method: 'POST', token: session.accessToken, body: form });
  };
  const uploaded = async (data: Buffer, name: string, query = ''): Promise<FileDto> => {
    const response = await upload(data, name, query);
    expect(response.status).toBe(201);
    return (await response.json()) as FileDto;
  };
  const getFile = async (id: string, session = alice): Promise<Response> => web.request(`/api/v1/files/${id}`, { token: session.accessToken });
  const settled = (id: string): Promise<FileDto> =>
    waitFor(
      async () => {
        const file = (await (await getFile(id)).json()) as FileDto;
        return file.state === 'extracted' || file.state === 'failed' ? file : null;
      },
      { timeoutMs: EXTRACTED_WITHIN_MS, what: `file ${id} extracted or failed` },
    );
  const announced = (id: string): Array<{ state: string; progress?: number }> =>
    live.publications
      .filter((publication) => publication.type === 'file.updated' && (publication.data as { fileId: string }).fileId === id)
      .map((publication) => publication.data as { state: string; progress?: number });
  const text = async (id: string): Promise<string> => {
    const document = await worker.get(FileTextService).textOf(alice.user.id, id);
    return (document?.sections ?? []).map((section) => section.text).join('\n\n');
  };

  it('detects each type from its bytes, extracts its text on the worker and announces every state live', { timeout: 120_000 }, async () => {
    const documents: Array<{ name: string; data: Buffer; mime: string; expected: string[] }> = [
      { name: 'report.pdf', data: await buildPdf(['Revenue rose 12 percent.', 'Berlin office opens in May.']), mime: 'application/pdf', expected: ['Revenue rose 12 percent.', 'Berlin office opens in May.'] },
      {
        name: 'handbook.bin',
        data: buildDocx([{ text: 'Holidays', heading: 1 }, { text: 'Thirty days a year.' }]),
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        expected: ['Thirty days a year.'],
      },
      { name: 'prices.xlsx', data: buildXlsx({ Prices: [['Widget', '9.50']] }), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', expected: ['Widget\t9.50'] },
      { name: 'stock.csv', data: Buffer.from('item,count\nwidget,120\n'), mime: 'text/csv', expected: ['item,count\nwidget,120'] },
      { name: 'page.txt', data: Buffer.from('<!doctype html><html><body><h1>Menu</h1><p>Soup</p><script>x()</script></body></html>'), mime: 'text/html', expected: ['Soup'] },
      { name: 'notes.txt', data: Buffer.from('Plain notes.\n\nSecond paragraph.'), mime: 'text/plain', expected: ['Plain notes.\n\nSecond paragraph.'] },
    ];
    const files = await Promise.all(documents.map((document) => uploaded(document.data, document.name)));

    for (const [i, file] of files.entries()) {
      expect(file).toMatchObject({ name: documents[i]?.name, mime: documents[i]?.mime, state: 'uploaded', size: documents[i]?.data.length });
    }
    for (const [i, file] of files.entries()) {
      expect(await settled(file.id)).toMatchObject({ id: file.id, state: 'extracted' });
      const extracted = await text(file.id);
      for (const passage of documents[i]?.expected ?? []) expect(extracted).toContain(passage);
      expect(extracted).not.toContain('x()');
      await waitFor(() => announced(file.id).some((event) => event.state === 'extracted'), { what: `file.updated extracted for ${file.id}` });
      expect([...new Set(announced(file.id).map((event) => event.state))]).toEqual(['extracting', 'extracted']);
    }
    // The two-page PDF tells how far it is, page by page.
    expect(announced(files[0]?.id ?? '')).toEqual([
      { fileId: files[0]?.id, state: 'extracting', progress: 0 },
      { fileId: files[0]?.id, state: 'extracting', progress: 50 },
      { fileId: files[0]?.id, state: 'extracted', progress: 100 },
    ]);
  });

  it('fails a zip bomb, a lying zip bomb and a truncated PDF with a clear error, and keeps extracting', { timeout: 120_000 }, async () => {
    const zeros = await deflatedZeros(64);
    const bomb = buildZip([{ name: 'word/document.xml', ...zeros }]);
    const liar = buildZip([{ name: 'word/document.xml', ...zeros, declaredSize: 1000 }]);
    const pdf = await buildPdf(['whole']);
    expect(bomb.length).toBeLessThan(200_000);

    const [bombFile, liarFile, truncatedFile] = await Promise.all([uploaded(bomb, 'bomb.docx'), uploaded(liar, 'liar.docx'), uploaded(pdf.subarray(0, pdf.length - 400), 'cut.pdf')]);

    expect(await settled(bombFile.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^TOO_LARGE: .*zip bomb/) });
    expect(await settled(liarFile.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^(TOO_LARGE|CORRUPT): /) });
    expect(await settled(truncatedFile.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^CORRUPT: /) });
    await waitFor(() => announced(truncatedFile.id).some((event) => event.state === 'failed'), { what: 'file.updated failed' });

    const after = await uploaded(Buffer.from('The worker is still here.'), 'after.txt');
    expect(await settled(after.id)).toMatchObject({ state: 'extracted' });
    expect(await text(after.id)).toBe('The worker is still here.');
  });

  it('refuses a type it cannot handle with 415, a file past the limit with 413, and anything but multipart', async () => {
    const executable = await upload(Buffer.concat([Buffer.from('4d5a9000', 'hex'), Buffer.alloc(64)]), 'invoice.pdf');
    expect(executable.status).toBe(415);
    expect(((await executable.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // A legacy Word file is read by Apache Tika only, and this server has no TIKA_URL.
    expect((await upload(Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), 'old.doc')).status).toBe(415);

    const big = await upload(Buffer.alloc(2 * 1024 * 1024 + 1, 'a'), 'big.txt');
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');

    const json = await web.request('/api/v1/files', { method: 'POST', token: alice.accessToken, json: { file: 'x' } });
    expect(json.status).toBe(415);
    expect((await upload(Buffer.from('x'), 'a.txt', '?processLevel=everything')).status).toBe(400);
  });

  it('only stores a file uploaded with processLevel=store', async () => {
    const file = await uploaded(Buffer.from('keep me as I am'), 'kept.txt', '?processLevel=store');
    // A file uploaded after it is extracted: the stored one was never queued.
    const later = await uploaded(Buffer.from('read me'), 'later.txt');

    expect(await settled(later.id)).toMatchObject({ state: 'extracted' });
    expect(await (await getFile(file.id)).json()).toMatchObject({ state: 'uploaded' });
    expect(announced(file.id)).toEqual([]);
  }, 60_000);

  it("never shows one user's upload to another", async () => {
    const file = await uploaded(Buffer.from('private'), 'private.txt', '?processLevel=store');

    expect((await getFile(file.id, bob)).status).toBe(404);
    expect((await web.request(`/api/v1/files/${file.id}/content`, { token: bob.accessToken })).status).toBe(404);
    expect((await web.request(`/api/v1/files/${file.id}`, { method: 'DELETE', token: bob.accessToken })).status).toBe(404);
    await expect(worker.get(FileTextService).textOf(bob.user.id, file.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getFile(file.id)).status).toBe(200);
  });
});
