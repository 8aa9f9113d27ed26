import { Injectable, Logger } from '@nestjs/common';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Model } from 'openai/resources/models';
import { ErrorCode } from '../../common/errors/error-code';
import { toErrorResponse } from '../../common/errors/error-response';
import { TrackStreamService } from '../../infra/stream/track-stream.service';
import { ModelCapability } from '../ai/ai.types';
import { ModelSettingsService } from '../ai/model-settings.service';
import type { SendMessageDto } from '../chat/dto/stream.dto';
import { SendMessageService } from '../chat/send-message.service';
import type { StreamEventMap } from '../chat/stream.events';
import { TaskPromptsService } from '../routing/task-prompts.service';
import {
  chunkOf,
  completionIdentity,
  completionOf,
  composeMessage,
  modelNotFound,
  parseModel,
  TOPIC_MODEL_PREFIX,
  usageChunkOf,
  unixSeconds,
  type CompletionIdentity,
} from './completion-mapping';
import type { ChatCompletionRequestDto } from './dto/chat-completion.dto';
import { openAiErrorBody, OpenAiRequestError, type OpenAiErrorBody } from './openai-error.filter';

/** A completion whose message the pipeline has accepted: its answer is followed on `trackId`. */
export interface StartedCompletion {
  trackId: string;
  identity: CompletionIdentity;
}

/** `GET /v1/models`. */
export interface ModelList {
  object: 'list';
  data: Model[];
}

/** Ends a streamed completion (OpenAI's last frame, not JSON). */
export const DONE = Symbol('[DONE]');

/** What an OpenAI response is made of, read off the answer's track. */
type AnswerPart =
  | { kind: 'text'; text: string }
  /** A worker died and another answers again from the start: the text so far is void. */
  | { kind: 'reset' }
  | { kind: 'end'; complete: StreamEventMap['complete'] }
  | { kind: 'failed'; error: OpenAiRequestError };

/**
 * The OpenAI chat completions API on top of the platform's pipeline: a request becomes one message
 * of a new `api` chat, sent as every channel sends one (SendMessageService: routing, planning,
 * generation slots), and its answer is read off the track as the SSE endpoint reads it.
 */
@Injectable()
export class ChatCompletionsService {
  private readonly logger = new Logger(ChatCompletionsService.name);

  constructor(
    private readonly sender: SendMessageService,
    private readonly streams: TrackStreamService,
    private readonly models: ModelSettingsService,
    private readonly prompts: TaskPromptsService,
  ) {}

  /** Chat models of the catalogue, then the caller's enabled task prompts as `topic:<topic>`. */
  async listModels(userId: string): Promise<ModelList> {
    const [models, prompts] = await Promise.all([this.models.listModels(), this.prompts.listEffective(userId)]);
    return {
      object: 'list',
      data: [
        // The catalogue does not record when a model appeared: 0 says "unknown".
        ...models.filter((model) => model.capabilities.includes(ModelCapability.Chat)).map((model): Model => ({ id: model.id, object: 'model', created: 0, owned_by: model.provider })),
        ...prompts
          .filter((prompt) => prompt.enabled)
          .map((prompt): Model => ({ id: `${TOPIC_MODEL_PREFIX}${prompt.topic}`, object: 'model', created: unixSeconds(prompt.updatedAt), owned_by: prompt.scope })),
      ],
    };
  }

  /**
   * Sends the request's message into a new chat. Refuses, before anything is stored, a model the
   * caller cannot use (404 `model_not_found`) and messages that do not make one message (400);
   * the generation slots refuse with 429.
   */
  async start(userId: string, dto: ChatCompletionRequestDto): Promise<StartedCompletion> {
    const message = composeMessage(dto.messages);
    const send: SendMessageDto = { message, ...(await this.pipelineChoice(userId, dto.model)) };
    const started = await this.sender.start(userId, send, 'api');
    return { trackId: started.trackId, identity: completionIdentity(started.messageId, dto.model) };
  }

