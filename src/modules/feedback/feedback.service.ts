import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { debounced } from '../../infra/queue/debounced-job';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { VectorStore, type VectorChunk, type VectorGroup } from '../../infra/vector-store/vector-store';
import { ChatService } from '../chat/chat.service';
import { Embedder } from '../knowledge/embedder.service';
import { FeedbackDto, type GiveFeedbackDto } from './dto/feedback.dto';
import type { Feedback } from './feedback.entity';
import type { FeedbackExample } from './feedback-prompt';
import { FeedbackRepository } from './feedback.repository';

/** Questions are copied up to this length, answers as an excerpt of it: examples show the gist. */
const MAX_QUESTION_CHARS = 4_000;
const MAX_ANSWER_EXCERPT_CHARS = 1_000;
/** Examples recalled per kind, among this many nearest questions, none below the minimum similarity. */
const EXAMPLES_PER_KIND = 2;
const EXAMPLE_CANDIDATES = 12;
const EXAMPLE_MIN_SCORE = 0.3;
const EXAMPLE_QUERY_CHARS = 2_000;
const INDEX_DEBOUNCE_MS = 1_000;

export function feedbackGroup(userId: string): VectorGroup {
  return { kind: 'feedback', id: userId };
}

/**
 * Feedback on answers (docs/knowledge.md, Feedback): thumbs up or down and a note, one per user
 * and answer. Each is indexed by its question (`feedback.index`), so later similar questions
 * recall it as an example to follow or to avoid.
 */
@Injectable()
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackRepository,
    private readonly chats: ChatService,
    private readonly jobs: JobQueueService,
    private readonly store: VectorStore,
    private readonly embedder: Embedder,
  ) {}

  /** Records (or replaces) the caller's verdict on an answer in one of their chats; 404 for anything else. */
  async give(userId: string, dto: GiveFeedbackDto): Promise<FeedbackDto> {
    const answer = await this.chats.findMessage(userId, dto.messageId);
    if (!answer || answer.role !== 'assistant') throw new AppException(ErrorCode.NotFound, 'No such answer.');
    const question = answer.replyToId ? await this.chats.findMessage(userId, answer.replyToId) : null;
    const saved = await this.feedback.save({
      userId,
      messageId: answer.id,
      chatId: answer.chatId,
      kind: dto.kind,
      note: dto.note ? dto.note : null,
      question: (question?.text ?? '').slice(0, MAX_QUESTION_CHARS),
      answerExcerpt: answer.text.slice(0, MAX_ANSWER_EXCERPT_CHARS),
    });
    await this.scheduleIndex(userId, answer.id);
    return FeedbackDto.from(saved);
  }

  async delete(userId: string, messageId: string): Promise<void> {
    if (!(await this.feedback.delete(userId, messageId))) throw new AppException(ErrorCode.NotFound, 'No feedback on this answer.');
    await this.store.delete({ ownerUserId: userId, group: feedbackGroup(userId), sourceId: messageId });
  }

  /** The caller's feedback on the answers of one of their chats. */
  async listForChat(userId: string, chatId: string): Promise<FeedbackDto[]> {
    if (!(await this.chats.exists(userId, chatId))) throw new AppException(ErrorCode.NotFound, 'No such chat.');
    return (await this.feedback.listForChat(userId, chatId)).map((row) => FeedbackDto.from(row));
  }

  /**
   * Earlier answers the user judged, to questions like `text`: up to two liked and two disliked,
   * most similar first, read back from MariaDB (feedback withdrawn since is left out).
   */
  async examples(userId: string, text: string, signal?: AbortSignal): Promise<FeedbackExample[]> {
    const query = text.trim().slice(0, EXAMPLE_QUERY_CHARS);
    // A user with nothing indexed has no feedback to find: the query is not even embedded.
    if (!query || !(await this.store.hasChunks(userId))) return [];
    const { model, vector } = await this.embedder.query(userId, query, signal);
    const hits = await this.store.search({ ownerUserId: userId, groups: [feedbackGroup(userId)], model, vector, limit: EXAMPLE_CANDIDATES, minScore: EXAMPLE_MIN_SCORE });
    const rows = new Map((await this.feedback.findMany(userId, hits.map((hit) => hit.sourceId))).map((row) => [row.messageId, row]));
    const picked: FeedbackExample[] = [];
    const taken = { positive: 0, negative: 0 };
    for (const hit of hits) {
      const row = rows.get(hit.sourceId);
      if (!row || taken[row.kind] >= EXAMPLES_PER_KIND) continue;
      taken[row.kind]++;
      picked.push({ kind: row.kind, question: row.question, answer: row.answerExcerpt, note: row.note });
    }
    return picked;
  }

  /**
   * Indexes the feedback on `messageId` by its question, or removes it from the index when it is
   * gone (or has no question to find it by). Reads the row when it runs, so it is idempotent.
   */
  async index(userId: string, messageId: string, signal?: AbortSignal): Promise<boolean> {
    const group = feedbackGroup(userId);
    const row = await this.feedback.find(userId, messageId);
    if (!row || !row.question.trim()) {
      await this.store.delete({ ownerUserId: userId, group, sourceId: messageId });
      return false;
    }
    const { model, vectors } = await this.embedder.embed(userId, [row.question], { signal });
    // The vector of an earlier embedding model goes first; the same model's is replaced by id.
    await this.store.delete({ ownerUserId: userId, group, sourceId: messageId });
    await this.store.upsert([chunkOf(row, model, vectors[0])]);
    return true;
  }

  /**
   * Re-embeds all of the user's feedback (after the VECTORIZE binding changed: vectors of two models
   * are never compared, so the old ones would find nothing). Resolves with how many were indexed.
   */
  async rebuildIndex(userId: string, signal?: AbortSignal): Promise<number> {
    const group = feedbackGroup(userId);
    const rows = (await this.feedback.listAll(userId)).filter((row) => row.question.trim());
    const { model, vectors } = await this.embedder.embed(userId, rows.map((row) => row.question), { signal });
    await this.store.delete({ ownerUserId: userId, group });
    if (rows.length > 0) await this.store.upsert(rows.map((row, i) => chunkOf(row, model, vectors[i])));
    return rows.length;
  }

  private async scheduleIndex(userId: string, messageId: string): Promise<void> {
    await this.jobs.enqueue({ name: JobName.IndexFeedback, data: { userId, messageId } }, debounced(`feedback-index-${messageId}`, INDEX_DEBOUNCE_MS));
  }
}

/** A feedback's vector: its question, found by the answer's id. */
function chunkOf(row: Feedback, model: string, vector: number[]): VectorChunk {
  return { id: `feedback:${row.messageId}`, ownerUserId: row.userId, group: feedbackGroup(row.userId), sourceId: row.messageId, source: { title: row.kind }, text: row.question, model, vector };
}
