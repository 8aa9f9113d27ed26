/**
 * `npm run bench:knowledge` — the knowledge base's figures, against the targets of issue 9:
 *   - ingest throughput (MB of extracted text per minute): its own section, added with the ingest
 *     pipeline (see INGEST below);
 *   - search: 100,000 chunks of 384 dimensions, all in one owner's scope (the worst case), loaded
 *     through the MariaDB vector store's upsert (which trains its IVF index as they arrive), then
 *     the same queries answered by the store and by a brute-force scan of the same vectors in a
 *     plain Float32Array in this process: latency p50/p90/p99 of each, and the store's recall@10
 *     against that exact scan.
 * The vectors are random but clustered like embeddings of many topics, drawn from a seeded PRNG so
 * every run measures the same data. Needs MariaDB on localhost (a fresh database, dropped after).
 * BENCH_KNOWLEDGE_CHUNKS and BENCH_KNOWLEDGE_QUERIES override the sizes for a quick look;
 * BENCH_KNOWLEDGE_TOPICS the number of topics (fewer chunks per topic make an IVF index's job harder).
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/infra/database/data-source-options';
import { DEFAULT_MARIADB_VECTOR_OPTIONS, MariaDbVectorStore } from '../src/infra/vector-store/mariadb-vector-store';
import { dot, normalise, seededRandom, TopK } from '../src/infra/vector-store/vector-math';
import type { VectorChunk } from '../src/infra/vector-store/vector-store';
import { TestEnvironment } from '../test/support/test-environment';
import { percentile } from './stats';

const CHUNKS = Number(process.env.BENCH_KNOWLEDGE_CHUNKS ?? 100_000);
const QUERIES = Number(process.env.BENCH_KNOWLEDGE_QUERIES ?? 200);
const DIMENSIONS = 384;
/** Topics the chunks are spread over (100 chunks each at 100,000); a chunk is its topic's direction plus noise (cosine ≈ 0.7 to it). */
const TOPICS = Number(process.env.BENCH_KNOWLEDGE_TOPICS ?? 1_000);
const NOISE_NORM = 1;
const WARMUP_QUERIES = 20;
const LOAD_BATCH = 1_000;
const LIMIT = 10;
const MODEL = 'bench-embedding-384';
const OWNER = '00000000-0000-4000-8000-000000000001';
const GROUP = { kind: 'chat', id: 'bench-chat' } as const;

/** Other shares of the clusters probed, measured after the shipped setting. */
const PROBE_SWEEP = [0.03, 0.1, 0.15];

const TARGETS = { searchP50Ms: 50, recallAt10: 0.95 };

