import { Injectable } from '@nestjs/common';
import { TASK_CAPABILITIES, type TaskCapability } from '../../planner/plan';
import type { TaskCapabilityHandler } from './capability';
import { CalendarEventCapability } from './calendar-event.capability';
import { ChatCapability } from './chat.capability';
import { ComposeReplyCapability } from './compose-reply.capability';
import { DocumentGenerationCapability } from './document-generation.capability';
import { EmailMeCapability } from './email-me.capability';
import { ExtractTextCapability } from './extract-text.capability';
import { FileAnalysisCapability } from './file-analysis.capability';
import { ImageGenerationCapability } from './image-generation.capability';
import { RagQueryCapability } from './rag-query.capability';
import { SummarizeCapability } from './summarize.capability';
import { Text2SoundCapability } from './text2sound.capability';
import { TranslateCapability } from './translate.capability';
import { UrlFetchCapability } from './url-fetch.capability';
import { WebSearchCapability } from './web-search.capability';

/** One handler per capability of the planner's vocabulary; construction fails if one is missing. */
@Injectable()
export class CapabilityRegistry {
  private readonly handlers: ReadonlyMap<TaskCapability, TaskCapabilityHandler>;

  constructor(
    chat: ChatCapability,
    composeReply: ComposeReplyCapability,
    summarize: SummarizeCapability,
    translate: TranslateCapability,
    extractText: ExtractTextCapability,
    imageGeneration: ImageGenerationCapability,
    text2sound: Text2SoundCapability,
    documentGeneration: DocumentGenerationCapability,
    emailMe: EmailMeCapability,
    webSearch: WebSearchCapability,
    urlFetch: UrlFetchCapability,
    ragQuery: RagQueryCapability,
    fileAnalysis: FileAnalysisCapability,
    calendarEvent: CalendarEventCapability,
  ) {
    const all: TaskCapabilityHandler[] = [chat, composeReply, summarize, translate, extractText, imageGeneration, text2sound, documentGeneration, emailMe, webSearch, urlFetch, ragQuery, fileAnalysis, calendarEvent];
    this.handlers = new Map(all.map((handler) => [handler.name, handler]));
    const missing = TASK_CAPABILITIES.filter((name) => !this.handlers.has(name));
    if (missing.length > 0) throw new Error(`No handler for capabilities: ${missing.join(', ')}`);
  }

  get(name: TaskCapability): TaskCapabilityHandler {
    return this.handlers.get(name) as TaskCapabilityHandler;
  }
}

export const CAPABILITY_PROVIDERS = [
  ChatCapability,
  ComposeReplyCapability,
  SummarizeCapability,
  TranslateCapability,
  ExtractTextCapability,
  ImageGenerationCapability,
  Text2SoundCapability,
  DocumentGenerationCapability,
  EmailMeCapability,
  WebSearchCapability,
  UrlFetchCapability,
  RagQueryCapability,
  FileAnalysisCapability,
  CalendarEventCapability,
  CapabilityRegistry,
];
