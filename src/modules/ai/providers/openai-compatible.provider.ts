import OpenAI, { toFile } from 'openai';
import type { ChatCompletionChunk, ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import type { FinishReason, GeneratedMedia, MediaInput, ProviderStreamEvent, TokenUsage } from '../ai.types';
import type { AiProvider, ProviderChatRequest } from './ai-provider';
import { sniffMedia } from './media-type';
import { EventStreamClient } from './event-stream-client';
import { fromStreamError, toAiProviderError } from './provider-errors';

export interface OpenAiCompatibleOptions {
  /** Provider id: `openai`, `ollama` … */
  id: string;
  /** Shown in error messages: `OpenAI`, `Ollama` … */
  displayName: string;
  baseUrl: string;
  /** Servers such as Ollama need none; the SDK still wants a value. */
  apiKey: string | undefined;
  /** Backstop for the HTTP client; AiService enforces the real per-call deadlines. */
  timeoutMs: number;
}

const JSON_INSTRUCTION = 'Answer with a single JSON object and nothing else.';

/**
 * Any server speaking OpenAI's HTTP API (OpenAI, Ollama's /v1, vLLM, LM Studio, Groq …) at its
 * base URL: streamed chat over EventStreamClient, everything else through the official SDK. No
 * retries here (the SDK's are off): AiService retries, and only while no output has been produced.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  readonly id: string;
  /** Everything but chat: embeddings, images, speech, transcription, image descriptions. */
  private readonly client: OpenAI;
  /** Streamed chat, the hot path: every answer's tokens, and the sorter's call before them. */
  private readonly chatStream: EventStreamClient;
  private readonly name: string;

  constructor(options: OpenAiCompatibleOptions) {
    this.id = options.id;
    this.name = options.displayName;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'none',
      baseURL: options.baseUrl,
      // Passed explicitly so the SDK never falls back to process.env.
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: options.timeoutMs,
      logLevel: 'off',
    });
    this.chatStream = new EventStreamClient({
      baseUrl: options.baseUrl,
      headers: { authorization: `Bearer ${options.apiKey ?? 'none'}` },
      timeoutMs: options.timeoutMs,
      provider: options.displayName,
    });
  }

  async *streamChat(model: string, request: ProviderChatRequest, signal: AbortSignal): AsyncIterable<ProviderStreamEvent> {
    let usage: TokenUsage | undefined;
    let finish: FinishReason | undefined;
    const body = {
      model,
      messages: toOpenAiMessages(request),
      stream: true,
      stream_options: { include_usage: true },
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
    };
    try {
      for await (const event of this.chatStream.post('/chat/completions', body, signal)) {
        // `[DONE]` ends the answer; the response ends right after it, and is read to its end so
        // its connection can serve the next request.
        if (event.data.startsWith('[DONE]')) continue;
        const chunk = JSON.parse(event.data) as Partial<ChatCompletionChunk> & { error?: { message?: unknown } };
        if (event.event === 'error' || chunk.error) {
          const message = typeof chunk.error?.message === 'string' ? chunk.error.message : event.data.slice(0, 300);
          throw fromStreamError(this.name, chunk.error ?? chunk, message);
        }
        const choice = chunk.choices?.[0];
        const reasoning = choice && reasoningOf(choice.delta);
        if (reasoning) yield { type: 'thinking', text: reasoning };
        const text = choice?.delta?.content;
        if (text) yield { type: 'delta', text };
        if (choice?.finish_reason) finish = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
    } catch (error) {
      // Aborting closes the socket under the response: whatever that threw, the call was cancelled.
      if (signal.aborted) throw cancelled(this.name);
      throw toAiProviderError(error, this.name);
    }
    // A stream cut off by the abort may also just end; an answer cut short must not pass as complete.
    if (signal.aborted) throw cancelled(this.name);
    if (finish) yield { type: 'finish', reason: finish };
    if (usage) yield { type: 'usage', usage };
  }

  async embed(model: string, texts: string[], signal: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    try {
      const response = await this.client.embeddings.create({ model, input: texts, encoding_format: 'float' }, { signal });
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
      if (vectors.length !== texts.length) {
        throw new AiProviderError(AiErrorCode.BadResponse, `${this.name} returned ${vectors.length} embeddings for ${texts.length} texts.`);
      }
      return vectors;
    } catch (error) {
      throw toAiProviderError(error, this.name);
    }
  }

  async generateImage(model: string, prompt: string, signal: AbortSignal): Promise<GeneratedMedia> {
    try {
      // GPT image models always answer base64 and refuse the parameter; DALL·E needs it.
      const format = model.startsWith('gpt-image') ? {} : { response_format: 'b64_json' as const };
      const response = await this.client.images.generate({ model, prompt, n: 1, ...format }, { signal });
      const b64 = response.data?.[0]?.b64_json;
      if (!b64) throw new AiProviderError(AiErrorCode.BadResponse, `${this.name} returned no image data.`);
      return sniffMedia(Buffer.from(b64, 'base64'), { mime: 'image/png', extension: 'png' });
    } catch (error) {
      throw toAiProviderError(error, this.name);
    }
  }

  async synthesizeSpeech(model: string, text: string, options: { language?: string }, signal: AbortSignal): Promise<GeneratedMedia> {
    try {
      // Only the gpt-4o TTS family takes instructions; older models reject unknown fields.
      const instructions = options.language && model.includes('gpt-4o') ? { instructions: `Speak in the language with ISO code "${options.language}".` } : {};
      const response = await this.client.audio.speech.create({ model, input: text, voice: 'alloy', response_format: 'mp3', ...instructions }, { signal });
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length === 0) throw new AiProviderError(AiErrorCode.BadResponse, `${this.name} returned empty audio.`);
      return sniffMedia(data, { mime: 'audio/mpeg', extension: 'mp3' });
    } catch (error) {
      throw toAiProviderError(error, this.name);
    }
  }

  async transcribe(model: string, audio: MediaInput, options: { language?: string }, signal: AbortSignal): Promise<string> {
    try {
      const file = await toFile(audio.data, audio.fileName ?? `audio.${audio.mime.split('/')[1] ?? 'bin'}`, { type: audio.mime });
      const response = await this.client.audio.transcriptions.create(
        { model, file, ...(options.language ? { language: options.language } : {}) },
        { signal },
      );
      return response.text;
    } catch (error) {
      throw toAiProviderError(error, this.name);
    }
  }

  async describeImage(model: string, image: MediaInput, prompt: string, signal: AbortSignal): Promise<string> {
    const content: ChatCompletionContentPart[] = [
      { type: 'text', text: prompt },
      { type: 'image_url', image_url: { url: `data:${image.mime};base64,${image.data.toString('base64')}` } },
    ];
    try {
      const response = await this.client.chat.completions.create({ model, messages: [{ role: 'user', content }] }, { signal });
      return response.choices[0]?.message?.content ?? '';
    } catch (error) {
      throw toAiProviderError(error, this.name);
    }
  }
}

function toOpenAiMessages(request: ProviderChatRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
  // OpenAI refuses json_object mode unless a message mentions JSON.
  if (request.json && !request.messages.some((m) => /json/i.test(m.content))) {
    messages.unshift({ role: 'system', content: JSON_INSTRUCTION });
  }
  return messages;
}

/**
 * The reasoning in a streamed delta, where the server exposes it: `reasoning_content` (DeepSeek,
 * vLLM, LM Studio, llama.cpp) or `reasoning` (Ollama, OpenRouter). Neither is in OpenAI's types.
 */
function reasoningOf(delta: object | undefined): string | undefined {
  const fields = delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined;
  const text = fields?.reasoning_content ?? fields?.reasoning;
  return typeof text === 'string' && text ? text : undefined;
}

function cancelled(provider: string): AiProviderError {
  return new AiProviderError(AiErrorCode.Cancelled, `The request to ${provider} was cancelled.`);
}
