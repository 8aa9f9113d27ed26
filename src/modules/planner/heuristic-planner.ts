import { analyzeIntent, type IntentCapability, type IntentFile } from '../routing/intent-detection';
import type { Plan, PlanTask, TaskCapability } from './plan';

export interface HeuristicPlanInput {
  text: string;
  /** The user's language (ISO 639-1): the default translation target and reply language. */
  language: string;
  files: readonly IntentFile[];
}

const FILE_RESULT: ReadonlySet<TaskCapability> = new Set(['image_generation', 'text2sound', 'document_generation', 'calendar_event']);
const TEXT_TRANSFORMS: ReadonlySet<IntentCapability> = new Set(['summarize', 'translate']);
const OUTPUTS: ReadonlySet<IntentCapability> = new Set(['document_generation', 'text2sound', 'image_generation', 'calendar_event']);
const MAX_FETCHED_URLS = 3;

/** Builds a task graph with ids n1, n2 … in creation order. */
class PlanBuilder {
  readonly tasks: PlanTask[] = [];

  add(capability: TaskCapability, dependsOn: readonly string[], inputs: Record<string, string>, params: Record<string, unknown> = {}): string {
    const id = `n${this.tasks.length + 1}`;
    this.tasks.push({ id, capability, dependsOn: [...new Set(dependsOn)], inputs, params });
    return id;
  }

  /** Input entries for the texts of `nodes`: `text`, `text_2` … (or `$message.text` when there are none). */
  textInputs(nodes: readonly string[], key = 'text'): Record<string, string> {
    if (nodes.length === 0) return { [key]: '$message.text' };
    return Object.fromEntries(nodes.map((node, i) => [i === 0 ? key : `${key}_${i + 1}`, `$${node}.text`]));
  }

  capabilityOf(id: string): TaskCapability | undefined {
    return this.tasks.find((t) => t.id === id)?.capability;
  }
}

/**
 * The planner used when the PLAN model is the offline provider. It reads the request with
 * the shared intent heuristics and wires a graph in a fixed shape:
 * sources (extract_text, or file_analysis for images looked at, described or read aloud; url_fetch, web_search, rag_query) →
 * writing (chat) → text transforms in the order asked (summarize, translate) → outputs
 * (document_generation, text2sound, image_generation, then file_analysis of that image when it is
 * to be described; calendar_event from the request) → email_me, when asked, with the final text
 * and the files → compose_reply, which depends on every result the user should get. A plain
 * question becomes a single chat node.
 */
