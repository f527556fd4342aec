import { describe, expect, it } from 'vitest';
import { spreadOffsetMs } from '../../../../main/alerts/engine/spread.js';

describe('spreadOffsetMs', () => {
  it('gives a rule the same offset every time', () => {
    expect(spreadOffsetMs('disk-full', 60_000)).toBe(spreadOffsetMs('disk-full', 60_000));
  });

  it('spreads 1,000 rules over every tenth of a one-minute interval', () => {
    const buckets = new Array<number>(10).fill(0);

    for (let i = 0; i < 1_000; i++) {
      const offset = spreadOffsetMs(`rule-${i}`, 60_000);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(60_000);
      buckets[Math.floor(offset / 6_000)]! += 1;
    }

    expect(Math.min(...buckets)).toBeGreaterThan(60);
  });

  it('does not offset a rule without an interval', () => {
    expect(spreadOffsetMs('disk-full', 0)).toBe(0);
  });
});
