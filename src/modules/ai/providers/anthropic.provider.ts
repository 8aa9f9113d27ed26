import Anthropic from '@anthropic-ai/sdk';
import type { Base64ImageSource, MessageParam, ThinkingConfigEnabled } from '@anthropic-ai/sdk/resources/messages';
import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import type { FinishReason, MediaInput, ProviderStreamEvent, TokenUsage } from '../ai.types';
import type { AiProvider, ProviderChatRequest } from './ai-provider';
import { toAiProviderError } from './provider-errors';

export interface AnthropicOptions {
  apiKey: string;
  /** Anthropic's API when undefined. */
  baseUrl: string | undefined;
  timeoutMs: number;
  /** Extended thinking's budget in tokens for answers (not JSON calls); 0 or absent: off. */
  thinkingBudget?: number;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** Anthropic requires max_tokens on every request. */
const DEFAULT_MAX_TOKENS = 4096;
const JSON_INSTRUCTION = 'Answer with a single JSON object and nothing else: no prose, no code fences.';
const VISION_MIMES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Claude through `@anthropic-ai/sdk`: chat (streamed) and vision; no embeddings or media generation. */
export class AnthropicProvider implements AiProvider {
  readonly id = 'anthropic';
  private readonly client: Anthropic;
  private readonly thinkingBudget: number;

  constructor(options: AnthropicOptions) {
    this.thinkingBudget = options.thinkingBudget ?? 0;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      // Explicit so the SDK never falls back to process.env or credential files.
      authToken: null,
      baseURL: options.baseUrl ?? DEFAULT_BASE_URL,
      maxRetries: 0,
      timeout: options.timeoutMs,
      logLevel: 'off',
    });
  }

  async *streamChat(model: string, request: ProviderChatRequest, signal: AbortSignal): AsyncIterable<ProviderStreamEvent> {
    const { system, messages } = toAnthropicMessages(request);
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
    let sawUsage = false;
    let finish: FinishReason | undefined;
    try {
      const stream = await this.client.messages.create({ model, messages, stream: true, ...(system ? { system } : {}), ...this.generation(request) }, { signal });
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            usage.promptTokens = event.message.usage.input_tokens;
            usage.completionTokens = event.message.usage.output_tokens;
            sawUsage = true;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'delta', text: event.delta.text };
            else if (event.delta.type === 'thinking_delta' && event.delta.thinking) yield { type: 'thinking', text: event.delta.thinking };
            break;
          case 'message_delta':
            // Counts in message_delta are cumulative.
            if (event.usage.input_tokens !== null && event.usage.input_tokens !== undefined) usage.promptTokens = event.usage.input_tokens;
            usage.completionTokens = event.usage.output_tokens;
            sawUsage = true;
            if (event.delta.stop_reason) finish = event.delta.stop_reason === 'max_tokens' ? 'length' : 'stop';
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw toAiProviderError(error, 'Anthropic');
    }
    if (signal.aborted) throw new AiProviderError(AiErrorCode.Cancelled, 'The Anthropic request was cancelled.');
    if (finish) yield { type: 'finish', reason: finish };
    if (sawUsage) yield { type: 'usage', usage };
  }

  /**
   * Output limits and sampling. With extended thinking on, an answer (not a JSON call: the sorter
   * and planner want their object at once) reasons within the budget first; the budget comes on
   * top of the answer's own limit, since max_tokens must exceed it, and thinking allows no
   * temperature of its own.
   */
  private generation(request: ProviderChatRequest): { max_tokens: number; temperature?: number; thinking?: ThinkingConfigEnabled } {
    const maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
    if (this.thinkingBudget > 0 && !request.json) {
      return { max_tokens: maxTokens + this.thinkingBudget, thinking: { type: 'enabled', budget_tokens: this.thinkingBudget } };
    }
    return { max_tokens: maxTokens, ...(request.temperature !== undefined ? { temperature: request.temperature } : {}) };
  }

  embed(): Promise<number[][]> {
    return Promise.reject(new AiProviderError(AiErrorCode.Unsupported, 'Anthropic offers no embeddings (VECTORIZE); bind another model.'));
  }

  async describeImage(model: string, image: MediaInput, prompt: string, signal: AbortSignal): Promise<string> {
    if (!VISION_MIMES.has(image.mime)) {
      throw new AiProviderError(AiErrorCode.Unsupported, `Anthropic cannot read ${image.mime} images (PIC2TEXT takes JPEG, PNG, GIF or WebP).`);
    }
    const source: Base64ImageSource = {
      type: 'base64',
      media_type: image.mime as Base64ImageSource['media_type'],
      data: image.data.toString('base64'),
    };
    try {
      const message = await this.client.messages.create(
        {
          model,
          max_tokens: DEFAULT_MAX_TOKENS,
          messages: [{ role: 'user', content: [{ type: 'image', source }, { type: 'text', text: prompt }] }],
        },
        { signal },
      );
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    } catch (error) {
      throw toAiProviderError(error, 'Anthropic');
    }
  }
}

/**
 * System messages go to the top-level `system`; the rest must alternate user/assistant and open
 * with a user turn, so neighbours with the same role are merged.
 */
export function toAnthropicMessages(request: ProviderChatRequest): { system: string; messages: MessageParam[] } {
  const systemParts = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  if (request.json) systemParts.push(JSON_INSTRUCTION);
  const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  for (const message of request.messages) {
    if (message.role === 'system') continue;
    const last = messages.at(-1);
    if (last?.role === message.role) last.content += `\n\n${message.content}`;
    else messages.push({ role: message.role, content: message.content });
  }
  if (messages[0]?.role !== 'user') messages.unshift({ role: 'user', content: '(continue)' });
  return { system: systemParts.join('\n\n'), messages };
}
