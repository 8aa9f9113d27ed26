import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from './capability';
import { conversation, languageName, TextGeneration, withKnowledge } from './text-generation';

export const DEFAULT_ASSISTANT_PROMPT =
  'You are Switchboard, a helpful, precise assistant. Answer in the language of the user unless asked otherwise. ' +
  'Use Markdown for structure (lists, tables, code blocks) when it helps.';

/** A conversational answer to the node's input, with the chat's context and the routed task prompt. */
@Injectable()
export class ChatCapability implements TaskCapabilityHandler {
  readonly name = 'chat';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  /**
   * After other steps (a web search, a fetched page), their results are material to answer the
   * request from, not the request: they go into the system message as context, with what the turn
   * retrieved and remembers, and the user's request stays the question. Readers that look for
   * material in context (the offline provider's extractive answer) find it there however short it is.
   */
  run(run: NodeRun): Promise<NodeResult> {
    const system = `${run.taskPrompt ?? DEFAULT_ASSISTANT_PROMPT}\n\nReply in ${languageName(run.language)}.`;
    const stepResults = run.inputs.fromSteps ? run.inputs.text : '';
    return this.text.generate(run, ModelCapability.Chat, [
      { role: 'system', content: withKnowledge(system, run, stepResults) },
      ...conversation(run),
      { role: 'user', content: stepResults ? run.request : run.inputs.text || run.request },
    ]);
  }
}
