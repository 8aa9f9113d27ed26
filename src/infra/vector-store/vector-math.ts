/**
 * The numeric core of the MariaDB vector store: unit vectors, their int8 form and dot products.
 * Every store compares by cosine similarity, so vectors are normalised once, on the way in, and a
 * score is a plain dot product.
 */

/** A copy of `vector` scaled to length 1 (a zero vector is refused: it has no direction). */
export function normalise(vector: ArrayLike<number>): Float32Array {
  const unit = Float32Array.from(vector);
  let sum = 0;
  for (let i = 0; i < unit.length; i++) sum += unit[i] * unit[i];
  if (!(sum > 0) || !Number.isFinite(sum)) throw new Error('a vector must be finite and not all zeros');
  const inverse = 1 / Math.sqrt(sum);
  for (let i = 0; i < unit.length; i++) unit[i] *= inverse;
  return unit;
}

/** A vector as one signed byte per dimension plus the factor that turns the bytes back into floats. */
export interface Quantised {
  bytes: Int8Array;
  scale: number;
}

/**
 * Symmetric per-vector int8 quantisation: the largest magnitude maps to ±127. A quarter of the
 * float32 size, and the rounding error (at most scale / 2 per dimension) moves a 384-d cosine by
 * well under 0.01, which the exact re-ranking in float32 against the query absorbs.
 */
export function quantise(vector: Float32Array): Quantised {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i++) bytes[i] = Math.round(vector[i] / scale);
  return { bytes, scale };
}

export function dequantise({ bytes, scale }: Quantised): Float32Array {
  const vector = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) vector[i] = bytes[i] * scale;
  return vector;
}

/**
 * Σ a[aOffset+i]·b[bOffset+i] for i < length (offsets let rows of a packed matrix be read without a
 * copy). Float32Array only, like dotInt8's Int8Array: a loop V8 sees one array type in stays fast,
 * one fed several types (or plain arrays) runs several times slower.
 */
export function dot(a: Float32Array, b: Float32Array, length = b.length, aOffset = 0, bOffset = 0): number {
  // Four accumulators let V8 keep independent chains in flight; this loop is the store's hot path.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aOffset + i] * b[bOffset + i];
    s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
    s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
    s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
  }
  for (; i < length; i++) s0 += a[aOffset + i] * b[bOffset + i];
  return s0 + s1 + s2 + s3;
}

/** Σ bytes[i]·query[i]: dot's twin for int8 rows. */
export function dotInt8(bytes: Int8Array, query: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const length = query.length;
  for (; i + 3 < length; i += 4) {
    s0 += bytes[i] * query[i];
    s1 += bytes[i + 1] * query[i + 1];
    s2 += bytes[i + 2] * query[i + 2];
    s3 += bytes[i + 3] * query[i + 3];
  }
  for (; i < length; i++) s0 += bytes[i] * query[i];
  return s0 + s1 + s2 + s3;
}

/** The cosine of a unit query with a stored int8 vector (the stored vector was a unit vector before quantisation). */
export function quantisedScore(query: Float32Array, stored: Quantised): number {
  return dotInt8(stored.bytes, query) * stored.scale;
}

/** Int8 bytes read from a BLOB, without copying. */
export function int8View(blob: Buffer): Int8Array {
  return new Int8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}

/** Float32 values read from a BLOB (copied: a Buffer's offset need not be 4-byte aligned). */
export function float32FromBlob(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

export function float32ToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/**
 * Keeps the `limit` highest-scoring items seen, in a bounded min-heap: O(n log limit) over n
 * candidates instead of sorting them all.
 */
export class TopK<T> {
  private readonly heap: { score: number; item: T }[] = [];

  constructor(private readonly limit: number) {}

  /** The score an item must beat to get in (−∞ while there is room). */
  get threshold(): number {
    return this.heap.length < this.limit ? -Infinity : this.heap[0].score;
  }

  push(score: number, item: T): void {
    if (this.limit <= 0) return;
    if (this.heap.length < this.limit) {
      this.heap.push({ score, item });
      this.siftUp(this.heap.length - 1);
    } else if (score > this.heap[0].score) {
      this.heap[0] = { score, item };
      this.siftDown(0);
    }
  }

  /** Highest score first. */
  sorted(): { score: number; item: T }[] {
    return [...this.heap].sort((a, b) => b.score - a.score);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].score <= heap[index].score) return;
      [heap[parent], heap[index]] = [heap[index], heap[parent]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left].score < heap[smallest].score) smallest = left;
      if (right < heap.length && heap[right].score < heap[smallest].score) smallest = right;
      if (smallest === index) return;
      [heap[smallest], heap[index]] = [heap[index], heap[smallest]];
      index = smallest;
    }
  }
}

/** A small, fast, seeded PRNG (mulberry32) returning floats in [0, 1): training samples and benches are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
