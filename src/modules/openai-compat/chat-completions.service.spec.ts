import { Logger } from '@nestjs/common';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../common/errors/error-code';
import { rejectionOf } from '../../common/testing/rejection-of';
import type { TrackEvent, TrackStreamService } from '../../infra/stream/track-stream.service';
import { ModelCapability } from '../ai/ai.types';
import type { ModelDto } from '../ai/dto/model.dto';
import type { ModelSettingsService } from '../ai/model-settings.service';
import type { Channel } from '../chat/chat.entity';
import type { SendMessageDto } from '../chat/dto/stream.dto';
import type { SendMessageService, StartedAnswer } from '../chat/send-message.service';
import type { StreamEventMap, StreamEventName } from '../chat/stream.events';
import { SYSTEM_SCOPE } from '../routing/task-prompt.entity';
import { TaskPromptsService } from '../routing/task-prompts.service';
import type { TaskPromptsRepository } from '../routing/task-prompts.repository';
import { InMemoryTaskPrompts } from '../routing/testing/in-memory-task-prompts';
import { ChatCompletionsService, DONE } from './chat-completions.service';
import type { ChatCompletionRequestDto } from './dto/chat-completion.dto';
import { OpenAiRequestError } from './openai-error.filter';
import { NO_FILES } from '../files/testing/no-files';

const USER = 'user-1';
const STARTED: StartedAnswer = { trackId: 'track-1', chatId: 'chat-1', userMessageId: 'question-1', messageId: 'answer-1' };

const model = (id: string, capabilities: ModelCapability[]): ModelDto => ({ id, provider: id.split(':')[0] ?? '', name: id, label: id, capabilities, offline: false });
const MODELS = [model('openai:gpt-4o-mini', [ModelCapability.Chat, ModelCapability.Sort]), model('openai:text-embedding-3-small', [ModelCapability.Vectorize])];

const event = <E extends StreamEventName>(name: E, data: StreamEventMap[E]): TrackEvent => ({ id: `${Date.now()}-0`, event: name, data });
const COMPLETE: StreamEventMap['complete'] = {
  messageId: 'answer-1',
  chatId: 'chat-1',
  topic: 'general',
  language: 'en',
  provider: 'openai',
  model: 'gpt-4o-mini',
  usage: { promptTokens: 10, completionTokens: 4 },
  files: [],
  citations: [],
  status: 'complete',
};
const ANSWERED = [
  event('started', { trackId: 'track-1', chatId: 'chat-1', messageId: 'answer-1', userMessageId: 'question-1' }),
  event('classified', { topic: 'general', language: 'en', source: 'rule', webSearch: false, multiStep: false }),
  event('chunk', { text: 'Hello ' }),
  event('chunk', { text: 'there.' }),
  event('complete', COMPLETE),
];

