import { describe, expect, it } from 'vitest';
import { nearest, nearestClusters, trainKMeans } from './kmeans';
import { normalise, seededRandom } from './vector-math';

const DIMENSIONS = 16;

/** `perCluster` noisy unit vectors around each of `centres` random unit directions, packed. */
function clusteredPoints(centres: number, perCluster: number, seed: number): { points: Float32Array; truth: Float32Array[] } {
  const random = seededRandom(seed);
  const truth = Array.from({ length: centres }, () => normalise(Array.from({ length: DIMENSIONS }, () => random() * 2 - 1)));
  const points = new Float32Array(centres * perCluster * DIMENSIONS);
  truth.forEach((centre, c) => {
    for (let p = 0; p < perCluster; p++) {
      const point = normalise(Array.from(centre, (value) => value + (random() - 0.5) * 0.1));
      points.set(point, (c * perCluster + p) * DIMENSIONS);
    }
  });
  return { points, truth };
}

describe('spherical k-means', () => {
  it('finds well-separated clusters: each true centre gets a centroid of its own, close to it', () => {
    const { points, truth } = clusteredPoints(6, 50, 3);
    const centroids = trainKMeans(points, DIMENSIONS, 6, { iterations: 20, seed: 5 });
    const owners = truth.map((centre) => nearest(centroids, centre));
    expect(new Set(owners.map(({ cluster }) => cluster)).size).toBe(6);
    for (const { score } of owners) expect(score).toBeGreaterThan(0.99);
  });

  it('returns unit centroids and is reproducible for a seed', () => {
    const { points } = clusteredPoints(4, 30, 9);
    const first = trainKMeans(points, DIMENSIONS, 8, { seed: 11 });
    expect(trainKMeans(points, DIMENSIONS, 8, { seed: 11 }).values).toEqual(first.values);
    for (let c = 0; c < first.k; c++) {
      const row = first.values.subarray(c * DIMENSIONS, (c + 1) * DIMENSIONS);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
  });

  it('puts points of one true cluster together', () => {
    const { points } = clusteredPoints(5, 40, 21);
    const centroids = trainKMeans(points, DIMENSIONS, 5, { iterations: 20, seed: 2 });
    for (let c = 0; c < 5; c++) {
      const clusters = new Set(Array.from({ length: 40 }, (_, p) => nearest(centroids, points, (c * 40 + p) * DIMENSIONS).cluster));
      expect(clusters.size).toBe(1);
    }
  });

  it('ranks clusters for a probe, nearest first, at most k of them', () => {
    const { points, truth } = clusteredPoints(6, 20, 4);
    const centroids = trainKMeans(points, DIMENSIONS, 6, { iterations: 20 });
    const ranked = nearestClusters(centroids, truth[2], 10);
    expect(ranked).toHaveLength(6);
    expect(ranked[0]).toBe(nearest(centroids, truth[2]).cluster);
    expect(new Set(ranked).size).toBe(6);
  });

  it('refuses fewer points than clusters', () => {
    expect(() => trainKMeans(new Float32Array(3 * DIMENSIONS), DIMENSIONS, 4)).toThrow(/at least k=4/);
  });
});
