import type { ChatMessage } from '../ai/ai.types';
import { MAX_PLAN_NODES, TASK_CAPABILITIES, type PlanInput, type TaskCapability } from './plan';

/** The request text the planner model sees is cut here: the instruction is at its start. */
const MAX_PLANNER_INPUT_CHARS = 6_000;

/**
 * What each capability does and which inputs/params it reads: shown to the planner model, and the
 * convention the heuristic planner follows. Input keys not listed are passed through to the node.
 */
export const CAPABILITY_DESCRIPTIONS: Readonly<Record<TaskCapability, string>> = {
  extract_text: 'Extract the text of attached files. inputs: {"files": "$message.files"}. Result: text.',
  chat: 'Answer or write something with the chat model. inputs: {"text": <instruction or reference>, …more context}. Result: text.',
  summarize: 'Summarize a text. inputs: {"text": <reference>}. params: {"length"?: "short"|"medium"|"long"}. Result: text.',
  translate: 'Translate a text. inputs: {"text": <reference>}. params: {"targetLanguage": "<ISO 639-1>"}. Result: text.',
  rag_query: "Search the user's indexed documents and knowledge sources. inputs: {\"query\": <reference or literal>}. Result: text with sources.",
  web_search: 'Search the web for current information. inputs: {"query": <reference or literal>}. Result: text with sources.',
  url_fetch: 'Fetch a web page and return its readable text. inputs: {"url": "<literal URL>"}. Result: text.',
  file_analysis: 'Look at attached files (images, tables, documents) and answer a question about them. inputs: {"files": "$message.files", "question": <reference or literal>}. Result: text.',
  image_generation: 'Generate an image. inputs: {"prompt": <reference or literal description>}. Result: file (image).',
  text2sound: 'Turn text into spoken audio. inputs: {"text": <reference>}. params: {"language"?: "<ISO 639-1>"}. Result: file (audio).',
  document_generation: 'Render a text into a downloadable document. inputs: {"text": <reference>}. params: {"format": "pdf"|"docx"|"md"|"xlsx"|"csv"|"pptx", "title"?: string}; xlsx and csv hold the tables of the text (a Markdown table), pptx makes one slide per ## section. Result: file (document).',
  calendar_event:
    'Make a calendar file (.ics) for one event: title, start, end, time zone and attendees are read from the text. inputs: {"text": <reference, usually "$message.text">}. params: {"timeZone"?: "<IANA zone>"}. Result: file (calendar event).',
  email_me:
    "E-mail results to the user's own account address (only when they ask for it: \"mail it to me\"). inputs: one entry per result to send, e.g. {\"n3\": \"$n3.text\", \"n4\": \"$n4.file\"}. Never put an address in inputs or params: the recipient is always the user. Result: text (where it was sent); let compose_reply depend on it.",
  compose_reply: 'Write the final answer to the user from the results of other nodes. inputs: one entry per result, e.g. {"request": "$message.text", "n3": "$n3.text", "n4": "$n4.file"}. Result: text.',
};

export const CAPABILITIES_PLACEHOLDER = '{{capabilities}}';
export const MAX_NODES_PLACEHOLDER = '{{maxNodes}}';

