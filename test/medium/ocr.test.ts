import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDto } from '../../src/modules/files/dto/file.dto';
import { FileTextService } from '../../src/modules/files/file-text.service';
import { RealtimeClients, subscribeToUserChannel, type RealtimeClient } from '../support/realtime-client';
import { blankPng, imageOnlyPdf, scanOf } from '../support/scans';
import { startWebApp, startWorkerApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

/** OCR runs Debian's tesseract and pdftoppm (installed by .ci/run) on a shared machine: allow for it. */
const EXTRACTED_WITHIN_MS = 90_000;

const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

describe('OCR, transcription and Tika on upload', () => {
  let env: TestEnvironment;
  let web: RunningWebApp;
  let worker: INestApplicationContext;
  let alice: Session;
  let live: RealtimeClient;
  let tika: Server;
  const tikaRequests: Array<{ method: string; url: string; contentType: string | undefined }> = [];
  const clients = new RealtimeClients();

  beforeAll(async () => {
    // A loopback server speaking Apache Tika's PUT /tika, answering plain text.
    tika = createServer((request, response) => {
      tikaRequests.push({ method: request.method ?? '', url: request.url ?? '', contentType: request.headers['content-type'] });
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end('Chapter one of the RTF letter.\n\nKind regards.'));
    });
    await new Promise<void>((resolve) => tika.listen(0, '127.0.0.1', resolve));
    const config = { TIKA_URL: `http://127.0.0.1:${(tika.address() as AddressInfo).port}` };
    env = await TestEnvironment.create();
    web = await startWebApp(env.config(config));
    worker = await startWorkerApp(env.config(config));
    alice = await registerUser(web, 'alice@example.com');
    live = await subscribeToUserChannel(web, alice, clients);
  }, 60_000);

  afterAll(async () => {
    clients.closeAll();
    await worker?.close();
    await web?.close();
    await env?.dispose();
    await new Promise((resolve) => tika?.close(resolve));
  });

  const uploaded = async (data: Buffer, name: string): Promise<FileDto> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const response = await web.request('/api/v1/files', { method: 'POST', token: alice.accessToken, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileDto;
  };
  const settled = (id: string): Promise<FileDto> =>
    waitFor(
      async () => {
        const file = (await (await web.request(`/api/v1/files/${id}`, { token: alice.accessToken })).json()) as FileDto;
        return file.state === 'extracted' || file.state === 'failed' ? file : null;
      },
      { timeoutMs: EXTRACTED_WITHIN_MS, what: `file ${id} extracted or failed` },
    );
  const sections = async (id: string) => (await worker.get(FileTextService).textOf(alice.user.id, id))?.sections ?? [];
  const announced = (id: string): string[] =>
    live.publications
      .filter((publication) => publication.type === 'file.updated' && (publication.data as { fileId: string }).fileId === id)
      .map((publication) => (publication.data as { state: string }).state);

  it('OCRs a scanned image made by the test, and announces it live', { timeout: 120_000 }, async () => {
    const scan = await scanOf('Delivery note 8842 for Penguin Supplies');

    const file = await uploaded(scan, 'scan.png');

    expect(file).toMatchObject({ mime: 'image/png', state: 'uploaded' });
    expect(await settled(file.id)).toMatchObject({ state: 'extracted' });
    const text = (await sections(file.id)).map((section) => section.text).join('\n');
    expect(words(text)).toEqual(expect.arrayContaining(['delivery', 'note', '8842', 'penguin', 'supplies']));
    await waitFor(() => announced(file.id).includes('extracted'), { what: 'file.updated extracted' });
    expect([...new Set(announced(file.id))]).toEqual(['extracting', 'extracted']);
  });

  it('OCRs a scanned PDF (pages that are only images) page by page, keeping page numbers', { timeout: 120_000 }, async () => {
    const pdf = await imageOnlyPdf([await scanOf('Contract between Walrus GmbH and Otter Ltd'), await scanOf('Signed in Hamburg on Monday')]);

    const file = await uploaded(pdf, 'contract-scan.pdf');

    expect(await settled(file.id)).toMatchObject({ mime: 'application/pdf', state: 'extracted' });
    const read = await sections(file.id);
    expect(read.map((section) => section.page)).toEqual([1, 2]);
    expect(words(read[0]?.text ?? '')).toEqual(expect.arrayContaining(['contract', 'walrus', 'otter']));
    expect(words(read[1]?.text ?? '')).toEqual(expect.arrayContaining(['signed', 'hamburg', 'monday']));
  });

  it('fails a corrupt image cleanly and keeps extracting', { timeout: 120_000 }, async () => {
    const png = blankPng(64, 64);
    const corrupt = Buffer.concat([png.subarray(0, 33), Buffer.from('this is not deflated image data'.repeat(20))]);

    const broken = await uploaded(corrupt, 'broken.png');

    expect(await settled(broken.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^CORRUPT: The image cannot be read: tesseract failed/) });
    const after = await uploaded(Buffer.from('The worker is still here.'), 'after.txt');
    expect(await settled(after.id)).toMatchObject({ state: 'extracted' });
  });

  it('fails audio with TRANSCRIPTION_UNAVAILABLE when no speech-to-text model is bound (offline)', { timeout: 120_000 }, async () => {
    const wav = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt ', 'latin1'), Buffer.alloc(32)]);

    const file = await uploaded(wav, 'memo.wav');

    expect(file).toMatchObject({ mime: 'audio/wav' });
    expect(await settled(file.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^TRANSCRIPTION_UNAVAILABLE: .*SOUND2TEXT/) });
  });

  it('reads an RTF through Apache Tika at TIKA_URL', { timeout: 120_000 }, async () => {
    const file = await uploaded(Buffer.from('{\\rtf1\\ansi Chapter one of the RTF letter.\\par Kind regards.}'), 'letter.rtf');

    expect(file).toMatchObject({ mime: 'application/rtf' });
    expect(await settled(file.id)).toMatchObject({ state: 'extracted' });
    expect(await sections(file.id)).toEqual([{ text: 'Chapter one of the RTF letter.\n\nKind regards.' }]);
    expect(tikaRequests).toEqual([{ method: 'PUT', url: '/tika', contentType: 'application/rtf' }]);
  });
});
