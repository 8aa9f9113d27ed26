import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { ErrorCode } from '../../common/errors/error-code';
import type { TokenUsage } from '../ai/ai.types';
import { MAX_MESSAGE_LENGTH } from '../chat/dto/stream.dto';
import { TOPIC_PATTERN } from '../routing/dto/task-prompt.dto';
import { contentText, type ChatCompletionMessageDto, type CompletionRole } from './dto/chat-completion.dto';
import { OpenAiRequestError } from './openai-error.filter';

/** `model` names a task prompt with this prefix (`topic:translation`), else a catalogue model. */
export const TOPIC_MODEL_PREFIX = 'topic:';

/** What a request's `model` asks the pipeline for: a catalogue model, or a task prompt's topic. */
export type ModelChoice = { kind: 'catalogue'; modelId: string } | { kind: 'topic'; topic: string };

export function parseModel(model: string): ModelChoice {
  if (!model.startsWith(TOPIC_MODEL_PREFIX)) return { kind: 'catalogue', modelId: model };
  const topic = model.slice(TOPIC_MODEL_PREFIX.length);
  if (!TOPIC_PATTERN.test(topic)) throw modelNotFound(model);
  return { kind: 'topic', topic };
}

export function modelNotFound(model: string): OpenAiRequestError {
  return new OpenAiRequestError(ErrorCode.NotFound, `The model "${model}" does not exist or you do not have access to it (see GET /v1/models).`, {
    param: 'model',
    openAiCode: 'model_not_found',
  });
}

const ROLE_LABELS: Record<CompletionRole, string> = { system: 'System', developer: 'Developer', user: 'User', assistant: 'Assistant' };
const CONTEXT_HEADING = 'Earlier in this conversation (context for the message above, oldest first):';

/**
 * The one message the platform answers: the last message, which must be the user's. A stateless
 * OpenAI call starts a new chat, so the request's earlier messages (system instructions included)
 * follow it as labelled context; they come after the question so that the chat's title and the
 * start of the stored message are the question itself. All of it must fit one message.
 */
export function composeMessage(messages: readonly ChatCompletionMessageDto[]): string {
  const last = messages.at(-1);
  if (last?.role !== 'user') {
    throw invalidMessages('The last message must be from the user: it is the message Switchboard answers.');
  }
  const question = textOf(last);
  if (question.trim() === '') throw invalidMessages('The last user message is empty.');
  const earlier = messages.slice(0, -1).map((message) => `${ROLE_LABELS[message.role]}: ${textOf(message)}`);
  const text = earlier.length === 0 ? question : `${question}\n\n${CONTEXT_HEADING}\n${earlier.join('\n')}`;
  if (text.length > MAX_MESSAGE_LENGTH) {
    throw invalidMessages(`The messages come to ${text.length} characters with their labels; at most ${MAX_MESSAGE_LENGTH} fit one request.`);
  }
  return text;
}

/** Validation already refused content that has no text (ChatCompletionRequestDto). */
function textOf(message: ChatCompletionMessageDto): string {
  return contentText(message.content) ?? '';
}

function invalidMessages(message: string): OpenAiRequestError {
  return new OpenAiRequestError(ErrorCode.ValidationFailed, message, { param: 'messages' });
}

/** What every object of one completion shares: its id is the answer's message id (`GET /api/v1/messages/:id`). */
export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

export function completionIdentity(messageId: string, model: string, now = new Date()): CompletionIdentity {
  return { id: `chatcmpl-${messageId}`, created: unixSeconds(now), model };
}

/** OpenAI's timestamps (`created`) are Unix seconds. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Zero when the answer's model reported no usage (not every provider does). */
export function usageOf(usage: TokenUsage | undefined): CompletionUsage {
  const prompt = usage?.promptTokens ?? 0;
  const completion = usage?.completionTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * The non-streamed completion. Its finish_reason, like a streamed one's, is always "stop": the
 * pipeline ends an answer when it is done or when the user stops it, and has no token limit that
 * could cut one short ("length").
 */
export function completionOf(identity: CompletionIdentity, text: string, usage: TokenUsage | undefined): ChatCompletion {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: usageOf(usage),
  };
}

/**
 * One chunk of a streamed completion: a delta, or (`finish`) the last one with choices. With
 * `include_usage`, OpenAI sends `usage: null` on every chunk but the usage chunk.
 */
export function chunkOf(
  identity: CompletionIdentity,
  delta: ChatCompletionChunk.Choice.Delta,
  includeUsage: boolean,
  finish = false,
): ChatCompletionChunk {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish ? 'stop' : null, logprobs: null }],
    ...(includeUsage ? { usage: null } : {}),
  };
}

/** The usage chunk of `stream_options.include_usage`: no choices, after the last one that has them. */
export function usageChunkOf(identity: CompletionIdentity, usage: TokenUsage | undefined): ChatCompletionChunk {
  return { ...identity, object: 'chat.completion.chunk', choices: [], usage: usageOf(usage) };
}
