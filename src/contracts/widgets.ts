/**
 * Widgets and live support as they travel in JSON (docs/widgets.md): the owner's API, the public
 * widget API the script calls, and the live support channels' events. Types only (README,
 * repository layout); the SPA and the widget script both import them.
 */
import type { Citation, MessageStatus, SendMessageRequest } from './chat';
import type { FileState } from './files';

/** What a widget looks like and says. Every field has a default, which the server fills in on output. */
export interface WidgetConfig {
  title: string;
  /** Under the title; empty hides it. */
  subtitle: string;
  /** The first bubble a visitor sees. */
  greeting: string;
  placeholder: string;
  /** `#rrggbb`. */
  color: string;
  position: 'right' | 'left';
  /** Whether visitors get a "Talk to a person" button. */
  humanHandoff: boolean;
  /** Linked from the AI notice. */
  privacyUrl: string | null;
}

export interface Widget {
  id: string;
  name: string;
  /** The task prompt that answers every visitor, skipping the sorter; null routes messages normally. */
  taskPromptTopic: string | null;
  /** Host names (`shop.example.com`), optionally with a port, or `*.example.com`. */
  allowedDomains: string[];
  config: WidgetConfig;
  /** An inactive widget renders nothing and refuses messages. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `POST /widgets`; `PUT /widgets/:id` takes any of them. */
export interface WidgetFields {
  name: string;
  taskPromptTopic?: string | null;
  allowedDomains: string[];
  config?: Partial<WidgetConfig>;
  active?: boolean;
}

/** Who answers a visitor: the AI, nobody yet (a person was asked for), or an operator. */
export type SessionMode = 'ai' | 'waiting' | 'human';

export interface WidgetSession {
  /** `sess_…` */
  id: string;
  widgetId: string;
  mode: SessionMode;
  /** Who took it over. */
  operatorName: string | null;
  /** The last message, at most 140 characters. */
  preview: string;
  /** Visitor messages since an operator last read it. */
  unread: number;
  messageCount: number;
  /** The page the visitor writes from. */
  pageUrl: string | null;
  createdAt: string;
  lastMessageAt: string;
}

/** A source an answer cites, as a visitor may see it: never the id of one of the owner's files (visitors cannot open those). */
export type VisitorCitation = Omit<Citation, 'fileId'>;

/** A file a visitor attached to a message: enough to name it. */
export interface AttachedFile {
  id: string;
  name: string;
}

export type WidgetMessageStatus = MessageStatus;

/** A message of a widget conversation, as visitors and operators see it. */
export interface WidgetMessage {
  id: string;
  role: 'visitor' | 'ai' | 'operator' | 'system';
  text: string;
  createdAt: string;
  /** AI answers only: pending/streaming while written (follow `trackId`). */
  status?: WidgetMessageStatus;
  trackId?: string;
  /** Operator messages and system lines: the operator's display name. */
  operatorName?: string;
  /** AI answers: the sources their `[n]` marks cite, when there are any. */
  citations?: VisitorCitation[];
  /** Visitor messages: the files attached (those the owner has not deleted since). */
  files?: AttachedFile[];
}

/** `POST /widget/:wid/message`: a visitor's message; `timeZone` as on `POST /messages/stream`. */
export interface VisitorMessageRequest extends Pick<SendMessageRequest, 'timeZone'> {
  message: string;
  /** The page the visitor writes from, shown to operators. */
  pageUrl?: string;
  /** Files this visitor session uploaded, attached to the message. */
  fileIds?: string[];
}

/** `GET /widgets/:wid/sessions/:sid/messages`. */
export interface SessionTranscript {
  session: WidgetSession;
  messages: WidgetMessage[];
}

/** `GET /widget/:wid/messages`: the visitor's own conversation. */
export interface VisitorTranscript {
  session: { mode: SessionMode };
  messages: WidgetMessage[];
}

export interface WidgetLimits {
  messageMaxLength: number;
  messagesPerDay: number;
  /** The largest file a visitor may attach, and how many one message may carry. */
  uploadMaxBytes: number;
  attachmentsPerMessage: number;
}

/** `GET /widget/:wid/config`: what the widget script renders. An inactive widget shows nothing else. */
export interface PublicWidgetConfig {
  id: string;
  active: boolean;
  config?: WidgetConfig;
  /** Someone has the live support console open for this widget. */
  operatorsOnline?: boolean;
  limits?: WidgetLimits;
}

/** `POST /widget/:wid/files`, `GET /widget/:wid/files/:id`: a file the visitor uploaded, without a download address (it is the owner's). */
export interface VisitorFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  state: FileState;
  /** `CODE: explanation` when `state` is `failed`. */
  error?: string;
}

/** What `widget:session.<wid>.<sid>` carries: the visitor and the operators follow it. Key: publication `type`; value: its `data`. */
export interface SessionEventMap {
  message: WidgetMessage;
  /** An AI answer started: follow it over SSE. */
  answer: { messageId: string; trackId: string };
  takeover: { operatorName: string };
  handback: Record<string, never>;
  handoff: Record<string, never>;
}

/** What should catch an operator's attention: a new session, a visitor's message, a person asked for. */
export interface OperatorNotification {
  kind: 'session' | 'message' | 'handoff';
  sessionId: string;
  preview: string;
}

/** What `widget:operators.<wid>` carries: the owner's live support console follows it. */
export interface OperatorEventMap {
  notification: OperatorNotification;
  /** A row of the session list changed. */
  session: WidgetSession;
}

/** queued → crawling → done, or failed (nothing could be read). */
export type WidgetSourceState = 'queued' | 'crawling' | 'done' | 'failed';

/** A website the widget answers from (docs/knowledge.md, "Widget knowledge"), as its owner sees it. */
export interface WidgetSource {
  id: string;
  widgetId: string;
  /** Where the crawl starts, as the server spells it. */
  url: string;
  state: WidgetSourceState;
  /** Pages read and indexed by the last crawl that read any (while crawling: so far). */
  pages: number;
  /** Why the last crawl failed: `CODE: explanation`. */
  error: string | null;
  crawledAt: string | null;
  createdAt: string;
}
