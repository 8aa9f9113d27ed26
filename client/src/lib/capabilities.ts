import type { ComponentType } from 'react';
import {
  AudioIcon,
  ChatIcon,
  FileIcon,
  GlobeIcon,
  ImageIcon,
  SearchIcon,
  SparkIcon,
  SummaryIcon,
  TranslateIcon,
} from '../components/icons';

interface CapabilityInfo {
  /** What the card says while it works, in plain words. */
  title: string;
  /** The noun for plan previews and "Try a message". */
  name: string;
  icon: ComponentType<{ size?: number }>;
  /** Produces a file (image, audio, document): shows a progress bar and a placeholder. */
  media?: 'image' | 'audio' | 'document';
}

const CAPABILITIES: Record<string, CapabilityInfo> = {
  extract_text: { title: 'Reading your files', name: 'Read files', icon: FileIcon },
  chat: { title: 'Answering', name: 'Answer', icon: ChatIcon },
  summarize: { title: 'Summarizing', name: 'Summarize', icon: SummaryIcon },
  translate: { title: 'Translating', name: 'Translate', icon: TranslateIcon },
  rag_query: { title: 'Searching your documents', name: 'Search documents', icon: SearchIcon },
  web_search: { title: 'Searching the web', name: 'Web search', icon: GlobeIcon },
  url_fetch: { title: 'Reading a web page', name: 'Read a web page', icon: GlobeIcon },
  file_analysis: { title: 'Looking at your files', name: 'Analyse files', icon: SearchIcon },
  image_generation: { title: 'Creating an image', name: 'Create an image', icon: ImageIcon, media: 'image' },
  text2sound: { title: 'Creating audio', name: 'Create audio', icon: AudioIcon, media: 'audio' },
  document_generation: { title: 'Writing a document', name: 'Write a document', icon: FileIcon, media: 'document' },
  calendar_event: { title: 'Making a calendar entry', name: 'Make a calendar entry', icon: FileIcon, media: 'document' },
  compose_reply: { title: 'Writing the answer', name: 'Write the answer', icon: SparkIcon },
};

export function capabilityInfo(capability: string): CapabilityInfo {
  return CAPABILITIES[capability] ?? { title: capability ? capability.replaceAll('_', ' ') : 'Working', name: capability, icon: SparkIcon };
}

export const KNOWN_CAPABILITIES = Object.keys(CAPABILITIES);

/** Plain names of the model capabilities bound in Settings → Models. */
export const MODEL_CAPABILITY_LABELS: Record<string, { label: string; hint: string }> = {
  CHAT: { label: 'Chat', hint: 'Answers and writing' },
  SORT: { label: 'Sorting', hint: 'Picks the topic of each message' },
  PLAN: { label: 'Planning', hint: 'Breaks multi-step requests into tasks' },
  SUMMARIZE: { label: 'Summaries', hint: 'Summaries and translations' },
  MEM: { label: 'Memories', hint: 'Remembers facts from conversations' },
  VECTORIZE: { label: 'Embeddings', hint: 'Indexes documents for search' },
  TEXT2PIC: { label: 'Images', hint: 'Creates images' },
  TEXT2SOUND: { label: 'Speech', hint: 'Reads text aloud' },
  SOUND2TEXT: { label: 'Transcription', hint: 'Turns audio into text' },
  PIC2TEXT: { label: 'Vision', hint: 'Describes images' },
};
