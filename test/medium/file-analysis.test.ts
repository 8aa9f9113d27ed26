import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDto } from '../../src/modules/files/dto/file.dto';
import { FileTextService } from '../../src/modules/files/file-text.service';
import { FakeOpenAiServer, type RecordedRequest } from '../support/fake-openai-server';
import { pipelineReply } from '../support/pipeline-replies';
import { scanOf } from '../support/scans';
import { isTerminal, readSse, type SseEvent } from '../support/sse';
import { startWebApp, type RunningWebApp } from '../support/test-app';
import { TestEnvironment } from '../support/test-environment';
import { registerUser, type Session } from '../support/users';
import { waitFor } from '../support/wait-for';

const VISION_ANSWER = 'A delivery note from Penguin Supplies, number 8842.';

/** Whether a chat request shows the model an image (the PIC2TEXT call). */
const showsImage = (request: RecordedRequest): boolean => JSON.stringify(request.body).includes('"image_url"');

/**
 * file_analysis in the whole pipeline, against an OpenAI-compatible server with a vision model
 * (PIC2TEXT), a voice (TEXT2SOUND) and speech-to-text (SOUND2TEXT); sorting and planning stay
 * offline (no model offers them), so the heuristic planner plans.
 */
describe('file_analysis and transcription with models bound', () => {
  let env: TestEnvironment;
  let openai: FakeOpenAiServer;
  let app: RunningWebApp;
  let alice: Session;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    openai = await FakeOpenAiServer.start({ defaultReply: (request) => (showsImage(request) ? VISION_ANSWER : pipelineReply(request)) });
    app = await startWebApp(
      env.config({
        APP_ROLE: 'all',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MODELS: 'fake-chat:CHAT|SUMMARIZE,fake-vision:PIC2TEXT,fake-tts:TEXT2SOUND,fake-whisper:SOUND2TEXT',
        AI_MAX_RETRIES: '0',
      }),
    );
    alice = await registerUser(app, 'alice@example.com');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await openai?.close();
    await env?.dispose();
  });

  const upload = async (data: Buffer, name: string): Promise<FileDto> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const response = await app.request('/api/v1/files', { method: 'POST', token: alice.accessToken, body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as FileDto;
  };
  const settled = (id: string): Promise<FileDto> =>
    waitFor(
      async () => {
        const file = (await (await app.request(`/api/v1/files/${id}`, { token: alice.accessToken })).json()) as FileDto;
        return file.state === 'extracted' || file.state === 'failed' ? file : null;
      },
      { timeoutMs: 90_000, what: `file ${id} extracted or failed` },
    );

  it('"Describe this as audio" with an image attached: the vision model describes it and the description is read aloud', { timeout: 120_000 }, async () => {
    const scan = await upload(await scanOf('Delivery note 8842 for Penguin Supplies'), 'note.png');
    await settled(scan.id);

    const response = await app.request('/api/v1/messages/stream', { method: 'POST', token: alice.accessToken, json: { message: 'Describe this as audio', fileIds: [scan.id] } });
    expect(response.status).toBe(200);
    const events: SseEvent[] = await readSse(response, isTerminal);

    const plan = events.find((event) => event.event === 'plan')?.data as { nodes: Array<{ nodeId: string; capability: string }> };
    expect(plan.nodes.map((node) => node.capability)).toEqual(['file_analysis', 'text2sound', 'compose_reply']);
    expect(events.at(-1)?.event).toBe('complete');
    const vision = openai.requests.filter(showsImage);
    expect(vision).toHaveLength(1);
    expect(JSON.stringify(vision[0]?.body)).toContain('"model":"fake-vision"');
    expect(JSON.stringify(vision[0]?.body)).toContain('data:image/png;base64,');
    expect(JSON.stringify(vision[0]?.body)).toContain('Describe this as audio');
    const speech = openai.requestsTo('/v1/audio/speech');
    expect(speech).toHaveLength(1);
    expect(speech[0]?.body).toMatchObject({ model: 'fake-tts', input: VISION_ANSWER });
    const complete = events.at(-1)?.data as { messageId: string };
    const message = (await (await app.request(`/api/v1/messages/${complete.messageId}`, { token: alice.accessToken })).json()) as {
      tasks: Array<{ capability: string; state: string }>;
    };
    expect(message.tasks.map((task) => [task.capability, task.state])).toEqual([
      ['file_analysis', 'done'],
      ['text2sound', 'done'],
      ['compose_reply', 'done'],
    ]);
    expect(events.at(-1)?.data).toMatchObject({ files: [{ name: 'audio-n2.wav', mime: 'audio/wav' }] });
  });

  it('transcribes an uploaded recording with the SOUND2TEXT model as its text', { timeout: 120_000 }, async () => {
    openai.script({ path: '/v1/audio/transcriptions', text: 'Please call the warehouse before noon.' });
    const wav = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt ', 'latin1'), Buffer.alloc(32)]);

    const memo = await upload(wav, 'memo.wav');

    expect(await settled(memo.id)).toMatchObject({ mime: 'audio/wav', state: 'extracted' });
    expect(openai.requestsTo('/v1/audio/transcriptions')).toHaveLength(1);
    const document = await app.app.get(FileTextService).textOf(alice.user.id, memo.id);
    expect(document).toEqual({ sections: [{ text: 'Please call the warehouse before noon.' }] });
  });
});
