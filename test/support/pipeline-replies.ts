import { MEMORY_EXTRACTION_PROMPT } from '../../src/modules/memory/memory-extractor.service';
import type { FakeReply, RecordedRequest } from './fake-openai-server';

/** The answer the fake model streams for ordinary chat requests. */
export const FAKE_ANSWER = 'Here is a streamed answer from the fake model, in several short chunks.';

/** Words that make the fake sorter call a request multi-step. */
const MULTI_STEP = /\b(and then|then translate|and translate|and create)\b/i;

interface ChatBody {
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: { type?: string };
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/**
 * A stand-in model for whole-pipeline tests and benchmarks, answering each kind of request the
 * pipeline makes like a capable model would: the sorter with its JSON verdict, the planner with a
 * three-node plan (summarize → translate → compose_reply), the memory extraction that follows each
 * answer with no facts (not with prose, which the extractor refuses with a warning every message),
 * anything else with FAKE_ANSWER.
 */
export function pipelineReply(request: RecordedRequest): FakeReply | string {
  const body = request.body as ChatBody;
  const system = textOf(body.messages?.find((m) => m.role === 'system')?.content ?? '');
  const user = textOf([...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '');
  if (body.response_format?.type === 'json_object' && system.startsWith('You are the request sorter')) {
    return JSON.stringify({ topic: 'general', language: 'en', webSearch: false, multiStep: MULTI_STEP.test(user) });
  }
  if (body.response_format?.type === 'json_object' && system.startsWith('You are the planner')) {
    return JSON.stringify({
      version: 1,
      language: 'en',
      replyNode: 'n3',
      tasks: [
        { id: 'n1', capability: 'summarize', dependsOn: [], inputs: { text: '$message.text' }, params: {} },
        { id: 'n2', capability: 'translate', dependsOn: ['n1'], inputs: { text: '$n1.text' }, params: { targetLanguage: 'de' } },
        { id: 'n3', capability: 'compose_reply', dependsOn: ['n1', 'n2'], inputs: { summary: '$n1.text', translation: '$n2.text' }, params: {} },
      ],
    });
  }
  if (body.response_format?.type === 'json_object' && system === MEMORY_EXTRACTION_PROMPT) return JSON.stringify({ actions: [] });
  return FAKE_ANSWER;
}
