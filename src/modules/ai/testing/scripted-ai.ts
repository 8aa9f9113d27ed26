import type { AiService } from '../ai.service';
import type { ChatCompletion, ChatRequest, ModelCapability, ResolvedModel } from '../ai.types';

/**
 * For unit specs of code that classifies or plans through AiService: resolves to one scripted
 * model (or error), answers `complete` with one scripted text (or error), and records the calls.
 */
export class ScriptedAi implements Pick<AiService, 'resolve' | 'complete' | 'detectLanguage'> {
  answer: string | Error = '';
  readonly resolved: Array<{ capability: ModelCapability; modelId?: string | null }> = [];
  readonly requests: ChatRequest[] = [];

  constructor(public model: ResolvedModel | Error) {}

  resolve(capability: ModelCapability, options: { userId?: string; modelId?: string | null } = {}): Promise<ResolvedModel> {
    this.resolved.push({ capability, modelId: options.modelId });
    return this.model instanceof Error ? Promise.reject(this.model) : Promise.resolve(this.model);
  }

  complete(_model: ResolvedModel, request: ChatRequest): Promise<ChatCompletion> {
    this.requests.push(request);
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve({ text: this.answer });
  }

  /** German when the text has umlauts or ß, English otherwise: enough to tell the paths apart. */
  detectLanguage(text: string): string {
    return /[äöüß]/i.test(text) ? 'de' : 'en';
  }
}
