import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { isDuplicateKeyError } from '../../common/database-errors';
import { debounced } from '../../infra/queue/debounced-job';
import { JobQueueService } from '../../infra/queue/job-queue.service';
import { JobName } from '../../infra/queue/jobs';
import { VectorStore, type VectorGroup } from '../../infra/vector-store/vector-store';
import { Embedder } from '../knowledge/embedder.service';
import type { CreateMemoryDto, MemoryQueryDto, UpdateMemoryDto } from './dto/memory.dto';
import { MemoryDto } from './dto/memory.dto';
import type { MemoryAction } from './memory-actions';
import { memoryLine } from './memory-actions';
import { memoryEmbeddingText } from './memory-cues';
import { MAX_MEMORIES_PER_USER, type Memory } from './memory.entity';
import { MemoriesRepository } from './memories.repository';

/** How many memories a turn recalls, and how similar to the message they must be. */
const RECALL_LIMIT = 5;
const RECALL_MIN_SCORE = 0.18;
/** Only the start of a long message is embedded for recall: what it is about shows early. */
const RECALL_QUERY_CHARS = 2_000;
/** Changes within this period are indexed by one job (see `debounced`). */
const INDEX_DEBOUNCE_MS = 1_000;

/** One turn to learn from: the user's message `messageId` in `chatId`. */
export interface ExtractionTurn {
  userId: string;
  chatId: string;
  messageId: string;
}

export function memoryGroup(userId: string): VectorGroup {
  return { kind: 'memory', id: userId };
}

/**
 * A user's memories (docs/knowledge.md, Memories): MariaDB holds them; the vector store holds an
 * index of them, rebuilt from MariaDB after every change (`memory.index`), so recall finds them by
 * meaning and reads them back from MariaDB (a deleted memory is never recalled).
 */
@Injectable()
export class MemoryService {
  private readonly logger = new Logger(MemoryService.name);

  constructor(
    private readonly memories: MemoriesRepository,
    private readonly jobs: JobQueueService,
    private readonly store: VectorStore,
    private readonly embedder: Embedder,
  ) {}

  async list(userId: string, query: MemoryQueryDto = {}): Promise<MemoryDto[]> {
    return (await this.memories.list(userId, query)).map((memory) => MemoryDto.from(memory));
  }

  /** Creates the fact or replaces the one with the same category and key (201 either way). */
  async create(userId: string, dto: CreateMemoryDto): Promise<MemoryDto> {
    const replaced = await this.memories.findByKey(userId, dto.category, dto.key);
    if (!replaced && (await this.memories.count(userId)) >= MAX_MEMORIES_PER_USER) throw limitReached();
    const memory = await this.memories.upsert(userId, randomUUID(), dto, { chatId: null, messageId: null });
    await this.scheduleIndex(userId);
    return MemoryDto.from(memory);
  }

