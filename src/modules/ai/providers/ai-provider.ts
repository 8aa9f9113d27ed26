import type { ChatRequest, GeneratedMedia, MediaInput, ProviderStreamEvent } from '../ai.types';

/** What an adapter receives: the request without its signal (the caller's policy owns that). */
export type ProviderChatRequest = Omit<ChatRequest, 'signal'>;

/**
 * One AI backend (OpenAI-compatible server, Anthropic, the offline provider …). Adapters only
 * translate: timeouts, retries and cancellation policy live in AiService, which hands every call
 * an AbortSignal that fires on cancel or timeout. Errors are thrown as AiProviderError.
 * Optional methods are capabilities the backend may not have; AiService reports them as
 * CAPABILITY_UNSUPPORTED when missing.
 */
export interface AiProvider {
  /** Provider id, the prefix of its catalogue ids (`openai`, `offline` …). */
  readonly id: string;

  /**
   * Streams answer deltas (reasoning deltas before or among them, where the model exposes its
   * reasoning), then (when the backend reports them) why it finished and one usage event.
   */
  streamChat(model: string, request: ProviderChatRequest, signal: AbortSignal): AsyncIterable<ProviderStreamEvent>;

  /** One vector per text, in order. */
  embed(model: string, texts: string[], signal: AbortSignal): Promise<number[][]>;

  generateImage?(model: string, prompt: string, signal: AbortSignal): Promise<GeneratedMedia>;

  synthesizeSpeech?(model: string, text: string, options: { language?: string }, signal: AbortSignal): Promise<GeneratedMedia>;

  transcribe?(model: string, audio: MediaInput, options: { language?: string }, signal: AbortSignal): Promise<string>;

  /** Vision: answers `prompt` about the image. */
  describeImage?(model: string, image: MediaInput, prompt: string, signal: AbortSignal): Promise<string>;
}
