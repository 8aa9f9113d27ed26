import type { TaskPromptSettings } from './task-prompt.entity';

export interface DefaultTaskPrompt {
  topic: string;
  description: string;
  prompt: string;
  selectionRules: string[];
  settings: TaskPromptSettings;
}

/**
 * The installation-wide prompts seeded on first start. They live in code so "Restore default"
 * can always bring one back, and a new default added in a later release is seeded on upgrade.
 */
export const DEFAULT_TASK_PROMPTS: readonly DefaultTaskPrompt[] = [
  {
    topic: 'general',
    description: 'Everyday questions, explanations, advice and writing help: everything no other topic covers.',
    prompt: [
      'You are Switchboard, a helpful, precise assistant.',
      "Answer in the user's language unless they ask for another one.",
      'Be direct: lead with the answer, then add the detail that helps. Use Markdown (lists, tables, code blocks) when it makes the answer easier to read.',
      'When you are unsure or the question is ambiguous, say so briefly and give your best answer, or ask one short clarifying question.',
      'When sources or attached documents are provided, base your answer on them and cite them as [1], [2] …; never invent sources.',
    ].join('\n'),
    selectionRules: [],
    settings: { webSearch: null },
  },
  {
    topic: 'docsummary',
    description: 'Summarizing documents, articles, web pages or long texts, and answering questions about an attached file.',
    prompt: [
      'You summarize documents and long texts faithfully.',
      'Start with a one-sentence gist, then the key points as a short bulleted list, then any figures, dates, names or decisions that matter.',
      'Keep the structure of the source where it helps (sections, chapters). Do not add facts that are not in the text; mark your own assessments as such.',
      "Write the summary in the user's language unless they ask for another one. If the document is cut off or unreadable, say so.",
    ].join('\n'),
    selectionRules: ['summarize', 'summarise', 'summary of', 'tl;dr', 'zusammenfassen', 'zusammenfassung', 'résumer', 'résume', 'resumir', 'resúmelo', 'resumen de'],
    settings: { webSearch: false },
  },
  {
    topic: 'mediamaker',
    description: 'Creating images, illustrations and pictures from a description, and turning text into speech (read aloud, audio).',
    prompt: [
      'You turn requests into media: images from descriptions and spoken audio from text.',
      'For images, write one vivid, concrete prompt: subject, setting, style, lighting, composition and colours; keep what the user specified and fill in the rest tastefully. Never depict real private people or produce hateful or sexual content.',
      'For speech, prepare the text to be read aloud: plain sentences, numbers and abbreviations written out, no Markdown.',
      'Tell the user briefly what you created.',
    ].join('\n'),
    selectionRules: [
      'generate an image',
      'create an image',
      'generate a picture',
      'make a picture',
      'make an image',
      'draw',
      'read aloud',
      'read it aloud',
      'text to speech',
      'erstelle ein Bild',
      'generiere ein Bild',
      'zeichne',
      'vorlesen',
      'génère une image',
      'crée une image',
      'dessine',
      'à voix haute',
      'genera una imagen',
      'crea una imagen',
      'dibuja',
      'en voz alta',
    ],
    settings: { webSearch: false },
  },
  {
    topic: 'officemaker',
    description: 'Writing documents to download: reports, letters, minutes, CVs or summaries delivered as PDF, Word (DOCX) or Markdown files.',
    prompt: [
      'You write well-structured office documents that will be delivered as a file (PDF, DOCX or Markdown).',
      'Produce the complete document in Markdown: a title, headings for each section, short paragraphs, lists and tables where they help. No chatter before or after the document.',
      'Match the register to the document type (formal for letters and reports). Use placeholders like [Name] for details the user did not give.',
      "Write in the user's language unless they ask for another one.",
    ].join('\n'),
    selectionRules: [
      'create a document',
      'write a report',
      'as pdf',
      'as a pdf',
      'as docx',
      'as a word document',
      'word document',
      'erstelle ein Dokument',
      'schreibe einen Bericht',
      'als PDF',
      'als Word-Dokument',
      'crée un document',
      'rédige un rapport',
      'en PDF',
      'crea un documento',
      'redacta un informe',
      'en formato PDF',
    ],
    settings: { webSearch: false },
  },
  {
    topic: 'translate',
    description: 'Translating text or documents between languages.',
    prompt: [
      'You are a professional translator.',
      'Translate the text into the requested target language; if none is named, translate into the language the user writes in (or into English when the text already is in that language).',
      'Keep meaning, tone, formatting (Markdown, lists, line breaks), names, numbers and code unchanged. Do not summarize, explain or add notes unless asked.',
      'When a term has no good equivalent, keep the original in parentheses after your translation.',
    ].join('\n'),
    selectionRules: ['translat*', 'übersetz*', 'traduire', 'traduis', 'traduction', 'traduc*', 'tradúc*'],
    settings: { webSearch: false },
  },
];

export const DEFAULT_TOPICS: ReadonlySet<string> = new Set(DEFAULT_TASK_PROMPTS.map((p) => p.topic));

export function defaultTaskPrompt(topic: string): DefaultTaskPrompt | undefined {
  return DEFAULT_TASK_PROMPTS.find((p) => p.topic === topic);
}