  /** The whole answer once it is complete; undefined when `signal` aborted first (the client left). */
  async complete(started: StartedCompletion, signal: AbortSignal): Promise<ChatCompletion | undefined> {
    let text = '';
    for await (const part of this.answer(started.trackId, signal)) {
      if (part.kind === 'text') text += part.text;
      else if (part.kind === 'reset') text = '';
      else if (part.kind === 'failed') throw part.error;
      else return completionOf(started.identity, text, part.complete.usage);
    }
    return undefined;
  }

  /**
   * The answer as OpenAI streams it: a chunk with the role, one per piece of text, the last with
   * its finish reason, the usage chunk when asked for, then DONE. A failed answer ends with an
   * error object instead, which OpenAI's SDKs raise as an APIError; so does one started again
   * (`reset`) after some of its text went out, which OpenAI's format cannot take back (the whole
   * answer is in the chat once done).
   */
  async *chunks(started: StartedCompletion, includeUsage: boolean, signal: AbortSignal): AsyncGenerator<ChatCompletionChunk | OpenAiErrorBody | typeof DONE> {
    const { identity } = started;
    yield chunkOf(identity, { role: 'assistant', content: '' }, includeUsage);
    let sentText = false;
    for await (const part of this.answer(started.trackId, signal)) {
      if (part.kind === 'text') {
        sentText = true;
        yield chunkOf(identity, { content: part.text }, includeUsage);
      } else if (part.kind === 'reset') {
        if (!sentText) continue;
        const interrupted = answerFailed({ code: 'INTERRUPTED', message: 'The server answering stopped mid-way and the answer started again; its text so far cannot be taken back on this stream. Please ask again.' });
        yield openAiErrorBody(toErrorResponse(interrupted), interrupted.details);
        return;
      } else if (part.kind === 'failed') yield openAiErrorBody(toErrorResponse(part.error), part.error.details);
      else {
        yield chunkOf(identity, {}, includeUsage, true);
        if (includeUsage) yield usageChunkOf(identity, part.complete.usage);
        yield DONE;
      }
    }
  }

  /** Follows the track to its last event, or until `signal` aborts (which leaves the answer running, as the SSE endpoint does). */
  private async *answer(trackId: string, signal: AbortSignal): AsyncGenerator<AnswerPart> {
    try {
      for await (const event of this.streams.follow(trackId, undefined, signal)) {
        if (event.event === 'chunk') yield { kind: 'text', text: (event.data as StreamEventMap['chunk']).text };
        else if (event.event === 'reset') yield { kind: 'reset' };
        else if (event.event === 'complete') {
          yield { kind: 'end', complete: event.data as StreamEventMap['complete'] };
          return;
        } else if (event.event === 'error') {
          yield { kind: 'failed', error: answerFailed(event.data as StreamEventMap['error']) };
          return;
        }
      }
    } catch (error) {
      this.logger.error(error);
      yield { kind: 'failed', error: answerFailed({ code: ErrorCode.Internal, message: 'The answer could not be read. Please try again.' }) };
    }
  }

  /** `model` as SendMessageDto takes it: a chat model of the catalogue, or an enabled task prompt of the caller. */
  private async pipelineChoice(userId: string, model: string): Promise<Pick<SendMessageDto, 'modelId' | 'promptTopic'>> {
    const choice = parseModel(model);
    if (choice.kind === 'topic') {
      const prompt = await this.prompts.findForTopic(choice.topic, userId);
      if (!prompt?.enabled) throw modelNotFound(model);
      return { promptTopic: choice.topic };
    }
    const models = await this.models.listModels();
    if (!models.some((candidate) => candidate.id === choice.modelId && candidate.capabilities.includes(ModelCapability.Chat))) throw modelNotFound(model);
    return { modelId: choice.modelId };
  }
}

/**
 * A failure the pipeline reported (its code, and a message meant for the user): a server error
 * to OpenAI's clients, whatever caused it, under the pipeline's code (`provider_timeout`). OpenAI's
 * SDKs retry a 500 unless told not to: the pipeline already retried the model where that was
 * safe, and each retry of the request would be one more chat and answer.
 */
function answerFailed(error: StreamEventMap['error']): OpenAiRequestError {
  return new OpenAiRequestError(ErrorCode.Internal, error.message, { openAiCode: error.code.toLowerCase() }, { 'x-should-retry': 'false' });
}
