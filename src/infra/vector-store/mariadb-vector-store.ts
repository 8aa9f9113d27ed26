import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { queryReplica } from '../database/replica-reads';
import { nearest, nearestClusters, trainKMeans, type Centroids } from './kmeans';
import { float32FromBlob, float32ToBlob, int8View, normalise, quantise, quantisedScore, TopK } from './vector-math';
import { chunksByModel, fuseRankings, keywordTerms, VectorStore, type ScoredChunk, type VectorChunk, type VectorChunkSource, type VectorDeletion, type VectorGroup, type VectorGroupKind, type VectorQuery } from './vector-store';

export interface MariaDbVectorStoreOptions {
  /** A search whose scope (owner + groups) holds at most this many rows scores them all, exactly. */
  exactScanLimit: number;
  /** A model's first IVF index is trained once it has this many rows; it is retrained each time they double. */
  minTrainRows: number;
  /** Clusters probed per search, as a share of the index's clusters (and at least minProbes). */
  probeFraction: number;
  minProbes: number;
}

/** Tuned with `npm run bench:knowledge` (docs/knowledge.md): 100,000 384-d chunks in one scope. */
export const DEFAULT_MARIADB_VECTOR_OPTIONS: MariaDbVectorStoreOptions = { exactScanLimit: 3_000, minTrainRows: 4_096, probeFraction: 0.06, minProbes: 8 };

/** Rows per INSERT, and per read while (re)assigning clusters. */
const BATCH_ROWS = 500;
const REASSIGN_BATCH_ROWS = 2_000;
/** k-means trains on this many rows per centroid (a sample), for this many rounds. */
const SAMPLE_ROWS_PER_CLUSTER = 32;
const KMEANS_ITERATIONS = 8;
const UNASSIGNED = -1;

interface IndexState {
  dimensions: number;
  trainedRows: number;
  training: boolean;
  centroids: Centroids | null;
}

interface IndexRow {
  dimensions: number;
  clusters: number;
  trained_rows: number;
  version: number;
  training: number;
}

interface CandidateRow {
  id: string;
  scale: number;
  vector: Buffer;
}

interface PayloadRow {
  id: string;
  group_kind: VectorGroupKind;
  group_id: string;
  source_id: string;
  source: VectorChunkSource | string;
  excerpt: string;
}

interface ReassignRow extends CandidateRow {
  owner_user_id: string;
  cluster_id: number;
}

/**
 * The default vector store, on the application's MariaDB (10.11 has no VECTOR type). Vectors are
 * kept as unit vectors quantised to int8 BLOBs; an IVF index of our own (spherical k-means
 * centroids per embedding model, each row tagged with its nearest centroid, the cluster leading the
 * clustered primary key after model and owner) narrows a large scope's search to the rows of the
 * query's nearest clusters, read as short range scans and re-ranked exactly in JS. Small scopes are
 * scanned whole. docs/knowledge.md ("Vector store") has the design and the measured figures.
 */
