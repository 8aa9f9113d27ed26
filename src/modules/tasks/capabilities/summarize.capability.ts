import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import { CapabilityError, type NodeResult, type NodeRun, type TaskCapabilityHandler } from './capability';
import { languageName, TextGeneration } from './text-generation';

@Injectable()
export class SummarizeCapability implements TaskCapabilityHandler {
  readonly name = 'summarize';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const material = run.inputs.text.trim();
    if (!material) throw new CapabilityError('NO_INPUT', 'There is no text to summarize.');
    const length = typeof run.params.maxWords === 'number' ? `at most ${run.params.maxWords} words` : 'concise';
    return this.text.generate(run, ModelCapability.Summarize, [
      {
        role: 'system',
        content: `Summarize the text the user gives you: ${length}, faithful, keeping key facts, names and numbers. Write the summary in ${languageName(run.language)}. Answer with the summary only.`,
      },
      // The material on its own lines after a one-line heading: how every provider, the offline one
      // included, tells the material apart from the request.
      { role: 'user', content: `Text to summarize:\n${material}` },
    ]);
  }
}
