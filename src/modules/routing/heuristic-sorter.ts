import { analyzeIntent, foldText, type IntentCapability, type IntentFile } from './intent-detection';
import type { SorterVerdict } from './sorter-output';
import type { SorterTopic } from './sorter-prompt';

/** Which default topic serves a capability best, when that topic exists and is enabled. */
const TOPIC_FOR: Partial<Record<IntentCapability, string>> = {
  document_generation: 'officemaker',
  calendar_event: 'officemaker',
  image_generation: 'mediamaker',
  text2sound: 'mediamaker',
  summarize: 'docsummary',
  translate: 'translate',
  file_analysis: 'docsummary',
};

/**
 * The sorter used when the SORT model is the offline provider: the same verdict shape as
 * the AI sorter, from keyword and intent heuristics. `language` is left to language detection.
 */
export function sortHeuristically(text: string, topics: readonly SorterTopic[], files: readonly IntentFile[] = []): SorterVerdict {
  const intent = analyzeIntent(text, files);
  const verdict: SorterVerdict = {
    topic: pickTopic(text, intent.actions.map((a) => a.capability), topics),
    language: null,
    webSearch: intent.webSearch,
    multiStep: intent.multiStep,
  };
  if (intent.media) verdict.media = intent.media;
  return verdict;
}

function pickTopic(text: string, capabilities: readonly IntentCapability[], topics: readonly SorterTopic[]): string {
  const known = new Set(topics.map((t) => t.topic));
  // The deliverable decides first (a report as PDF is office work even if it summarizes), then the order asked in.
  const ordered = capabilities.includes('document_generation') ? ['document_generation' as const, ...capabilities] : capabilities;
  for (const capability of ordered) {
    const topic = TOPIC_FOR[capability];
    if (topic && known.has(topic)) return topic;
  }
  return bestDescribedTopic(text, topics) ?? (known.has('general') || topics.length === 0 ? 'general' : (topics[0]?.topic ?? 'general'));
}

/** A custom topic whose key or description shares enough words with the message. */
function bestDescribedTopic(text: string, topics: readonly SorterTopic[]): string | null {
  // Five letters and up for descriptions: short words ("with", "your") say nothing about a topic.
  const messageWords = new Set(foldText(text).match(/\p{L}{4,}/gu) ?? []);
  let best: { topic: string; score: number } | null = null;
  for (const { topic, description } of topics) {
    if (topic === 'general' || Object.values(TOPIC_FOR).includes(topic)) continue;
    const keyWords = foldText(topic).split(/[_-]+/).filter((w) => w.length >= 4);
    const descriptionWords = new Set(foldText(description).match(/\p{L}{5,}/gu) ?? []);
    const score =
      2 * keyWords.filter((w) => messageWords.has(w)).length + [...descriptionWords].filter((w) => messageWords.has(w)).length;
    if (score >= 2 && (best === null || score > best.score)) best = { topic, score };
  }
  return best?.topic ?? null;
}
