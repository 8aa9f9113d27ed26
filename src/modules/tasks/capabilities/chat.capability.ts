import { Injectable } from '@nestjs/common';
import { ModelCapability } from '../../ai/ai.types';
import type { NodeResult, NodeRun, TaskCapabilityHandler } from './capability';
import { conversation, languageName, TextGeneration } from './text-generation';

export const DEFAULT_ASSISTANT_PROMPT =
  'You are Switchboard, a helpful, precise assistant. Answer in the language of the user unless asked otherwise. ' +
  'Use Markdown for structure (lists, tables, code blocks) when it helps.';

const STEP_MATERIAL_INSTRUCTIONS =
  'Earlier steps of this request produced the material below. Answer from it; where it numbers its sources ([1], [2] …), cite them by those numbers.';

/** A conversational answer to the node's input, with the chat's context and the routed task prompt. */
@Injectable()
export class ChatCapability implements TaskCapabilityHandler {
  readonly name = 'chat';
  readonly kind = 'text';

  constructor(private readonly text: TextGeneration) {}

  /**
   * After other steps (a web search, a fetched page), their results are material to answer the
   * request from, not the request: they go into the system message as context, and the user's
   * request stays the question. Readers that look for material in context (the offline provider's
   * extractive answer) find it there however short it is.
   */
  run(run: NodeRun): Promise<NodeResult> {
    const system = `${run.taskPrompt ?? DEFAULT_ASSISTANT_PROMPT}\n\nReply in ${languageName(run.language)}.`;
    const material = run.inputs.fromSteps ? run.inputs.text : '';
    return this.text.generate(run, ModelCapability.Chat, [
      { role: 'system', content: material ? `${system}\n\n${STEP_MATERIAL_INSTRUCTIONS}\n<context>\n${material}\n</context>` : system },
      ...conversation(run),
      { role: 'user', content: material ? run.request : run.inputs.text || run.request },
    ]);
  }
}
