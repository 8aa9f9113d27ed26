import type { FinishedTurn } from '../chat/answer-deliveries';
import type { FileDto } from '../files/dto/file.dto';

/** Events an endpoint can subscribe to. Persisted in webhook_endpoints.events: never rename, only add. */
export const WEBHOOK_EVENT_TYPES = ['message.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent on request only (`POST /webhooks/endpoints/:id/test`), whatever the endpoint subscribes to. */
export const PING_EVENT = 'ping';

/** The body of every delivery. `id` names the event: the same across retries and resends. */
export interface WebhookEvent<T extends string, D> {
  id: string;
  type: T;
  createdAt: string;
  data: D;
}

/** A generated file of the answer; `url` is the API path that downloads it (needs the `files` scope). */
export interface WebhookFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
}

export interface MessageCompletedData {
  chatId: string;
  messageId: string;
  /** Where the conversation came in: web, api, widget, whatsapp, email. */
  channel: FinishedTurn['channel'];
  status: FinishedTurn['status'];
  /** The answer, Markdown; what there was of it for a stopped or failed one. */
  text: string;
  /** Why the answer failed; null unless `status` is failed. */
  error: { code: string; message: string } | null;
  files: WebhookFile[];
  completedAt: string;
}

export function messageCompleted(id: string, turn: FinishedTurn, files: readonly FileDto[], error: MessageCompletedData['error']): WebhookEvent<'message.completed', MessageCompletedData> {
  return {
    id,
    type: 'message.completed',
    createdAt: new Date().toISOString(),
    data: {
      chatId: turn.chatId,
      messageId: turn.messageId,
      channel: turn.channel,
      status: turn.status,
      text: turn.text,
      error: turn.status === 'failed' ? error : null,
      files: files.map(({ id: fileId, name, mime, size, url }) => ({ id: fileId, name, mime, size, url })),
      completedAt: turn.completedAt.toISOString(),
    },
  };
}

export function ping(id: string, endpointId: string): WebhookEvent<typeof PING_EVENT, { endpointId: string }> {
  return { id, type: PING_EVENT, createdAt: new Date().toISOString(), data: { endpointId } };
}