export function planHeuristically(input: HeuristicPlanInput): Plan {
  const intent = analyzeIntent(input.text, input.files);
  const asked = intent.actions.map((a) => a.capability);
  const has = (capability: IntentCapability): boolean => asked.includes(capability);
  const plan = new PlanBuilder();
  let content: string[] = [];

  // Sources.
  if (input.files.length > 0) {
    const imagesOnly = input.files.every((f) => f.mime.startsWith('image/'));
    // Images are looked at (file_analysis) unless their text is what is asked for (a transcription) or the text is worked on.
    const analyse =
      !intent.transcribe &&
      (has('file_analysis') || (imagesOnly && ![...TEXT_TRANSFORMS, 'text2sound', 'document_generation', 'chat'].some((c) => has(c as IntentCapability))));
    content.push(
      analyse
        ? plan.add('file_analysis', [], { files: '$message.files', question: '$message.text' })
        : plan.add('extract_text', [], { files: '$message.files' }),
    );
  }
  for (const url of has('url_fetch') ? intent.urls.slice(0, MAX_FETCHED_URLS) : []) content.push(plan.add('url_fetch', [], { url }));
  if (has('web_search')) content.push(plan.add('web_search', [], { query: '$message.text' }));
  if (has('rag_query')) content.push(plan.add('rag_query', [], { query: '$message.text' }));

  const sources = [...content];

  // Writing: an explicit "write/explain …", or a document (or a mail) nobody provided the text for.
  const transforms = asked.filter((c) => TEXT_TRANSFORMS.has(c));
  const mailsOnlyText = has('email_me') && !asked.some((c) => OUTPUTS.has(c));
  if (has('chat') || (content.length === 0 && transforms.length === 0 && (has('document_generation') || mailsOnlyText))) {
    const inputs = content.length > 0 ? { text: '$message.text', ...plan.textInputs(content, 'context') } : { text: '$message.text' };
    content = [plan.add('chat', content, inputs, { language: input.language })];
  }

  // Text transforms, in the order the user asked for them.
  let outputLanguage = input.language;
  for (const capability of transforms) {
    if (capability === 'summarize') {
      content = [plan.add('summarize', content, plan.textInputs(content))];
    } else {
      const targets = intent.translateTargets.length > 0 ? intent.translateTargets : [input.language];
      const source = content;
      content = targets.map((targetLanguage) => plan.add('translate', source, plan.textInputs(source), { targetLanguage }));
      outputLanguage = targets[0] ?? input.language;
    }
  }

  // Outputs: files made from the text so far (an image from the request itself unless it illustrates that text).
  const main = content.slice(0, 1);
  for (const capability of asked.filter((c) => OUTPUTS.has(c))) {
    if (capability === 'document_generation') {
      plan.add('document_generation', main, plan.textInputs(main), { format: intent.documentFormat ?? 'pdf' });
    } else if (capability === 'text2sound') {
      plan.add('text2sound', main, plan.textInputs(main), { language: outputLanguage });
    } else if (capability === 'calendar_event') {
      // The event's title, times and attendees are in the request, or in what it brought (an invitation attached, a page).
      plan.add('calendar_event', sources, sources.length > 0 ? { request: '$message.text', ...plan.textInputs(sources, 'source') } : { text: '$message.text' });
    } else {
      const fromContent = intent.imageFromContent && main.length > 0;
      const image = plan.add('image_generation', fromContent ? main : [], fromContent ? plan.textInputs(main, 'prompt') : { prompt: '$message.text' });
      // "… then describe it": the vision step looks at the picture just made.
      if (intent.describeGenerated) plan.add('file_analysis', [image], { files: `$${image}.file`, question: '$message.text' });
    }
  }

  // Mailing: the final text and every file made go to the user's own address.
  if (has('email_me')) {
    const results = [...content, ...plan.tasks.filter((t) => FILE_RESULT.has(t.capability)).map((t) => t.id)];
    const inputs = Object.fromEntries(results.map((id) => [id, FILE_RESULT.has(plan.capabilityOf(id) ?? 'chat') ? `$${id}.file` : `$${id}.text`]));
    plan.add('email_me', results, inputs);
  }

  if (plan.tasks.length === 0) {
    plan.add('chat', [], { text: '$message.text' });
    return { version: 1, language: input.language, replyNode: 'n1', tasks: plan.tasks };
  }
  if (plan.tasks.length === 1 && plan.tasks[0]?.capability === 'chat') {
    return { version: 1, language: input.language, replyNode: 'n1', tasks: plan.tasks };
  }

  // The reply gathers every leaf result and the final text (e.g. the translation a sound file was made from).
  const dependedOn = new Set(plan.tasks.flatMap((t) => t.dependsOn));
  const results = [...new Set([...plan.tasks.filter((t) => !dependedOn.has(t.id)).map((t) => t.id), ...content])];
  const inputs: Record<string, string> = { request: '$message.text' };
  for (const id of results) {
    const capability = plan.capabilityOf(id);
    inputs[id] = capability && FILE_RESULT.has(capability) ? `$${id}.file` : `$${id}.text`;
  }
  const reply = plan.add('compose_reply', results, inputs, { language: input.language });
  return { version: 1, language: input.language, replyNode: reply, tasks: plan.tasks };
}
