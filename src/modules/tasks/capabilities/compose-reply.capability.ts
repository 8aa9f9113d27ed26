import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from './capability';
import { DEFAULT_ASSISTANT_PROMPT } from './chat.capability';
import { conversation, languageName, TextGeneration, withKnowledge } from './text-generation';

/** Writes the final answer to the user from the results of the steps before it. */
@Injectable()
export class ComposeReplyCapability implements TaskCapabilityHandler {
  readonly name = 'compose_reply';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  run(run: NodeRun): Promise<NodeResult> {
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