  async update(userId: string, id: string, dto: UpdateMemoryDto): Promise<MemoryDto> {
    if (!(await this.memories.findOwned(userId, id))) throw notFound();
    const changes = Object.fromEntries(Object.entries({ category: dto.category, key: dto.key, value: dto.value }).filter(([, value]) => value !== undefined));
    let memory: Memory | null;
    try {
      memory = await this.memories.update(userId, id, changes);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AppException(ErrorCode.MemoryExists, 'Another memory has this category and key.');
      throw error;
    }
    if (!memory) throw notFound();
    await this.scheduleIndex(userId);
    return MemoryDto.from(memory);
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.memories.deleteOwned(userId, id))) throw notFound();
    await this.scheduleIndex(userId);
  }

  async deleteAll(userId: string): Promise<void> {
    await this.memories.deleteAll(userId);
    await this.scheduleIndex(userId);
  }

  /**
   * The user's memories most related to `text`, best first (at most 5, none below a minimum
   * similarity), read back from MariaDB: one deleted since the index was built is left out.
   */
  async recall(userId: string, text: string, signal?: AbortSignal): Promise<MemoryDto[]> {
    const query = text.trim().slice(0, RECALL_QUERY_CHARS);
    // A user with nothing indexed has no memory to find: the query is not even embedded.
    if (!query || !(await this.store.hasChunks(userId))) return [];
    const { model, vector } = await this.embedder.query(userId, query, signal);
    const hits = await this.store.search({ ownerUserId: userId, groups: [memoryGroup(userId)], model, vector, limit: RECALL_LIMIT, minScore: RECALL_MIN_SCORE });
    if (hits.length === 0) return [];
    const rows = new Map((await this.memories.findManyOwned(userId, hits.map((hit) => hit.sourceId))).map((memory) => [memory.id, memory]));
    return hits.flatMap((hit) => {
      const memory = rows.get(hit.sourceId);
      return memory ? [MemoryDto.from(memory)] : [];
    });
  }

  /** Queues `memory.extract` for a stored turn: the pipeline calls it once the user's message is answered. */
  async scheduleExtraction(turn: ExtractionTurn): Promise<void> {
    await this.jobs.enqueue({ name: JobName.ExtractMemories, data: turn }, { jobId: `memory-extract-${turn.messageId}` });
  }

  /** For the extraction job: the user's memories, newest first. */
  known(userId: string): Promise<Memory[]> {
    return this.memories.list(userId);
  }

  /**
   * Applies extracted changes: creates replace the same category and key (one statement, so racing
   * jobs leave one row), updates and deletes touch only the user's own memories. A change that
   * cannot apply (the limit reached, a key taken meanwhile, a memory gone) is skipped, not retried.
   * Resolves with how many changes were made.
   */
  async apply(turn: ExtractionTurn, actions: readonly MemoryAction[]): Promise<number> {
    const { userId } = turn;
    let changed = 0;
    for (const action of actions) {
      if (action.op === 'delete') {
        if (await this.memories.deleteOwned(userId, action.id)) changed++;
        continue;
      }
      const fields = { category: action.category, key: action.key, value: action.value };
      try {
        if (action.op === 'update') {
          if (await this.memories.update(userId, action.id, fields)) changed++;
        } else if ((await this.memories.findByKey(userId, fields.category, fields.key)) || (await this.memories.count(userId)) < MAX_MEMORIES_PER_USER) {
          await this.memories.upsert(userId, randomUUID(), fields, { chatId: turn.chatId, messageId: turn.messageId });
          changed++;
        } else {
          this.logger.warn(`memory limit reached for user ${userId}: "${fields.key}" not stored`);
        }
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        this.logger.warn(`memory update skipped for user ${userId}: "${fields.key}" is another memory's key`);
      }
    }
    if (changed > 0) await this.scheduleIndex(userId);
    return changed;
  }

  /**
   * Rebuilds the user's memory index from MariaDB: every memory embedded again, after the old
   * vectors went (embedding first, so the index is empty only between two statements).
   */
  async rebuildIndex(userId: string, signal?: AbortSignal): Promise<number> {
    const memories = await this.memories.list(userId);
    const group = memoryGroup(userId);
    if (memories.length === 0) {
      await this.store.delete({ ownerUserId: userId, group });
      return 0;
    }
    const { model, vectors } = await this.embedder.embed(userId, memories.map(memoryEmbeddingText), { signal });
    await this.store.delete({ ownerUserId: userId, group });
    await this.store.upsert(
      memories.map((memory, i) => ({
        id: `memory:${memory.id}`,
        ownerUserId: userId,
        group,
        sourceId: memory.id,
        source: { title: memory.key },
        text: memoryLine(memory),
        model,
        vector: vectors[i],
      })),
    );
    return memories.length;
  }

  private async scheduleIndex(userId: string): Promise<void> {
    await this.jobs.enqueue({ name: JobName.IndexMemories, data: { userId } }, debounced(`memory-index-${userId}`, INDEX_DEBOUNCE_MS));
  }
}

function notFound(): AppException {
  return new AppException(ErrorCode.NotFound, 'No such memory.');
}

function limitReached(): AppException {
  return new AppException(ErrorCode.MemoryLimitReached, `At most ${MAX_MEMORIES_PER_USER} memories can be kept: delete some first.`);
}
