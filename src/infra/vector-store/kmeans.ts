import { dot, seededRandom, TopK } from './vector-math';

/** k unit vectors of `dimensions` values each, packed row after row. */
export interface Centroids {
  k: number;
  dimensions: number;
  values: Float32Array;
}

/**
 * Spherical k-means (cosine): `points` are n unit vectors packed row after row. Starts from k-means++
 * seeds drawn with a seeded PRNG (the same input always gives the same index), then
 * alternates assignment and re-centring for `iterations` rounds or until nothing moves. A cluster
 * left empty is re-seeded with the point its centroid fits worst, so every cluster is used.
 */
export function trainKMeans(points: Float32Array, dimensions: number, k: number, { iterations = 8, seed = 1 } = {}): Centroids {
  const n = points.length / dimensions;
  if (!Number.isInteger(n) || n < k || k < 1) throw new Error(`k-means needs at least k=${k} points of ${dimensions} dimensions`);
  const values = seedCentroids(points, dimensions, k, seededRandom(seed));
  const centroids: Centroids = { k, dimensions, values };
  const assignment = new Int32Array(n).fill(-1);
  const fit = new Float32Array(n);
  for (let round = 0; round < iterations; round++) {
    let moved = 0;
    for (let p = 0; p < n; p++) {
      const { cluster, score } = nearest(centroids, points, p * dimensions);
      if (cluster !== assignment[p]) moved++;
      assignment[p] = cluster;
      fit[p] = score;
    }
    if (moved === 0) break;
    recentre(centroids, points, assignment, fit);
  }
  return centroids;
}

/** The centroid closest (highest dot product) to the vector at `offset` in `matrix`. */
export function nearest(centroids: Centroids, matrix: Float32Array, offset = 0): { cluster: number; score: number } {
  const { k, dimensions, values } = centroids;
  let cluster = 0;
  let score = -Infinity;
  for (let c = 0; c < k; c++) {
    const s = dot(values, matrix, dimensions, c * dimensions, offset);
    if (s > score) {
      score = s;
      cluster = c;
    }
  }
  return { cluster, score };
}

/** The `count` centroids closest to a unit query, closest first: the clusters a search probes. */
export function nearestClusters(centroids: Centroids, query: Float32Array, count: number): number[] {
  const top = new TopK<number>(Math.min(count, centroids.k));
  for (let c = 0; c < centroids.k; c++) top.push(dot(centroids.values, query, centroids.dimensions, c * centroids.dimensions), c);
  return top.sorted().map(({ item }) => item);
}

/**
 * k-means++: each seed is a point drawn with probability proportional to its squared distance from
 * the seeds so far, so seeds spread over the clusters instead of doubling up in one.
 */
function seedCentroids(points: Float32Array, dimensions: number, k: number, random: () => number): Float32Array {
  const n = points.length / dimensions;
  const values = new Float32Array(k * dimensions);
  const distance = new Float64Array(n).fill(Infinity);
  let index = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    values.set(points.subarray(index * dimensions, (index + 1) * dimensions), c * dimensions);
    let total = 0;
    for (let p = 0; p < n; p++) {
      // Squared Euclidean distance between unit vectors: 2 − 2·cos.
      distance[p] = Math.min(distance[p], Math.max(0, 2 - 2 * dot(values, points, dimensions, c * dimensions, p * dimensions)));
      total += distance[p];
    }
    if (total === 0) break;
    let target = random() * total;
    index = n - 1;
    for (let p = 0; p < n; p++) {
      target -= distance[p];
      if (target < 0) {
        index = p;
        break;
      }
    }
  }
  return values;
}

function recentre(centroids: Centroids, points: Float32Array, assignment: Int32Array, fit: Float32Array): void {
  const { k, dimensions, values } = centroids;
  const sums = new Float64Array(k * dimensions);
  const sizes = new Int32Array(k);
  for (let p = 0; p < assignment.length; p++) {
    const c = assignment[p];
    sizes[c]++;
    for (let i = 0; i < dimensions; i++) sums[c * dimensions + i] += points[p * dimensions + i];
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      // The worst-fitting point becomes this cluster's seed; marking its fit keeps it from being taken twice.
      let worst = 0;
      for (let p = 1; p < fit.length; p++) if (fit[p] < fit[worst]) worst = p;
      fit[worst] = Infinity;
      values.set(points.subarray(worst * dimensions, (worst + 1) * dimensions), c * dimensions);
      continue;
    }
    let norm = 0;
    for (let i = 0; i < dimensions; i++) norm += sums[c * dimensions + i] ** 2;
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < dimensions; i++) values[c * dimensions + i] = sums[c * dimensions + i] * inverse;
  }
}
