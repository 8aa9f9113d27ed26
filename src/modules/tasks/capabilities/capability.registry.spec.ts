import { describe, expect, it } from 'vitest';
import { TASK_CAPABILITIES, type TaskCapability } from '../../planner/plan';
import type { TaskCapabilityHandler } from './capability';
import { CapabilityRegistry } from './capability.registry';
import type { CalendarEventCapability } from './calendar-event.capability';
import type { ChatCapability } from './chat.capability';
import type { ComposeReplyCapability } from './compose-reply.capability';
import type { DocumentGenerationCapability } from './document-generation.capability';
import type { EmailMeCapability } from './email-me.capability';
import type { ExtractTextCapability } from './extract-text.capability';
import type { FileAnalysisCapability } from './file-analysis.capability';
import type { ImageGenerationCapability } from './image-generation.capability';
import type { RagQueryCapability } from './rag-query.capability';
import type { SummarizeCapability } from './summarize.capability';
import type { Text2SoundCapability } from './text2sound.capability';
import type { TranslateCapability } from './translate.capability';
import type { UrlFetchCapability } from './url-fetch.capability';
import type { WebSearchCapability } from './web-search.capability';

function handler(name: TaskCapability): TaskCapabilityHandler {
  return { name, kind: 'text', run: () => Promise.resolve({ text: name }) };
}

function registry(names: TaskCapability[]): CapabilityRegistry {
  const [chat, composeReply, summarize, translate, extractText, image, sound, document, emailMe, webSearch, urlFetch, ragQuery, fileAnalysis, calendarEvent] = names.map(handler);
  return new CapabilityRegistry(
    chat as unknown as ChatCapability,
    composeReply as unknown as ComposeReplyCapability,
    summarize as unknown as SummarizeCapability,
    translate as unknown as TranslateCapability,
    extractText as unknown as ExtractTextCapability,
    image as unknown as ImageGenerationCapability,
    sound as unknown as Text2SoundCapability,
    document as unknown as DocumentGenerationCapability,
    emailMe as unknown as EmailMeCapability,
    webSearch as unknown as WebSearchCapability,
    urlFetch as unknown as UrlFetchCapability,
    ragQuery as unknown as RagQueryCapability,
    fileAnalysis as unknown as FileAnalysisCapability,
    calendarEvent as unknown as CalendarEventCapability,
  );
}

const IMPLEMENTED: TaskCapability[] = ['chat', 'compose_reply', 'summarize', 'translate', 'extract_text', 'image_generation', 'text2sound', 'document_generation', 'email_me', 'web_search', 'url_fetch', 'rag_query', 'file_analysis', 'calendar_event'];

describe('CapabilityRegistry', () => {
  it('has a handler for every capability of the planner vocabulary', () => {
    const capabilities = registry(IMPLEMENTED);

    for (const name of TASK_CAPABILITIES) expect(capabilities.get(name)?.name).toBe(name);
  });

  it('refuses to start when a capability has no handler', () => {
    expect(() => registry(['chat', 'compose_reply', 'chat', 'translate', 'extract_text', 'image_generation', 'text2sound', 'document_generation', 'email_me', 'web_search', 'url_fetch', 'rag_query', 'file_analysis', 'calendar_event'])).toThrow(
      'No handler for capabilities: summarize',
    );
  });
});
