import { describe, expect, it } from 'vitest';
import { nearestRank, summarizeValues } from '../../../main/jobs/summarize-values.js';

describe('summarizeValues', () => {
  describe('when the values are 1 to 100 in any order', () => {
    it('gives mean 50.5 and nearest-rank p50 50, p95 95, p99 99', () => {
      const values = Array.from({ length: 100 }, (_, i) => 100 - i);

      expect(summarizeValues(values)).toEqual({
        count: 100,
        mean: 50.5,
        min: 1,
        max: 100,
        p50: 50,
        p95: 95,
        p99: 99,
      });
    });
  });

  describe('when there are few values', () => {
    it('picks a sample at or above the rank, never an interpolation', () => {
      expect(summarizeValues([5, 1, 3])).toEqual({
        count: 3,
        mean: 3,
        min: 1,
        max: 5,
        p50: 3,
        p95: 5,
        p99: 5,
      });
      expect(nearestRank([7], 50)).toBe(7);
      expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
      expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    });
  });

  describe('when there are no values', () => {
    it('gives null', () => {
      expect(summarizeValues([])).toBeNull();
    });
  });
});
