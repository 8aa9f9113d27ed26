import { describe, expect, it } from 'vitest';
import { dequantise, dot, dotInt8, float32FromBlob, float32ToBlob, int8View, normalise, quantise, quantisedScore, seededRandom, TopK } from './vector-math';

function randomUnit(random: () => number, dimensions: number): Float32Array {
  return normalise(Array.from({ length: dimensions }, () => random() * 2 - 1));
}

describe('vector math', () => {
  it('normalises to unit length and refuses vectors without a direction', () => {
    const unit = normalise([3, 4]);
    expect(Array.from(unit)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(() => normalise([0, 0, 0])).toThrow(/not all zeros/);
    expect(() => normalise([1, Number.NaN])).toThrow(/finite/);
  });

  it('dots packed rows at any offsets, whatever the length modulo 4', () => {
    const matrix = Float32Array.from([9, 9, 1, 2, 3, 4, 5]);
    expect(dot(matrix, Float32Array.from([1, 1, 1, 1, 1]), 5, 2)).toBe(15);
    expect(dot(Float32Array.from([0, 2, 3]), Float32Array.from([7, 1, 1]), 2, 1, 1)).toBe(5);
  });

  it('quantises a unit vector to int8 with the largest magnitude at ±127, close enough for cosine ranking', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const stored = randomUnit(random, 384);
      const query = randomUnit(random, 384);
      const quantised = quantise(stored);
      expect(Math.max(...Array.from(quantised.bytes, Math.abs))).toBe(127);
      const restored = dequantise(quantised);
      for (let i = 0; i < stored.length; i++) expect(Math.abs(restored[i] - stored[i])).toBeLessThanOrEqual(quantised.scale / 2 + 1e-7);
      expect(Math.abs(quantisedScore(query, quantised) - dot(stored, query))).toBeLessThan(0.005);
      expect(quantisedScore(stored, quantised)).toBeCloseTo(1, 3);
    }
  });

  it('reads int8 and float32 vectors back from BLOBs, even at an unaligned offset', () => {
    const vector = Float32Array.from([0.5, -1.25, 3]);
    const unaligned = Buffer.concat([Buffer.from([1]), float32ToBlob(vector)]).subarray(1);
    expect(Array.from(float32FromBlob(unaligned))).toEqual([0.5, -1.25, 3]);
    expect(Array.from(int8View(Buffer.from([0xff, 0x7f, 0x80])))).toEqual([-1, 127, -128]);
    expect(dotInt8(int8View(Buffer.from([0xff, 0x7f, 0x80, 2, 1])), Float32Array.from([1, 1, 1, 0.5, 3]))).toBe(2);
  });

  it('keeps the k best of a stream, best first', () => {
    const top = new TopK<string>(3);
    expect(top.threshold).toBe(-Infinity);
    [5, 1, 9, 3, 7, 2, 8].forEach((score) => top.push(score, `s${score}`));
    expect(top.sorted().map(({ item }) => item)).toEqual(['s9', 's8', 's7']);
    expect(top.threshold).toBe(7);
    const none = new TopK<string>(0);
    none.push(1, 'x');
    expect(none.sorted()).toEqual([]);
  });

  it('draws the same reproducible numbers in [0, 1) from the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(draws).size).toBe(1000);
  });
});
