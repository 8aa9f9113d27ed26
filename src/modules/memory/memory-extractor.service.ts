import { Injectable, Logger } from '@nestjs/common';
import { AiErrorCode, AiProviderError } from '../ai/ai-provider.error';
import { AiService } from '../ai/ai.service';
import { ModelCapability } from '../ai/ai.types';
import { extractHeuristically, MAX_EXTRACTION_INPUT_CHARS } from './extraction/heuristic-extractor';
import { parseMemoryActions, type KnownMemory, type MemoryAction } from './memory-actions';
import { MEMORY_CATEGORIES } from './memory.entity';

/** A model answering one message's facts needs seconds, not minutes; past this the job tries again. */
const MODEL_TIMEOUT_MS = 60_000;
/** The memories shown to the model so it can update and delete them: the newest, at most this many. */
const MAX_KNOWN_IN_PROMPT = 200;

export const MEMORY_EXTRACTION_PROMPT = `You maintain a list of facts about a user, from what the user says about themselves.
You get JSON: "memories" (the facts known so far, each with its id) and "message" (one message the user just wrote).
Answer with one JSON object and nothing else: {"actions": [...]}, each action one of
  {"op": "create", "category": C, "key": K, "value": V}
  {"op": "update", "id": ID, "category": C, "key": K, "value": V}
  {"op": "delete", "id": ID}
C is one of ${MEMORY_CATEGORIES.join(', ')}. K is a short label in English ("name", "lives in", "job", "employer", "diet", "allergies", "languages", "wife", or the thing liked or disliked); V is the fact, at most a sentence.
Rules:
- Only facts the user states about themselves in this message, as true now: never questions ("where do I live?"), hypotheticals ("if I lived in Rome"), wishes, requests, or facts about other people's lives.
- A fact that changes one already known is an "update" of that memory's id, never a second memory; "I no longer…" deletes or updates it; "forget …" deletes what it names.
- Nothing to record: {"actions": []}.`;

/**
 * Proposes changes to a user's memories from one of their messages (never an assistant's): the
 * MEM model when a real one is bound, otherwise the multilingual heuristics. Never throws for a
 * model's bad answer (it is ignored); provider failures throw, so the job retries.
 */
@Injectable()
export class MemoryExtractor {
  private readonly logger = new Logger(MemoryExtractor.name);

  constructor(private readonly ai: AiService) {}

  async propose(userId: string, message: string, known: readonly KnownMemory[], signal?: AbortSignal): Promise<MemoryAction[]> {
    const text = message.slice(0, MAX_EXTRACTION_INPUT_CHARS);
    if (!text.trim()) return [];
    const model = await this.ai.resolve(ModelCapability.Mem, { userId }).catch((error: unknown) => {
      // No model for MEM at all (the offline provider switched off too): the heuristics still work.
      if (error instanceof AiProviderError && error.code === AiErrorCode.NoModel) return null;
      throw error;
    });
    if (!model || model.offline) return extractHeuristically(text, known);
    const shown = known.slice(0, MAX_KNOWN_IN_PROMPT);
    const completion = await this.ai.complete(model, {
      messages: [
        { role: 'system', content: MEMORY_EXTRACTION_PROMPT },
        { role: 'user', content: JSON.stringify({ memories: shown.map(({ id, category, key, value }) => ({ id, category, key, value })), message: text }) },
      ],
      json: true,
      temperature: 0,
      maxTokens: 800,
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(MODEL_TIMEOUT_MS)]) : AbortSignal.timeout(MODEL_TIMEOUT_MS),
    });
    const parsed = parseMemoryActions(completion.text, new Set(shown.map((memory) => memory.id)));
    if (parsed.error || parsed.ignored > 0) {
      this.logger.warn(`memory extraction with ${model.label}: ${parsed.error ?? `${parsed.ignored} invalid proposal(s) ignored`}`);
    }
    return parsed.actions;
  }
}
