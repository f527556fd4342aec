import { describe, expect, it } from 'vitest';
import { digestTransitions } from '../../../main/jobs/report-digest.js';
import { HOUR, MINUTE, REPORT_TICK, WEEK_HISTORY, WEEK_START } from './report-week.js';

const RULES = [
  { id: 'checkout-errors', name: 'Checkout errors' },
  { id: 'old-rule', name: 'old-rule' },
  { id: 'search-latency', name: 'Search latency' },
];
// The first entry is from before the week: the history query would not return it.
const IN_WEEK = WEEK_HISTORY.filter((t) => t.atMs >= WEEK_START);

describe('digestTransitions', () => {
  describe('when a week has firings, flaps and Alerts firing across its ends', () => {
    it('counts firings, time firing, time to resolve and flaps per Rule, busiest first', () => {
      const digests = digestTransitions(IN_WEEK, RULES, WEEK_START, REPORT_TICK);

      expect(digests).toEqual([
        {
          ruleId: 'checkout-errors',
          ruleName: 'Checkout errors',
          firings: 3,
          firingMs: 4.5 * HOUR,
          resolutions: 2,
          meanTimeToResolveMs: 75 * MINUTE,
          flaps: 1,
        },
        {
          ruleId: 'old-rule',
          ruleName: 'old-rule',
          firings: 2,
          firingMs: 30 * MINUTE,
          resolutions: 1,
          meanTimeToResolveMs: 10 * MINUTE,
          flaps: 1,
        },
        {
          ruleId: 'search-latency',
          ruleName: 'Search latency',
          firings: 0,
          firingMs: 0,
          resolutions: 0,
          meanTimeToResolveMs: null,
          flaps: 0,
        },
      ]);
    });
  });

  describe('when a series fires again more than an hour after resolving', () => {
    it('does not count a flap', () => {
      const later = IN_WEEK.map((t) =>
        t.ruleId === 'old-rule' && t.atMs >= Date.parse('2024-05-02T00:40:00Z')
          ? { ...t, atMs: t.atMs + HOUR }
          : t,
      );

      const [, oldRule] = digestTransitions(later, RULES, WEEK_START, REPORT_TICK);

      expect(oldRule).toMatchObject({ ruleId: 'old-rule', firings: 2, flaps: 0 });
    });
  });

  describe('when a transition belongs to a Rule not reported on', () => {
    it('leaves it out', () => {
      const digests = digestTransitions(
        IN_WEEK,
        [{ id: 'search-latency', name: 'Search latency' }],
        WEEK_START,
        REPORT_TICK,
      );

      expect(digests.map((d) => [d.ruleId, d.firings])).toEqual([['search-latency', 0]]);
    });
  });
});
