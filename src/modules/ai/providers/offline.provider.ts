import { AiErrorCode, AiProviderError } from '../ai-provider.error';
import type { ChatStreamEvent, GeneratedMedia } from '../ai.types';
import { extractiveAnswer } from '../offline/extractive-answer';
import { localEmbedding } from '../offline/local-embedding';
import type { AiProvider, ProviderChatRequest } from './ai-provider';

export const OFFLINE_PROVIDER_ID = 'offline';

/**
 * The built-in provider that works with nothing configured. It is model-free and says
 * so: answers are quotes from the supplied material under an "offline mode" preface, embeddings
 * are hashed features. It never imitates a model: JSON requests (sorter, planner) and media are
 * refused as unsupported, and callers that key on `ResolvedModel.offline` use their heuristics.
 */
export class OfflineProvider implements AiProvider {
  readonly id = OFFLINE_PROVIDER_ID;

  // eslint-disable-next-line @typescript-eslint/require-await -- an async generator by contract
  async *streamChat(_model: string, request: ProviderChatRequest, signal: AbortSignal): AsyncIterable<ChatStreamEvent> {
    if (request.json) {
      throw new AiProviderError(
        AiErrorCode.Unsupported,
        'The offline provider cannot produce JSON (sorting, planning); use the offline heuristics or bind an AI model.',
      );
    }
    const answer = extractiveAnswer(request.messages);
    // Word by word (each with the whitespace after it), like a model would stream, so clients
    // render it the same way. The answer starts with its preface, never with whitespace.
    for (const word of answer.text.match(/\S+\s*/g) ?? []) {
      if (signal.aborted) throw new AiProviderError(AiErrorCode.Cancelled, 'The offline answer was cancelled.');
      yield { type: 'delta', text: word };
    }
    yield {
      type: 'usage',
      usage: { promptTokens: countTokens(request.messages.map((m) => m.content).join(' ')), completionTokens: countTokens(answer.text) },
    };
  }

  embed(_model: string, texts: string[], _signal?: AbortSignal): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => localEmbedding(text)));
  }

  generateImage(): Promise<GeneratedMedia> {
    return Promise.reject(unsupported('image generation (TEXT2PIC)'));
  }

  synthesizeSpeech(): Promise<GeneratedMedia> {
    return Promise.reject(unsupported('speech synthesis (TEXT2SOUND)'));
  }

  transcribe(): Promise<string> {
    return Promise.reject(unsupported('transcription (SOUND2TEXT)'));
  }

  describeImage(): Promise<string> {
    return Promise.reject(unsupported('image description (PIC2TEXT)'));
  }
}

function unsupported(what: string): AiProviderError {
  return new AiProviderError(AiErrorCode.Unsupported, `The offline provider has no AI model and cannot do ${what}; an administrator can connect a provider under Settings → Models.`);
}

/** Offline usage is counted in whitespace-separated tokens. */
function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
