import type { AppConfig } from '../../config/app-config';
import type { TurnSnapshot } from '../../modules/chat/turn-snapshot';
import { QueueName } from './queue-name';

/** Job names, as stored in Redis: never rename, only add. Each belongs to exactly one queue. */
export enum JobName {
  PurgeExpiredTokens = 'auth.purge-expired-tokens',
  ProcessMessage = 'chat.process-message',
  RefreshChatSummary = 'chat.refresh-summary',
  DeliverWebhook = 'webhooks.deliver',
  DeliverChannelMessage = 'channels.deliver',
  WhatsAppInbound = 'channels.whatsapp-inbound',
  ExtractFile = 'files.extract',
  VectorizeFile = 'knowledge.vectorize-file',
  RevectorizeOwner = 'knowledge.revectorize',
  CrawlWidgetSource = 'knowledge.crawl-source',
  ExtractMemories = 'memory.extract',
  IndexMemories = 'memory.index',
  IndexFeedback = 'feedback.index',
}

/** The payload of each job: ids and small values, never whole documents (a chat turn's question at most). */
export interface JobPayloads {
  [JobName.PurgeExpiredTokens]: { olderThanS?: number };
  /** Answers the pending assistant message `messageId`, streaming on `trackId`. */
  [JobName.ProcessMessage]: {
    trackId: string;
    /** Who asked: the turn holds one of their generation slots until it ends. */
    userId: string;
    /** Whose generation slot the turn holds instead, when not the user's (a widget session's). */
    slotHolder?: string;
    messageId: string;
    /** The question `messageId` answers, and their chat. */
    userMessageId: string;
    chatId: string;
    /** `timeZone`: the sender's IANA zone, from clients that send it (web chat, widget, API); validated where it came in. */
    options: { modelId: string | null; webSearch: boolean | null; promptTopic: string | null; timeZone?: string };
    /**
     * The turn's rows as the web node built them: queued while they are committed, so the worker
     * starts on the request at once (MessagePipeline.process). The question is bounded
     * (MAX_MESSAGE_LENGTH) and the job is trimmed soon after it completes.
     */
    turn: TurnSnapshot;
    /** Nothing of the turn is stored: it exists in this job alone, which is removed as it ends. */
    incognito?: boolean;
    /** The answer was cut off or stopped: the model goes on from its stored text, appending to it. */
    continuation?: boolean;
    /** The turn opened its chat: there is no conversation before it to read. */
    newChat?: boolean;
    /**
     * Whether the answer's owner had anything indexed to search when the message came in
     * (VectorStore.hasChunks): read by the web node along with its other Redis commands, so the
     * worker can start the answer without waiting for that read. Absent (a job queued by an older
     * node): the worker reads it.
     */
    ownerIndexed?: boolean;
  };
  [JobName.RefreshChatSummary]: { chatId: string };
  /** Sends the stored webhook delivery `deliveryId` (its payload and endpoint are read when it runs). */
  [JobName.DeliverWebhook]: { deliveryId: string };
  /** Sends the stored message `messageId` (an answer or an operator's reply) on its chat's WhatsApp or e-mail channel. */
  [JobName.DeliverChannelMessage]: { messageId: string };
  /**
   * One event of a WhatsApp webhook, as Meta sent it (fields checked by the webhook): a message to
   * take in, or a status update on one we sent. `accountId` is the number it is for.
   */
  [JobName.WhatsAppInbound]:
    | {
        kind: 'message';
        accountId: string;
        phoneNumberId: string;
        /** The sender's WhatsApp profile name (`contacts[].profile.name`). */
        profileName: string | null;
        /** Meta's message object: `id` (wamid), `from`, `timestamp`, `type` and the type's own field. */
        message: { id: string; from: string; timestamp: string; type: string; [field: string]: unknown };
        /** How often it was put back because the sender's previous message was still being answered. */
        deferrals?: number;
      }
    | {
        kind: 'status';
        accountId: string;
        status: { id: string; status: string; recipientId: string | null; error: { code: string; message: string } | null };
      };
  /** Extracts the text of the uploaded file `fileId` (docs/knowledge.md, Documents). */
  [JobName.ExtractFile]: { fileId: string };
  /** Chunks, embeds and indexes the extracted text of file `fileId` (docs/knowledge.md, Retrieval). */
  [JobName.VectorizeFile]: { fileId: string };
  /** Re-embeds everything `ownerUserId` has indexed with the current VECTORIZE model (after the binding changed). */
  [JobName.RevectorizeOwner]: { ownerUserId: string };
  /** Crawls the widget website `sourceId` and indexes its pages (docs/knowledge.md, Widget knowledge). */
  [JobName.CrawlWidgetSource]: { sourceId: string };
  /** Learns facts about `userId` from their message `messageId` (the user's own words, never the answer) in `chatId`. */
  [JobName.ExtractMemories]: { userId: string; chatId: string; messageId: string };
  /** Rebuilds `userId`'s memory index in the vector store from MariaDB. */
  [JobName.IndexMemories]: { userId: string };
  /**
   * Indexes `userId`'s feedback on the answer `messageId` by its question (or removes it when
   * withdrawn); without `messageId`, rebuilds all of the user's (after the embedding model changed).
   */
  [JobName.IndexFeedback]: { userId: string; messageId?: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredTokens]: QueueName.AiHigh,
  [JobName.ProcessMessage]: QueueName.AiHigh,
  [JobName.RefreshChatSummary]: QueueName.AiHigh,
  [JobName.DeliverWebhook]: QueueName.AiHigh,
  [JobName.DeliverChannelMessage]: QueueName.AiHigh,
  [JobName.WhatsAppInbound]: QueueName.AiHigh,
  [JobName.ExtractFile]: QueueName.Extract,
  [JobName.VectorizeFile]: QueueName.Index,
  [JobName.RevectorizeOwner]: QueueName.Index,
  [JobName.CrawlWidgetSource]: QueueName.Index,
  [JobName.ExtractMemories]: QueueName.AiHigh,
  [JobName.IndexMemories]: QueueName.Index,
  [JobName.IndexFeedback]: QueueName.Index,
};

export type JobPayload<N extends JobName> = JobPayloads[N];

/** One enqueueable job: a union discriminated by name, so payload and name always agree. */
export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** A job the worker role runs on a fixed period (one schedule per name, cluster-wide). */
export interface JobSchedule {
  item: JobItem;
  everyMs: number;
}

/** The periodic jobs, with the periods the configuration sets. */
export function jobSchedules(config: AppConfig): readonly JobSchedule[] {
  return [{ item: { name: JobName.PurgeExpiredTokens, data: {} }, everyMs: config.auth.tokenPurgeIntervalS * 1000 }];
}
