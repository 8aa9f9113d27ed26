import type { RedisClients } from '../redis/redis.clients';
import { VectorStore, type ScoredChunk, type VectorChunk, type VectorDeletion, type VectorQuery } from './vector-store';

/**
 * How long a note lives. A "has chunks" note outlives everything its owner deletes (searching an
 * owner with nothing is only the old cost); one that lapses is read from the store again.
 */
const NOTE_TTL_S = 3600;

/**
 * The store with a note per owner, in Redis so every node shares it, of whether the owner has
 * anything indexed: `hasChunks` is asked on every chat turn, before its question is embedded, and
 * most owners have nothing to search. A write notes its owners first (a reader that finds no note
 * then cannot have missed a committed chunk); a reader that finds no note asks the store and notes
 * what it found unless a write noted its owner meanwhile (SET NX), so a stale "nothing" never
 * overwrites a write's note. Deletes leave the note: it only says a search may find something.
 */
export class NotedOwnersVectorStore extends VectorStore {
  /** Reads in flight, by owner: a turn asks for its documents, memories and feedback at once. */
  private readonly reads = new Map<string, Promise<boolean>>();

  constructor(
    /** The store itself, which keeps the chunks. */
    readonly store: VectorStore,
    private readonly clients: RedisClients,
  ) {
    super();
  }

  async upsert(chunks: VectorChunk[]): Promise<void> {
    const owners = [...new Set(chunks.map((chunk) => chunk.ownerUserId))];
    // One command per key: on a Redis Cluster the owners' keys hash to different slots.
    await Promise.all(owners.map((owner) => this.clients.app.set(this.key(owner), '1', 'EX', NOTE_TTL_S)));
    await this.store.upsert(chunks);
  }

  search(query: VectorQuery): Promise<ScoredChunk[]> {
    return this.store.search(query);
  }

  delete(deletion: VectorDeletion): Promise<number> {
    return this.store.delete(deletion);
  }

  hasChunks(ownerUserId: string): Promise<boolean> {
    let read = this.reads.get(ownerUserId);
    if (!read) {
      read = this.read(ownerUserId).finally(() => this.reads.delete(ownerUserId));
      this.reads.set(ownerUserId, read);
    }
    return read;
  }

  private async read(ownerUserId: string): Promise<boolean> {
    const key = this.key(ownerUserId);
    const noted = await this.clients.app.get(key);
    if (noted !== null) return noted === '1';
    const has = await this.store.hasChunks(ownerUserId);
    await this.clients.app.set(key, has ? '1' : '0', 'EX', NOTE_TTL_S, 'NX');
    return has;
  }

  private key(ownerUserId: string): string {
    return this.clients.key('vectors', 'owner', ownerUserId);
  }
}
