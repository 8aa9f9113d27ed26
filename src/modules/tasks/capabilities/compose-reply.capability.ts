import { Injectable } from '@nestjs/common';
import { AiService } from '../../ai/ai.service';
import { ModelCapability } from '../../ai/ai.types';
import { offlineTexts } from '../../ai/offline/offline-texts';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from './capability';
import { DEFAULT_ASSISTANT_PROMPT } from './chat.capability';
import { conversation, languageName, TextGeneration, withKnowledge } from './text-generation';

/**
 * Writes the final answer to the user from the results of the steps before it. Without a model
 * (the offline provider) there is nothing to write it with: the answer is the steps' results
 * themselves, each as it came, and the names of the files; quoting the prompt that frames them
 * would show the user its labels ("### request") instead of an answer.
 */
@Injectable()
export class ComposeReplyCapability implements TaskCapabilityHandler {
  readonly name = 'compose_reply';
  readonly kind = 'text';

  constructor(
    private readonly text: TextGeneration,
    private readonly ai: AiService,
  ) {}

  async run(run: NodeRun): Promise<NodeResult> {
    const model = await this.ai.resolve(ModelCapability.Chat, { userId: run.userId, modelId: run.modelId });
    if (model.offline) {
      const text = offlineReply(run);
      run.emitText(text);
      return { text, model };
    }
    const results = Object.entries(run.inputs.values)
      .map(([name, value]) => `### ${name}\n${value}`)
      .join('\n\n');
    const files = run.inputs.files.map((file) => `- ${file.name} (${file.mime})`).join('\n');
    return this.text.generate(run, ModelCapability.Chat, [
      {
        role: 'system',
        content: withKnowledge(
          `${run.taskPrompt ?? DEFAULT_ASSISTANT_PROMPT}\n\nThe request below was carried out in steps. Using their results, ` +
            `write the final answer to the user in ${languageName(run.language)}. Present the results (quote translations and summaries in full); ` +
            'generated files are attached to your answer automatically: mention them by name, never invent links.',
          run,
        ),
      },
      ...conversation(run),
      {
        role: 'user',
        // The request on its label's line: readers that take the first line as the question (the
        // offline provider's extractive answer) then read the request itself, not the bare label.
        content: `Request: ${run.request}\n\nResults of the steps:\n${results || '(none)'}${files ? `\n\nAttached files:\n${files}` : ''}`,
      },
    ]);
  }
}

/** The steps' results as they are (the user's own request left out), then the files by name. */
function offlineReply(run: NodeRun): string {
  const request = run.request.trim();
  const results = Object.values(run.inputs.values)
    .map((value) => value.trim())
    .filter((value) => value !== '' && value !== request);
  const texts = offlineTexts(run.language);
  const files = run.inputs.files.length > 0 ? [`${texts.attached} ${run.inputs.files.map((file) => file.name).join(', ')}`] : [];
  const parts = [...results, ...files];
  return parts.length > 0 ? parts.join('\n\n') : texts.noMaterial;
}