/** The service over a scripted track (`events`, or a failure to read it), recording what it sends. */
async function setUp(events: TrackEvent[] | Error = ANSWERED) {
  const sent: Array<{ userId: string; dto: SendMessageDto; channel: Channel }> = [];
  const sender = {
    start: (userId: string, dto: SendMessageDto, channel: Channel) => {
      sent.push({ userId, dto, channel });
      return Promise.resolve(STARTED);
    },
  };
  const streams = {
    async *follow(trackId: string, _afterId: string | undefined, signal: AbortSignal): AsyncGenerator<TrackEvent> {
      expect(trackId).toBe(STARTED.trackId);
      if (events instanceof Error) throw events;
      for (const next of events) {
        if (signal.aborted) return;
        yield next;
      }
      // A track that has not ended yet: the follower waits until it is told to stop.
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  };
  const repository = new InMemoryTaskPrompts();
  const base = { description: '', prompt: 'p', selectionRules: [], settings: { webSearch: null } };
  await repository.insert({ ...base, scope: SYSTEM_SCOPE, topic: 'general', enabled: true });
  await repository.insert({ ...base, scope: SYSTEM_SCOPE, topic: 'retired', enabled: false });
  await repository.insert({ ...base, scope: USER, topic: 'mine', enabled: true });
  const service = new ChatCompletionsService(
    sender as unknown as SendMessageService,
    streams as unknown as TrackStreamService,
    { listModels: () => Promise.resolve(MODELS) } as unknown as ModelSettingsService,
    new TaskPromptsService(repository as unknown as TaskPromptsRepository, NO_FILES),
  );
  return { service, sent };
}

const request = (modelId: string, stream = false): ChatCompletionRequestDto => ({ model: modelId, messages: [{ role: 'user', content: 'Hi' }], stream });
const openSignal = (): AbortSignal => new AbortController().signal;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('ChatCompletionsService', () => {
  it('lists the chat models of the catalogue and the enabled task prompts the caller sees', async () => {
    const { service } = await setUp();

    const list = await service.listModels(USER);

    expect(list.object).toBe('list');
    expect(list.data.map((entry) => [entry.id, entry.owned_by])).toEqual([
      ['openai:gpt-4o-mini', 'openai'],
      ['topic:mine', 'user'],
      ['topic:general', 'system'],
    ]);
  });

  it('sends the message into a new api chat, with the model or the topic the request names', async () => {
    const { service, sent } = await setUp();

    await service.start(USER, request('openai:gpt-4o-mini'));
    await service.start(USER, request('topic:mine'));

    expect(sent).toEqual([
      { userId: USER, dto: { message: 'Hi', modelId: 'openai:gpt-4o-mini' }, channel: 'api' },
      { userId: USER, dto: { message: 'Hi', promptTopic: 'mine' }, channel: 'api' },
    ]);
  });

  it.each(['openai:gpt-5', 'openai:text-embedding-3-small', 'topic:retired', 'topic:someone-elses'])('refuses %s as model_not_found, sending nothing', async (modelId) => {
    const { service, sent } = await setUp();

    const error = await rejectionOf(service.start(USER, request(modelId)));

    expect(error).toBeInstanceOf(OpenAiRequestError);
    expect(error).toMatchObject({ code: ErrorCode.NotFound, details: { param: 'model', openAiCode: 'model_not_found' } });
    expect(sent).toEqual([]);
  });

  it('answers with the whole text and its usage once the answer is complete', async () => {
    const { service } = await setUp();
    const started = await service.start(USER, request('topic:general'));

    const completion = await service.complete(started, openSignal());

    expect(completion).toMatchObject({
      id: 'chatcmpl-answer-1',
      model: 'topic:general',
      choices: [{ message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
    });
  });

  it('streams the role, each piece of text, the finish, the usage when asked, then DONE', async () => {
    const { service } = await setUp();
    const started = await service.start(USER, request('topic:general', true));

    const frames = await collect(service.chunks(started, true, openSignal()));

    expect(frames.at(-1)).toBe(DONE);
    const chunks = frames.slice(0, -1) as ChatCompletionChunk[];
    expect(chunks.map((chunk) => chunk.choices.map((choice) => [choice.delta, choice.finish_reason]))).toEqual([
      [[{ role: 'assistant', content: '' }, null]],
      [[{ content: 'Hello ' }, null]],
      [[{ content: 'there.' }, null]],
      [[{}, 'stop']],
      [],
    ]);
    expect(chunks.at(-1)).toMatchObject({ usage: { total_tokens: 14 } });
  });

  it('ends a failed answer with an error: a 500 without streaming, an error object when streaming', async () => {
    const failed = [...ANSWERED.slice(0, 1), event('chunk', { text: 'Hal' }), event('error', { code: 'PROVIDER_TIMEOUT', message: 'The model did not answer in time.' })];
    const { service } = await setUp(failed);
    const started = await service.start(USER, request('topic:general'));

    const error = await rejectionOf(service.complete(started, openSignal()));
    expect(error).toMatchObject({ status: 500, message: 'The model did not answer in time.', details: { openAiCode: 'provider_timeout' } });
    // The pipeline has retried already: OpenAI's SDKs are told not to send the request again.
    expect(error.headers).toEqual({ 'x-should-retry': 'false' });

    const frames = await collect(service.chunks(started, false, openSignal()));
    expect(frames.at(-1)).toEqual({ error: { message: 'The model did not answer in time.', type: 'server_error', param: null, code: 'provider_timeout' } });
    expect(frames).not.toContain(DONE);
  });

  it('answers with only the text after a reset (a worker died and another answered again)', async () => {
    const { service } = await setUp([...ANSWERED.slice(0, 3), event('reset', { reason: 'again' }), event('chunk', { text: 'Hi.' }), event('complete', COMPLETE)]);
    const started = await service.start(USER, request('topic:general'));

    const completion = await service.complete(started, openSignal());

    expect(completion?.choices[0]?.message.content).toBe('Hi.');
  });

  it('streams on through a reset before any text, and ends with INTERRUPTED at one after text went out', async () => {
    const early = await setUp([...ANSWERED.slice(0, 2), event('reset', { reason: 'again' }), ...ANSWERED.slice(2)]);
    const clean = await collect(early.service.chunks(await early.service.start(USER, request('topic:general', true)), false, openSignal()));
    expect(clean.at(-1)).toBe(DONE);

    const late = await setUp([...ANSWERED.slice(0, 3), event('reset', { reason: 'again' }), ...ANSWERED.slice(2)]);
    const frames = await collect(late.service.chunks(await late.service.start(USER, request('topic:general', true)), false, openSignal()));
    expect(frames.at(-1)).toMatchObject({ error: { type: 'server_error', code: 'interrupted' } });
    expect(frames).not.toContain(DONE);
  });

  it('ends with an error, and logs why, when the track cannot be read', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { service } = await setUp(new Error('Redis went away'));
    const started = await service.start(USER, request('topic:general'));

    const frames = await collect(service.chunks(started, false, openSignal()));

    expect(frames.at(-1)).toMatchObject({ error: { type: 'server_error', code: 'internal' } });
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: 'Redis went away' }));
    logged.mockRestore();
  });

  it('stops reading when the client leaves, with nothing to answer', async () => {
    const { service } = await setUp(ANSWERED.slice(0, 3));
    const started = await service.start(USER, request('topic:general'));
    const client = new AbortController();

    const completion = service.complete(started, client.signal);
    client.abort();

    expect(await completion).toBeUndefined();
  });
});