export const DEFAULT_PLANNER_PROMPT = `You are the planner of an AI assistant. Break the user's request into a small graph of tasks that the assistant's capabilities can execute, and answer with the plan as JSON.

Capabilities (use only these names):
${CAPABILITIES_PLACEHOLDER}

Input references: an input value is either a literal string or a reference to data:
- "$message.text" — the user's message; "$message.files" — the files attached to it;
- "$<nodeId>.text" — the text result of an earlier node; "$<nodeId>.file" — the file it produced.
A node may only reference nodes that are listed in its own "dependsOn".

Answer with exactly one JSON object and nothing else:
{"version": 1, "language": "<ISO 639-1 code of the user's language>", "replyNode": "<id of the node that answers the user>", "tasks": [{"id": "n1", "capability": "<capability>", "dependsOn": [], "inputs": {"text": "$message.text"}, "params": {}}]}

Rules:
- At most ${MAX_NODES_PLACEHOLDER} tasks; ids are unique, start with a letter and use only letters, digits, "_" and "-" (n1, n2 …).
- Every id in "dependsOn" must exist; no node depends on itself; the graph has no cycles.
- Use as few nodes as the request needs, in the order the user asked for them; independent steps do not depend on each other so they can run in parallel.
- When files are attached and their content is needed, start with "extract_text" (or "file_analysis" for questions about images).
- An attached image to be described or read "as audio" / "aloud" is "file_analysis" → "text2sound", never "image_generation": it asks about the image it has, not for a new one.
- A picture to make and then describe ("make a picture, then describe it") is "image_generation" → "file_analysis" with {"files": "$<imageNode>.file", "question": "$message.text"}.
- Fresh information (weather, news, prices, results, schedules) needs "web_search" first; a meeting, appointment or invitation to put in a calendar is "calendar_event"; a spreadsheet, Excel or a table to download is "document_generation" with "xlsx" ("csv" when CSV is asked for), slides or a presentation with "pptx".
- A question about a thing ("how do I make a pivot table?", "why do translations lose jokes?") is a plain question: one "chat" node, no file.
- End with one "compose_reply" node that depends on the results the user should get (texts and files) and make it the "replyNode". For a plain question, a single "chat" node as "replyNode" is enough.
- "inputs" values are strings; "params" is an object (use {} when there is nothing to set).

Example — "Summarize the attached report, translate it into German and read it aloud":
{"version": 1, "language": "en", "replyNode": "n5", "tasks": [
 {"id": "n1", "capability": "extract_text", "dependsOn": [], "inputs": {"files": "$message.files"}, "params": {}},
 {"id": "n2", "capability": "summarize", "dependsOn": ["n1"], "inputs": {"text": "$n1.text"}, "params": {}},
 {"id": "n3", "capability": "translate", "dependsOn": ["n2"], "inputs": {"text": "$n2.text"}, "params": {"targetLanguage": "de"}},
 {"id": "n4", "capability": "text2sound", "dependsOn": ["n3"], "inputs": {"text": "$n3.text"}, "params": {"language": "de"}},
 {"id": "n5", "capability": "compose_reply", "dependsOn": ["n3", "n4"], "inputs": {"request": "$message.text", "n3": "$n3.text", "n4": "$n4.file"}, "params": {"language": "en"}}]}`;

/** The planner's system prompt: the admin's (or default) text with the capabilities filled in. */
export function renderPlannerPrompt(template: string): string {
  const capabilities = TASK_CAPABILITIES.map((c) => `- ${c}: ${CAPABILITY_DESCRIPTIONS[c]}`).join('\n');
  const withCapabilities = template.includes(CAPABILITIES_PLACEHOLDER)
    ? template.split(CAPABILITIES_PLACEHOLDER).join(capabilities)
    : `${template}\n\nCapabilities:\n${capabilities}`;
  return withCapabilities.split(MAX_NODES_PLACEHOLDER).join(String(MAX_PLAN_NODES));
}

/** The user turn the planner model sees: the request and what it comes with. */
export function describePlanRequest(input: Pick<PlanInput, 'text' | 'language' | 'topic' | 'files'>): string {
  const files = input.files.length > 0 ? input.files.map((f) => `- ${f.name} (${f.mime})`).join('\n') : '(none)';
  return [
    `Language of the user: ${input.language}`,
    `Topic: ${input.topic}`,
    `Attached files:\n${files}`,
    '',
    'Request:',
    input.text.slice(0, MAX_PLANNER_INPUT_CHARS),
  ].join('\n');
}

/**
 * What the planner model is sent for one request. The planner service and the evaluation's
 * recording harness both send this, so a recorded answer answers exactly what production asks.
 */
export function plannerMessages(template: string, input: Pick<PlanInput, 'text' | 'language' | 'topic' | 'files'>): ChatMessage[] {
  return [
    { role: 'system', content: renderPlannerPrompt(template) },
    { role: 'user', content: describePlanRequest(input) },
  ];
}
