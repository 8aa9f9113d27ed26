/** Width of the offline embedding: small enough for exact search, wide enough to keep collisions rare. */
export const LOCAL_EMBEDDING_DIMENSIONS = 384;

const TRIGRAM_WEIGHT = 0.5;

/**
 * A model-free text embedding: lower-cased word unigrams and character trigrams hashed into a fixed
 * number of signed buckets (the "hashing trick"), then L2-normalised. Texts sharing words or word
 * pieces get a higher cosine than unrelated ones; the same text always gets the same vector.
 */
export function localEmbedding(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    add(vector, `w:${word}`, 1);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(vector, `c:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
  // An empty text still gets a unit vector: vector stores reject zero vectors under cosine.
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((v) => v / norm);
}

function add(vector: number[], feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const index = hash % vector.length;
  // A second bit of the hash picks the sign, so colliding features cancel out on average.
  const sign = (hash >>> 31) === 1 ? -1 : 1;
  vector[index] = (vector[index] ?? 0) + sign * weight;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across processes and versions. */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
