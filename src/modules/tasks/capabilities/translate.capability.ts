import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { languageName, TextGeneration } from './text-generation';

/** The target language, from `params` (`targetLanguage`, `to`, `language`) or a literal input. */
function targetLanguage(run: NodeRun): string | undefined {
  for (const candidate of [run.params.targetLanguage, run.params.to, run.params.language, run.inputs.values.targetLanguage]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  return undefined;
}

@Injectable()
export class TranslateCapability implements TaskCapabilityHandler {
  readonly name = 'translate';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const target = targetLanguage(run);
    if (!target) throw new CapabilityError('NO_TARGET_LANGUAGE', 'The plan did not say which language to translate into.');
    const material = (run.inputs.values.text ?? run.inputs.text).trim();
    if (!material) throw new CapabilityError('NO_INPUT', 'There is no text to translate.');
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
