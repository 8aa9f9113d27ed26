import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import type { ChatMessage, ModelCapability, TokenUsage } from '../../ai/ai.types';
import type { NodeResult, NodeRun } from './capability';

/** Language names for instructions to models (ISO 639-1 → English name). */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** Names already looked up (ICU's lookup costs a tenth of a millisecond), for the codes classification yields. */
const NAME_CACHE = new Map<string, string>();
const MAX_CACHED_NAMES = 500;

export function languageName(code: string): string {
  if (!code) return "the user's language";
  let name = NAME_CACHE.get(code);
  if (name === undefined) {
    try {
      name = LANGUAGE_NAMES.of(code) ?? code;
    } catch {
      name = code;
    }
    if (NAME_CACHE.size < MAX_CACHED_NAMES) NAME_CACHE.set(code, name);
  }
  return name;
}

/**
 * Streams one model call for a text node: resolves the model for the capability (honouring the
 * user's pick), forwards every delta to the node's output and returns the whole text.
 */
@Injectable()
export class TextGeneration {
  constructor(private readonly ai: AiService) {}

  async generate(run: NodeRun, capability: ModelCapability, messages: ChatMessage[], maxTokens?: number): Promise<NodeResult> {
    const model = await this.ai.resolve(capability, { userId: run.userId, modelId: run.modelId });
    let text = '';
    let usage: TokenUsage | undefined;
    for await (const event of this.ai.streamChat(model, { messages, maxTokens, signal: run.signal })) {
      if (event.type === 'delta') {
        text += event.text;
        run.emitText(event.text);
      } else {
        usage = event.usage;
      }
    }
    return { text, model, usage };
  }
}

/** The conversation as a model should see it: summary of older turns, then the recent ones. */
export function conversation(run: NodeRun): ChatMessage[] {
  const summary: ChatMessage[] = run.summary ? [{ role: 'system', content: `Summary of the earlier conversation:\n${run.summary}` }] : [];
  return [...summary, ...run.history];
}

const MATERIAL_INSTRUCTIONS =
  'Use the material below where it helps to answer the request; where it numbers its sources ([1], [2] …), cite the ones you use by those numbers.';

/**
 * A chat-like node's system message with what the turn knows: the user's feedback on similar
 * answers as guidance, and as material (in <context>, where readers that quote material, like the
 * offline provider's extractive answer, find it) the results of earlier steps, passages retrieved
 * for the request and facts remembered about the user.
 */
export function withKnowledge(system: string, run: NodeRun, stepResults = ''): string {
  const material = [stepResults, run.knowledge.material].filter(Boolean).join('\n\n');
  const guidance = run.knowledge.guidance ? `\n\n${run.knowledge.guidance}` : '';
  return `${system}${guidance}${material ? `\n\n${MATERIAL_INSTRUCTIONS}\n<context>\n${material}\n</context>` : ''}`;
}
