/**
 * The BullMQ queues (docs/api.md, queues and jobs). Values are persisted in Redis keys and shared by every node of a
 * running cluster: never rename them, only add.
 */
export enum QueueName {
  /** Inbound message processing, memory extraction, summaries, housekeeping. */
  AiHigh = 'async_ai_high',
  /** Document text extraction. */
  Extract = 'async_extract',
  /** Vectorization, re-vectorization, widget URL crawling. */
  Index = 'async_index',
}

export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);
