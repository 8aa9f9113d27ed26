import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from './capability';
import { conversation, languageName, TextGeneration } from './text-generation';

export const DEFAULT_ASSISTANT_PROMPT =
  'You are Switchboard, a helpful, precise assistant. Answer in the language of the user unless asked otherwise. ' +
  'Use Markdown for structure (lists, tables, code blocks) when it helps.';

/** A conversational answer to the node's input, with the chat's context and the routed task prompt. */
@Injectable()
export class ChatCapability implements TaskCapabilityHandler {
  readonly name = 'chat';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  run(run: NodeRun): Promise<NodeResult> {
    const system = `${run.taskPrompt ?? DEFAULT_ASSISTANT_PROMPT}\n\nReply in ${languageName(run.language)}.`;
    return this.text.generate(run, ModelCapability.Chat, [
      { role: 'system', content: system },
      ...conversation(run),
      { role: 'user', content: run.inputs.text || run.request },
    ]);
  }
}
