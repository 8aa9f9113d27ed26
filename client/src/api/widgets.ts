import type { Citation } from './chats';
import { request } from './http';

/** The widget's look and texts (docs/widgets.md); the server fills in defaults on output. */
export interface WidgetConfig {
  title: string;
  subtitle: string;
  greeting: string;
  placeholder: string;
  /** "#rrggbb" */
  color: string;
  position: 'right' | 'left';
  /** Show "Talk to a person". */
  humanHandoff: boolean;
  privacyUrl: string | null;
}

export interface Widget {
  id: string;
  name: string;
  /** The task prompt that answers every visitor; null routes messages normally. */
  taskPromptTopic: string | null;
  /** "shop.example.com", "*.example.com", "localhost:5173" */
  allowedDomains: string[];
  config: WidgetConfig;
  /** An inactive widget renders nothing and refuses messages. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WidgetFields {
  name: string;
  taskPromptTopic: string | null;
  allowedDomains: string[];
  config: Partial<WidgetConfig>;
  active: boolean;
}

/** Who answers a visitor: the AI, nobody yet (a person was asked for), or an operator. */
export type SessionMode = 'ai' | 'waiting' | 'human';

export interface WidgetSession {
  /** sess_… */
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
  pageUrl: string | null;
  createdAt: string;
  lastMessageAt: string;
}

export type WidgetMessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'failed';

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
  /** AI answers: the sources their `[n]` marks cite, when there are any (never the owner's file ids). */
  citations?: Array<Omit<Citation, 'fileId'>>;
  /** Visitor messages: the files attached. */
  files?: Array<{ id: string; name: string }>;
}

export interface SessionTranscript {
  session: WidgetSession;
  messages: WidgetMessage[];
}

/** The notices of `widget:operators.<wid>`: what should catch an operator's attention. */
export interface OperatorNotification {
  kind: 'session' | 'message' | 'handoff';
  sessionId: string;
  preview: string;
}

const widgetPath = (id: string) => `/widgets/${encodeURIComponent(id)}`;
const sessionPath = (widgetId: string, sessionId: string) => `${widgetPath(widgetId)}/sessions/${encodeURIComponent(sessionId)}`;

export function listWidgets(signal?: AbortSignal): Promise<Widget[]> {
  return request('/widgets', { signal });
}

export function createWidget(input: WidgetFields): Promise<Widget> {
  return request('/widgets', { method: 'POST', body: input });
}

export function updateWidget({ id, ...change }: Partial<WidgetFields> & { id: string }): Promise<Widget> {
  return request(widgetPath(id), { method: 'PUT', body: change });
}

export function deleteWidget(id: string): Promise<void> {
  return request(widgetPath(id), { method: 'DELETE' });
}

/** The most recently active sessions first (the last 200), every mode. */
export function listWidgetSessions(widgetId: string, signal?: AbortSignal): Promise<WidgetSession[]> {
  return request(`${widgetPath(widgetId)}/sessions`, { signal });
}

/** The session and its messages, oldest first; the server marks the session read. */
export function fetchSessionTranscript(widgetId: string, sessionId: string, signal?: AbortSignal): Promise<SessionTranscript> {
  return request(`${sessionPath(widgetId, sessionId)}/messages`, { signal });
}

export function takeOverSession(widgetId: string, sessionId: string): Promise<WidgetSession> {
  return request(`${sessionPath(widgetId, sessionId)}/takeover`, { method: 'POST' });
}

export function handBackSession(widgetId: string, sessionId: string): Promise<WidgetSession> {
  return request(`${sessionPath(widgetId, sessionId)}/handback`, { method: 'POST' });
}

export function replyToSession(widgetId: string, sessionId: string, text: string): Promise<WidgetMessage> {
  return request(`${sessionPath(widgetId, sessionId)}/reply`, { method: 'POST', body: { text } });
}

export function markSessionRead(widgetId: string, sessionId: string): Promise<void> {
  return request(`${sessionPath(widgetId, sessionId)}/read`, { method: 'POST' });
}

/** The realtime channels of live support (docs/widgets.md, "Realtime channels"). */
export const widgetChannels = {
  operators: (widgetId: string) => `widget:operators.${widgetId}`,
  session: (widgetId: string, sessionId: string) => `widget:session.${widgetId}.${sessionId}`,
  typing: (widgetId: string, sessionId: string) => `widgettyping:${widgetId}.${sessionId}`,
};