/** Standard normal draws (Box–Muller) from the seeded PRNG. */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` unit vectors near the given topic directions, packed row after row. */
function nearTopics(count: number, topics: Float32Array[], random: () => number): Float32Array {
  const normal = gaussian(random);
  const noiseScale = NOISE_NORM / Math.sqrt(DIMENSIONS);
  const packed = new Float32Array(count * DIMENSIONS);
  const row = new Float32Array(DIMENSIONS);
  for (let i = 0; i < count; i++) {
    const topic = topics[Math.floor(random() * topics.length)];
    for (let d = 0; d < DIMENSIONS; d++) row[d] = topic[d] + normal() * noiseScale;
    packed.set(normalise(row), i * DIMENSIONS);
  }
  return packed;
}

/** The exact top ids of `query` over the packed vectors: the baseline, one plain loop. */
function bruteForce(vectors: Float32Array, query: Float32Array): string[] {
  const top = new TopK<number>(LIMIT);
  for (let i = 0, offset = 0; offset < vectors.length; i++, offset += DIMENSIONS) {
    const score = dot(vectors, query, DIMENSIONS, offset);
    if (score > top.threshold) top.push(score, i);
  }
  return top.sorted().map(({ item }) => chunkId(item));
}

function chunkId(index: number): string {
  return `chunk-${index}`;
}

function msSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface Figures {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function figures(samples: number[]): Figures {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/**
 * Runs every query through the store (the first WARMUP_QUERIES unmeasured), calling `before` ahead
 * of each: latency figures and recall@LIMIT against the exact ids.
 */
async function measure(store: MariaDbVectorStore, queries: Float32Array, before: (q: number, query: Float32Array) => void, exactIds: Set<string>[]): Promise<{ figures: Figures; recall: number }> {
  const storeMs: number[] = [];
  let hits = 0;
  for (let q = 0; q < WARMUP_QUERIES + QUERIES; q++) {
    const query = queries.subarray(q * DIMENSIONS, (q + 1) * DIMENSIONS);
    before(q, query);
    const started = process.hrtime.bigint();
    const found = await store.search({ ownerUserId: OWNER, groups: [GROUP], model: MODEL, vector: query, limit: LIMIT });
    if (q < WARMUP_QUERIES) continue;
    storeMs.push(msSince(started));
    hits += found.filter(({ id }) => exactIds[q].has(id)).length;
  }
  return { figures: figures(storeMs), recall: hits / (QUERIES * LIMIT) };
}

function verdict(ok: boolean): string {
  return ok ? 'OK' : 'MISSED';
}

async function searchSection(env: TestEnvironment): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(env.config()));
  await dataSource.initialize();
  try {
    await env.query("INSERT INTO users (id, email, name, password_hash) VALUES (?, 'bench@example.test', 'Bench', 'unused')", [OWNER]);
    const store = new MariaDbVectorStore(dataSource);
    const random = seededRandom(20_261_202);
    const normal = gaussian(random);
    const topics = Array.from({ length: TOPICS }, () => normalise(Array.from({ length: DIMENSIONS }, normal)));
    const vectors = nearTopics(CHUNKS, topics, random);
    const queries = nearTopics(WARMUP_QUERIES + QUERIES, topics, random);

    console.log(`Search: ${CHUNKS.toLocaleString('en')} chunks × ${DIMENSIONS} dimensions, one owner and group, ${TOPICS} topics; ${QUERIES} queries, top ${LIMIT}`);
    const loadStarted = process.hrtime.bigint();
    for (let start = 0; start < CHUNKS; start += LOAD_BATCH) {
      const batch: VectorChunk[] = [];
      for (let i = start; i < Math.min(CHUNKS, start + LOAD_BATCH); i++) {
        batch.push({ id: chunkId(i), ownerUserId: OWNER, group: GROUP, sourceId: `file-${Math.floor(i / 50)}`, source: { fileId: `file-${Math.floor(i / 50)}`, page: (i % 50) + 1 }, text: `Passage ${i}.`, model: MODEL, vector: vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS) });
      }
      await store.upsert(batch);
    }
    const loadS = msSince(loadStarted) / 1000;
    const [index] = await env.query<{ clusters: number; trained_rows: number }>('SELECT clusters, trained_rows FROM vector_indexes WHERE model_id = ?', [MODEL]);
    console.log(`  loaded through upsert in ${loadS.toFixed(1)} s (${Math.round(CHUNKS / loadS)} chunks/s, index training included): ${index.clusters} clusters trained on ${index.trained_rows} rows`);

    // The shipped settings first, alternating with the brute-force scan query by query so both see
    // the same machine; then other probe shares over the same queries, to show the trade-off.
    const exactIds: Set<string>[] = [];
    const scanMs: number[] = [];
    const shipped = await measure(store, queries, (q, query) => {
      const started = process.hrtime.bigint();
      exactIds[q] = new Set(bruteForce(vectors, query));
      if (q >= WARMUP_QUERIES) scanMs.push(msSince(started));
    }, exactIds);
    const scanFigures = figures(scanMs);
    const row = (label: string, f: Figures) => `  ${label.padEnd(44)} p50 ${f.p50.toFixed(1).padStart(6)} ms   p90 ${f.p90.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   max ${f.max.toFixed(1).padStart(6)} ms`;
    const probes = (fraction: number) => Math.max(DEFAULT_MARIADB_VECTOR_OPTIONS.minProbes, Math.ceil(index.clusters * fraction));
    console.log(row(`MariaDB store, ${probes(DEFAULT_MARIADB_VECTOR_OPTIONS.probeFraction)} probes (shipped)`, shipped.figures) + `   recall@${LIMIT} ${shipped.recall.toFixed(4)}`);
    console.log(row('brute force, Float32Array in JS', scanFigures));
    console.log(`  store / brute force at p50: ${(shipped.figures.p50 / scanFigures.p50).toFixed(2)}×`);
    for (const probeFraction of PROBE_SWEEP) {
      const other = await measure(new MariaDbVectorStore(dataSource, { ...DEFAULT_MARIADB_VECTOR_OPTIONS, probeFraction }), queries, () => undefined, exactIds);
      console.log(row(`MariaDB store, ${probes(probeFraction)} probes`, other.figures) + `   recall@${LIMIT} ${other.recall.toFixed(4)}`);
    }
    console.log(`  target search p50 ≤ ${TARGETS.searchP50Ms} ms: ${shipped.figures.p50.toFixed(1)} ms (${(shipped.figures.p50 / TARGETS.searchP50Ms).toFixed(2)} of it) ${verdict(shipped.figures.p50 <= TARGETS.searchP50Ms)}`);
    console.log(`  target recall@${LIMIT} ≥ ${TARGETS.recallAt10}: ${shipped.recall.toFixed(4)} ${verdict(shipped.recall >= TARGETS.recallAt10)}`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * INGEST: the ingest-throughput section (PDFs through extraction, chunking and the offline
 * embedder, in MB of text per minute, target ≥ 10) belongs here, run before searchSection with the
 * same TestEnvironment.
 */
const SECTIONS: ((env: TestEnvironment) => Promise<void>)[] = [searchSection];

async function main(): Promise<void> {
  const env = await TestEnvironment.create({ name: 'sb_bench' });
  try {
    for (const section of SECTIONS) await section(env);
  } finally {
    await env.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
