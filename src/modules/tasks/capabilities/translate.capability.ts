import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { offlineTexts } from '../../ai/offline/offline-texts';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { languageName, TextGeneration } from './text-generation';

/** The target language, from `params` (`targetLanguage`, `to`, `language`) or a literal input. */
function targetLanguage(run: NodeRun): string | undefined {
  for (const candidate of [run.params.targetLanguage, run.params.to, run.params.language, run.inputs.values.targetLanguage]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  return undefined;
}

/**
 * Translates with the chat model. The offline provider has none: quoting the text back would
 * pass it off as a translation, so the step says, in the user's language, that it needs a model.
 */
@Injectable()
export class TranslateCapability implements TaskCapabilityHandler {
  readonly name = 'translate';
  readonly kind = 'text';

  constructor(
    private readonly text: TextGeneration,
    private readonly ai: AiService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const target = targetLanguage(run);
    if (!target) throw new CapabilityError('NO_TARGET_LANGUAGE', 'The plan did not say which language to translate into.');
    const material = (run.inputs.values.text ?? run.inputs.text).trim();
    if (!material) throw new CapabilityError('NO_INPUT', 'There is no text to translate.');
    const model = await this.ai.resolve(ModelCapability.Chat, { userId: run.userId, modelId: run.modelId });
    if (model.offline) {
      const text = offlineTexts(run.language).translationNeedsModel;
      run.emitText(text);
      return { text, model };
    }
    const name = /^[a-z]{2}$/i.test(target) ? languageName(target.toLowerCase()) : target;
    return this.text.generate(run, ModelCapability.Chat, [
      {
        role: 'system',
        content: `Translate the text the user gives you into ${name}. Keep meaning, tone and formatting (Markdown). Answer with the translation only.`,
      },
      { role: 'user', content: `Text to translate:\n${material}` },
    ]);
  }
}
