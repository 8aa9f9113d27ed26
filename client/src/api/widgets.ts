import type { SessionTranscript, Widget, WidgetFields, WidgetMessage, WidgetSession } from '../../../src/contracts/widgets';
import { request } from './http';

/** The wire types are the server's contract (src/contracts), shared with the widget script. */
export type {
  OperatorEventMap,
  OperatorNotification,
  SessionEventMap,
  SessionMode,
  SessionTranscript,
  Widget,
  WidgetConfig,
  WidgetFields,
  WidgetMessage,
  WidgetMessageStatus,
  WidgetSession,
} from '../../../src/contracts/widgets';

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
