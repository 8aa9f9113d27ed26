import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDto } from '../../src/modules/files/dto/file.dto';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { buildPdf } from '../support/pdf';
import { isTerminal, readSse } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const INDEXED_WITHIN_MS = 60_000;

/** Changing the VECTORIZE binding re-indexes what was indexed with the old model. */
describe('re-vectorization when the embedding model changes', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let alice: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start();
    app = await startWebApp(env.config({ APP_ROLE: 'all', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODELS: 'fake-chat,fake-embed:VECTORIZE', AI_MAX_RETRIES: '0' }));
    alice = await registerUser(app, 'alice@example.com');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const bind = async (bindings: Record<string, string>): Promise<void> => {
    const response = await app.request('/api/v1/settings/models', { method: 'PUT', token: alice.accessToken, json: { scope: 'user', bindings } });
    expect(response.status).toBe(200);
  };
  const ask = async (body: Record<string, unknown>): Promise<{ chatId: string }> => {
    const events = await readSse(await app.request('/api/v1/messages/stream', { method: 'POST', token: alice.accessToken, json: body }), isTerminal);
    expect(events.at(-1)?.event).toBe('complete');
    return events.at(-1)?.data as { chatId: string };
  };
  const chunkModels = async (fileId: string): Promise<string[]> =>
    (await env.query<{ model_id: string }>('SELECT DISTINCT model_id FROM vector_chunks WHERE source_id = ? ORDER BY model_id', [`file:${fileId}`])).map((row) => row.model_id);
  const indexedModel = async (fileId: string): Promise<string | null> => (await env.query<{ indexed_model: string | null }>('SELECT indexed_model FROM files WHERE id = ?', [fileId]))[0]?.indexed_model ?? null;

  it('indexes a file with the bound model and, once the binding changes, again with the new one', { timeout: 120_000 }, async () => {
    // The offline embedder first; answers from the offline provider, so no scripted chat is needed.
    await bind({ VECTORIZE: 'offline:basic', CHAT: 'offline:basic', SORT: 'offline:basic', MEM: 'offline:basic' });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await buildPdf(['The ferry to Sylt leaves at nine every morning.']))]), 'ferry.pdf');
    const file = (await (await app.request('/api/v1/files?processLevel=vectorize', { method: 'POST', token: alice.accessToken, body: form })).json()) as FileDto;
    const { chatId } = await ask({ message: 'When does the ferry leave?', fileIds: [file.id] });
    expect(await indexedModel(file.id)).toBe('offline:basic');
    expect(await chunkModels(file.id)).toEqual(['offline:basic']);
    expect(openai.requestsTo('/v1/embeddings')).toEqual([]);

    await bind({ VECTORIZE: 'openai:fake-embed' });
    // The next search notices the file was indexed by another model and queues its re-vectorization.
    await ask({ message: 'Which island does the ferry go to?', chatId });
    await waitFor(async () => ((await indexedModel(file.id)) === 'openai:fake-embed' ? true : null), { timeoutMs: INDEXED_WITHIN_MS, what: 'the file re-vectorized' });
    expect(await chunkModels(file.id)).toEqual(['openai:fake-embed']);
    expect(openai.requestsTo('/v1/embeddings').length).toBeGreaterThan(0);
  });
});
