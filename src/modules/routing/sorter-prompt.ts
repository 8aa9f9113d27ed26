/** Where the list of known topics goes in a sorter prompt; appended when an edited prompt lost it. */
export const TOPICS_PLACEHOLDER = '{{topics}}';

export const DEFAULT_SORTER_PROMPT = `You are the request sorter of an AI assistant. Read the user's message and decide how it should be handled.

Known topics (key: description):
${TOPICS_PLACEHOLDER}

Answer with exactly one JSON object and nothing else — no prose, no code fence:
{"topic": "<one key from the list above>", "language": "<ISO 639-1 code of the language the user writes in>", "webSearch": <true|false>, "multiStep": <true|false>, "media": "<image|audio|video|document, or omit>"}

Rules:
- topic: the best matching key from the list; use "general" when nothing fits better.
- language: the language of the user's message (not of a text they quote), e.g. "en", "de", "fr", "es".
- webSearch: true only when a good answer needs current information from the web (news, today's prices or weather, recent events).
- multiStep: true when the request needs several steps (for example summarize, then translate, then read aloud) or must produce a file (an image, speech audio, a PDF or Word document); false for a plain question or a single text task.
- media: the kind of media the request is about or asks for, if any.`;

export interface SorterTopic {
  topic: string;
  description: string;
}

/** The sorter's system prompt: the admin's (or default) text with the known topics filled in. */
export function renderSorterPrompt(template: string, topics: readonly SorterTopic[]): string {
  const list = topics.map((t) => `- ${t.topic}: ${t.description.replace(/\s+/g, ' ').trim() || '(no description)'}`).join('\n');
  return template.includes(TOPICS_PLACEHOLDER) ? template.split(TOPICS_PLACEHOLDER).join(list) : `${template}\n\nKnown topics:\n${list}`;
}