export class MariaDbVectorStore extends VectorStore {
  private readonly logger = new Logger(MariaDbVectorStore.name);
  /** Centroids by model, with the index version they belong to (reloaded when another node retrains). */
  private readonly centroidCache = new Map<string, { version: number; centroids: Centroids | null }>();
  /**
   * Index-state reads in flight, by model: a chat turn searches its documents, the user's memories
   * and their feedback at the same moment, and they share one read instead of making three.
   */
  private readonly stateReads = new Map<string, Promise<IndexState | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MariaDbVectorStoreOptions = DEFAULT_MARIADB_VECTOR_OPTIONS,
  ) {
    super();
  }

  async upsert(chunks: VectorChunk[]): Promise<void> {
    for (const [model, ofModel] of chunksByModel(chunks)) {
      const state = await this.indexState(model, ofModel[0].vector.length);
      for (let start = 0; start < ofModel.length; start += BATCH_ROWS) await this.write(model, state, ofModel.slice(start, start + BATCH_ROWS));
      await this.trainIfGrown(model, state);
    }
  }

  async search(query: VectorQuery): Promise<ScoredChunk[]> {
    if (query.groups.length === 0 || query.limit <= 0) return [];
    const state = await this.indexState(query.model);
    if (!state) return [];
    assertDimensions(query.model, state.dimensions, query.vector.length);
    const unit = normalise(query.vector);
    const scope = scopeSql(query.model, query.ownerUserId, query.groups);
    const candidates = (await this.scopeIsLarge(scope, state))
      ? await this.probe(scope, state.centroids as Centroids, unit)
      : await this.read<CandidateRow[]>(`SELECT id, scale, vector FROM vector_chunks WHERE ${scope.sql}`, scope.params);
    const top = new TopK<string>(query.limit);
    const minScore = query.minScore ?? -Infinity;
    for (const row of candidates) {
      const score = quantisedScore(unit, { bytes: int8View(row.vector), scale: row.scale });
      if (score >= minScore && score > top.threshold) top.push(score, row.id);
    }
    const vectorHits = await this.withPayloads(query, top.sorted());
    const terms = query.text ? keywordTerms(query.text) : [];
    if (terms.length === 0) return vectorHits;
    return fuseRankings(vectorHits, await this.keywordHits(scope, terms, unit, query), query.limit);
  }

  async delete({ ownerUserId, group, sourceId }: VectorDeletion): Promise<number> {
    const conditions = ['owner_user_id = ?'];
    const params: unknown[] = [ownerUserId];
    if (group) {
      conditions.push('group_kind = ?', 'group_id = ?');
      params.push(group.kind, group.id);
    }
    if (sourceId !== undefined) {
      conditions.push('source_id = ?');
      params.push(sourceId);
    }
    const result = await this.dataSource.query<{ affectedRows: number }>(`DELETE FROM vector_chunks WHERE ${conditions.join(' AND ')}`, params);
    return result.affectedRows;
  }

  /** On the primary: what it answers is noted for every node (NotedOwnersVectorStore), and a replica may lag. */
  async hasChunks(ownerUserId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM vector_chunks WHERE owner_user_id = ? LIMIT 1', [ownerUserId]);
    return rows.length > 0;
  }

  /**
   * A read of search(): the heaviest reads of a chat turn, and ones that tolerate replication lag
   * (a chunk indexed a moment ago may miss one search), so they go to a read replica when
   * DATABASE_READ_URLS names some. The index state and centroids stay on the primary.
   */
  private read<T>(sql: string, params: unknown[]): Promise<T> {
    return queryReplica<T>(this.dataSource, sql, params);
  }

  /**
   * Retrains the model's index now (normally done by upsert as the model's rows double): the bench
   * and operators use it after a bulk load. Resolves false if another node is training it.
   */
  async train(model: string): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // A named lock is held by this connection: one node trains a model at a time.
      const [{ got }] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [`vector_train:${model}`])) as { got: number | null }[];
      if (Number(got) !== 1) return false;
      try {
        await this.trainLocked(model);
        return true;
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [`vector_train:${model}`]);
      }
    } finally {
      await runner.release();
    }
  }

  private async write(model: string, state: IndexState, chunks: VectorChunk[]): Promise<void> {
    const rows = chunks.map((chunk) => {
      assertDimensions(model, state.dimensions, chunk.vector.length);
      const unit = normalise(chunk.vector);
      const { bytes, scale } = quantise(unit);
      // While an index is being trained its clusters are in flux: the trainer sweeps these rows afterwards.
      const cluster = state.centroids && !state.training ? nearest(state.centroids, unit).cluster : UNASSIGNED;
      return [model, chunk.ownerUserId, cluster, chunk.id, chunk.group.kind, chunk.group.id, chunk.sourceId, JSON.stringify(chunk.source), chunk.text, scale, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
    });
    await this.dataSource.transaction(async (manager) => {
      // The cluster is part of the primary key, so a replaced chunk is deleted and inserted rather
      // than updated; one owner at a time, so the unique key serves the lookup.
      for (const [owner, ids] of idsByOwner(chunks)) {
        await manager.query(`DELETE FROM vector_chunks WHERE model_id = ? AND owner_user_id = ? AND id IN (${ids.map(() => '?').join(', ')})`, [model, owner, ...ids]);
      }
      await manager.query(
        `INSERT INTO vector_chunks (model_id, owner_user_id, cluster_id, id, group_kind, group_id, source_id, source, excerpt, scale, vector) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    });
  }

  /**
   * The keyword half of hybrid search: the scope's chunks InnoDB's full-text index ranks highest
   * for the query's exact terms (keywordTerms: letters and digits only, so no boolean operator can
   * reach the search; any of them matches).
   */
  private async keywordHits(scope: ScopeSql, terms: string[], unit: Float32Array, query: VectorQuery): Promise<ScoredChunk[]> {
    const against = terms.join(' ');
    const rows = await this.read<CandidateRow[]>(
      `SELECT id, scale, vector FROM vector_chunks WHERE ${scope.sql} AND MATCH (excerpt) AGAINST (? IN BOOLEAN MODE) ORDER BY MATCH (excerpt) AGAINST (? IN BOOLEAN MODE) DESC LIMIT ?`,
      [...scope.params, against, against, query.limit],
    );
    return this.withPayloads(
      query,
      rows.map((row) => ({ score: quantisedScore(unit, { bytes: int8View(row.vector), scale: row.scale }), item: row.id })),
    );
  }

  /** Whether the scope is big enough, and the model's index ready, for an IVF probe rather than a whole scan. */
  private async scopeIsLarge(scope: ScopeSql, state: IndexState): Promise<boolean> {
    if (!state.centroids || state.training) return false;
    // Counts at most exactScanLimit + 1 index entries: cheap however large the scope is.
    const [{ n }] = await this.read<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM vector_chunks WHERE ${scope.sql} LIMIT ?) AS scoped`, [
      ...scope.params,
      this.options.exactScanLimit + 1,
    ]);
    return Number(n) > this.options.exactScanLimit;
  }

  /** The scope's rows in the query's nearest clusters (and any not yet assigned), read along the primary key. */
  private probe(scope: ScopeSql, centroids: Centroids, unit: Float32Array): Promise<CandidateRow[]> {
    const probes = Math.max(this.options.minProbes, Math.ceil(centroids.k * this.options.probeFraction));
    const clusters = [UNASSIGNED, ...nearestClusters(centroids, unit, probes)];
    // The primary key (model, owner, cluster, id) turns this into one short range per cluster; left to
    // itself the optimiser may prefer the group index, which would read the whole scope.
    return this.read<CandidateRow[]>(`SELECT id, scale, vector FROM vector_chunks FORCE INDEX (PRIMARY) WHERE ${scope.sql} AND cluster_id IN (${clusters.map(() => '?').join(', ')})`, [
      ...scope.params,
      ...clusters,
    ]);
  }

  private async withPayloads(query: VectorQuery, top: { score: number; item: string }[]): Promise<ScoredChunk[]> {
    if (top.length === 0) return [];
    const rows = await this.read<PayloadRow[]>(
      `SELECT id, group_kind, group_id, source_id, source, excerpt FROM vector_chunks WHERE model_id = ? AND owner_user_id = ? AND id IN (${top.map(() => '?').join(', ')})`,
      [query.model, query.ownerUserId, ...top.map(({ item }) => item)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return top.flatMap(({ score, item }) => {
      const row = byId.get(item);
      // A chunk deleted between the two reads is simply not returned.
      if (!row) return [];
      return [
        {
          id: row.id,
          ownerUserId: query.ownerUserId,
          group: { kind: row.group_kind, id: row.group_id },
          sourceId: row.source_id,
          source: typeof row.source === 'string' ? (JSON.parse(row.source) as VectorChunkSource) : row.source,
          text: row.excerpt,
          model: query.model,
          score,
        },
      ];
    });
  }

  /**
   * The model's index state, its centroids reloaded when the index changed since last read. With
   * `dimensions` (an upsert) the model's index row is created on first use; the model's vectors
   * must all have one width.
   */
  private async indexState(model: string, dimensions: number): Promise<IndexState>;
  private async indexState(model: string): Promise<IndexState | null>;
  private async indexState(model: string, dimensions?: number): Promise<IndexState | null> {
    if (dimensions !== undefined) return this.readIndexState(model, dimensions);
    let read = this.stateReads.get(model);
    if (!read) {
      read = this.readIndexState(model).finally(() => this.stateReads.delete(model));
      this.stateReads.set(model, read);
    }
    return read;
  }

  private async readIndexState(model: string, dimensions?: number): Promise<IndexState | null> {
    const read = () => this.dataSource.query<IndexRow[]>('SELECT dimensions, clusters, trained_rows, version, training FROM vector_indexes WHERE model_id = ?', [model]);
    let [row] = await read();
    if (!row) {
      if (dimensions === undefined) return null;
      await this.dataSource.query('INSERT IGNORE INTO vector_indexes (model_id, dimensions) VALUES (?, ?)', [model, dimensions]);
      [row] = await read();
    }
    if (dimensions !== undefined) assertDimensions(model, row.dimensions, dimensions);
    return { dimensions: row.dimensions, trainedRows: row.trained_rows, training: row.training === 1, centroids: await this.centroids(model, row) };
  }

  private async centroids(model: string, row: IndexRow): Promise<Centroids | null> {
    const cached = this.centroidCache.get(model);
    if (cached && cached.version === row.version) return cached.centroids;
    let centroids: Centroids | null = null;
    if (row.clusters > 0) {
      const rows = await this.dataSource.query<{ centroid: Buffer }[]>('SELECT centroid FROM vector_centroids WHERE model_id = ? ORDER BY cluster_id', [model]);
      const values = new Float32Array(rows.length * row.dimensions);
      rows.forEach(({ centroid }, c) => values.set(float32FromBlob(centroid), c * row.dimensions));
      centroids = { k: rows.length, dimensions: row.dimensions, values };
    }
    this.centroidCache.set(model, { version: row.version, centroids });
    return centroids;
  }

  private async trainIfGrown(model: string, state: IndexState): Promise<void> {
    const rows = await this.modelRows(model);
    if (rows < this.options.minTrainRows || rows < 2 * state.trainedRows) return;
    await this.train(model);
  }

  private async modelRows(model: string): Promise<number> {
    const [{ n }] = await this.dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM vector_chunks WHERE model_id = ?', [model]);
    return Number(n);
  }

  /**
   * Trains new centroids on a sample of the model's rows and moves every row to its nearest one.
   * Meanwhile `training` is set: searches scan their scope exactly (right, if slower) and upserts
   * leave new rows unassigned; those, and rows written since training began, are swept at the end.
   * A failure leaves `training` set, so searches stay exact and the next upsert trains again.
   */
  private async trainLocked(model: string): Promise<void> {
    const started = Date.now();
    const [{ dimensions }] = await this.dataSource.query<{ dimensions: number }[]>('SELECT dimensions FROM vector_indexes WHERE model_id = ?', [model]);
    const rows = await this.modelRows(model);
    if (rows === 0) return;
    // About √n clusters of about √n rows: a probe's centroid scoring and row reading stay balanced.
    const k = Math.max(1, Math.min(Math.round(Math.sqrt(rows)), Math.floor(rows / 4)));
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>('SELECT NOW(3) AS now');
    await this.dataSource.query('UPDATE vector_indexes SET training = 1 WHERE model_id = ?', [model]);
    const sample = await this.dataSource.query<CandidateRow[]>('SELECT id, scale, vector FROM vector_chunks WHERE model_id = ? ORDER BY RAND() LIMIT ?', [model, k * SAMPLE_ROWS_PER_CLUSTER]);
    const points = new Float32Array(sample.length * dimensions);
    sample.forEach((row, p) => {
      const bytes = int8View(row.vector);
      for (let i = 0; i < dimensions; i++) points[p * dimensions + i] = bytes[i] * row.scale;
    });
    const centroids = trainKMeans(points, dimensions, Math.min(k, sample.length), { iterations: KMEANS_ITERATIONS, seed: rows });
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM vector_centroids WHERE model_id = ?', [model]);
      for (let c = 0; c < centroids.k; c += BATCH_ROWS) {
        const batch = Array.from({ length: Math.min(BATCH_ROWS, centroids.k - c) }, (_, i) => c + i);
        await manager.query(`INSERT INTO vector_centroids (model_id, cluster_id, centroid) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`, batch.flatMap((cluster) => [model, cluster, float32ToBlob(centroids.values.subarray(cluster * dimensions, (cluster + 1) * dimensions))]));
      }
    });
    await this.reassign(model, centroids, '');
    await this.dataSource.query('UPDATE vector_indexes SET training = 0, clusters = ?, trained_rows = ?, version = version + 1, trained_at = NOW(3) WHERE model_id = ?', [centroids.k, rows, model]);
    // Rows written while training ran were placed by the old centroids or not at all.
    await this.reassign(model, centroids, 'AND (cluster_id = -1 OR created_at >= ?)', [now]);
    this.logger.log(`vector index for ${model}: ${centroids.k} clusters over ${rows} rows in ${Date.now() - started} ms`);
  }

  /** Moves the model's rows (those matching `filter`) to their nearest centroid, a batch at a time along the unique key. */
  private async reassign(model: string, centroids: Centroids, filter: string, filterParams: unknown[] = []): Promise<void> {
    let after: { owner: string; id: string } | null = null;
    for (;;) {
      const cursor: string = after ? 'AND (owner_user_id > ? OR (owner_user_id = ? AND id > ?))' : '';
      const cursorParams = after ? [after.owner, after.owner, after.id] : [];
      const batch: ReassignRow[] = await this.dataSource.query<ReassignRow[]>(
        `SELECT owner_user_id, id, cluster_id, scale, vector FROM vector_chunks FORCE INDEX (uq_vector_chunks_id) WHERE model_id = ? ${filter} ${cursor} ORDER BY owner_user_id, id LIMIT ?`,
        [model, ...filterParams, ...cursorParams, REASSIGN_BATCH_ROWS],
      );
      if (batch.length === 0) return;
      const moves = new Map<string, { id: string; cluster: number }[]>();
      const query = new Float32Array(centroids.dimensions);
      for (const row of batch) {
        const bytes = int8View(row.vector);
        for (let i = 0; i < query.length; i++) query[i] = bytes[i] * row.scale;
        const { cluster } = nearest(centroids, query);
        if (cluster !== row.cluster_id) pushTo(moves, row.owner_user_id, { id: row.id, cluster });
      }
      await this.dataSource.transaction(async (manager) => {
        for (const [owner, moved] of moves) {
          await manager.query(`UPDATE vector_chunks SET cluster_id = CASE id ${moved.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE model_id = ? AND owner_user_id = ? AND id IN (${moved.map(() => '?').join(', ')})`, [
            ...moved.flatMap(({ id, cluster }) => [id, cluster]),
            model,
            owner,
            ...moved.map(({ id }) => id),
          ]);
        }
      });
      const last = batch[batch.length - 1];
      after = { owner: last.owner_user_id, id: last.id };
    }
  }
}

interface ScopeSql {
  sql: string;
  params: unknown[];
}

function scopeSql(model: string, ownerUserId: string, groups: VectorGroup[]): ScopeSql {
  return {
    sql: `model_id = ? AND owner_user_id = ? AND (group_kind, group_id) IN (${groups.map(() => '(?, ?)').join(', ')})`,
    params: [model, ownerUserId, ...groups.flatMap((group) => [group.kind, group.id])],
  };
}

function assertDimensions(model: string, expected: number, actual: number): void {
  if (expected !== actual) throw new Error(`embedding model ${model} has ${expected}-dimension vectors, not ${actual}`);
}

function idsByOwner(chunks: VectorChunk[]): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const chunk of chunks) pushTo(byOwner, chunk.ownerUserId, chunk.id);
  return byOwner;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
