import { describe, expect, it } from 'vitest';
import { compileCron } from '../../../shared/cron.js';
import type { LedgerEvent } from '../../../shared/ledger.js';
import { buildLedgerReport } from '../../../main/scheduler/ledger-report.js';

const t = (s: number) => Date.parse('2026-05-01T10:00:00Z') + s * 1000;
const produced = (s: number, node: string): LedgerEvent => ({
  tickMs: t(s),
  event: 'produced',
  nodeId: node,
  atMs: t(s) + 5,
  jobId: `tick.x.${t(s)}`,
  lagMs: 5,
});
const completed = (s: number): LedgerEvent => ({
  tickMs: t(s),
  event: 'completed',
  nodeId: 'n1',
  atMs: t(s) + 20,
  attempt: 1,
});

describe('buildLedgerReport', () => {
  it('shows missed ticks from the cron and duplicated ones from the producers', () => {
    const events = [
      produced(0, 'n1'),
      completed(0),
      produced(1, 'n2'),
      produced(1, 'n3'),
      completed(1),
      produced(3, 'n1'),
    ];

    // Newest first, as readLedger returns them.
    const report = buildLedgerReport('x', events.reverse(), compileCron('* * * * * *', 'UTC'));

    expect(report.missed).toBe(1);
    expect(report.duplicated).toBe(1);
    expect(report.ticks.map((r) => [r.tickMs, r.outcome, r.producedBy])).toEqual([
      [t(3), 'pending', ['n1']],
      [t(2), 'missed', []],
      [t(1), 'completed', ['n2', 'n3']],
      [t(0), 'completed', ['n1']],
    ]);
  });

  it('keeps a completed outcome over an earlier failed attempt', () => {
    const failed: LedgerEvent = {
      tickMs: t(0),
      event: 'failed',
      nodeId: 'n1',
      atMs: t(0) + 10,
      attempt: 1,
      error: 'boom',
    };
    const retried: LedgerEvent = { ...completed(0), atMs: t(0) + 30, attempt: 2 };

    const [record] = buildLedgerReport('x', [retried, failed, produced(0, 'n1')], null).ticks;

    expect(record?.outcome).toBe('completed');
    expect(record?.attempts).toBe(2);
  });

  it('counts ticks covered by a skipped entry as skipped, not missed', () => {
    const skipped: LedgerEvent = {
      tickMs: t(4),
      event: 'skipped',
      nodeId: 'n1',
      atMs: t(9),
      count: 4,
    };
    const events = [produced(0, 'n1'), skipped, produced(5, 'n1')];

    const report = buildLedgerReport('x', events.reverse(), compileCron('* * * * * *', 'UTC'));

    expect(report.missed).toBe(0);
    expect(report.ticks.map((r) => [r.tickMs, r.outcome])).toEqual([
      [t(5), 'pending'],
      [t(4), 'skipped'],
      [t(0), 'pending'],
    ]);
  });

  describe('when the schedule started at an edit after its older ticks', () => {
    it('counts no tick before the start as missed: a disabled spell is not a miss', () => {
      // Produced 0-1, disabled, enabled again at 4.5 s: ticks 2-4 were never due.
      const events = [produced(0, 'n1'), produced(1, 'n1'), produced(5, 'n1'), produced(7, 'n1')];

      const report = buildLedgerReport('x', events.reverse(), compileCron('* * * * * *', 'UTC'), {
        startedAtMs: t(4) + 500,
      });

      expect(report.missed).toBe(1);
      expect(report.ticks.map((r) => [r.tickMs, r.outcome])).toEqual([
        [t(7), 'pending'],
        [t(6), 'missed'],
        [t(5), 'pending'],
        [t(1), 'pending'],
        [t(0), 'pending'],
      ]);
    });

    it('counts the gap as missed without a start', () => {
      const events = [produced(0, 'n1'), produced(1, 'n1'), produced(5, 'n1')];

      const report = buildLedgerReport('x', events.reverse(), compileCron('* * * * * *', 'UTC'));

      expect(report.missed).toBe(3);
    });
  });

  describe('when maxTicks is given', () => {
    it('keeps the newest ticks whole and counts only those', () => {
      const events = [
        produced(0, 'n1'),
        completed(0),
        produced(2, 'n1'),
        produced(2, 'n2'),
        completed(2),
        produced(3, 'n1'),
        completed(3),
        produced(4, 'n1'),
        completed(4),
      ];

      const report = buildLedgerReport('x', events.reverse(), compileCron('* * * * * *', 'UTC'), {
        maxTicks: 2,
      });

      expect(report.ticks.map((r) => [r.tickMs, r.outcome, r.producedBy])).toEqual([
        [t(4), 'completed', ['n1']],
        [t(3), 'completed', ['n1']],
      ]);
      expect(report.missed).toBe(0);
      expect(report.duplicated).toBe(0);
    });
  });

  describe('when the events may be cut at the old end', () => {
    it('leaves out the oldest ticks whose production is not in the events', () => {
      // The capped ledger lost "produced" of ticks 0 and 1; their outcomes were written later.
      const events = [completed(0), completed(1), produced(2, 'n1'), completed(2)];

      const cut = buildLedgerReport('x', [...events].reverse(), null, { mayBeCut: true });
      const whole = buildLedgerReport('x', [...events].reverse(), null);

      expect(cut.ticks.map((r) => [r.tickMs, r.jobId])).toEqual([[t(2), `tick.x.${t(2)}`]]);
      expect(whole.ticks.map((r) => [r.tickMs, r.jobId])).toEqual([
        [t(2), `tick.x.${t(2)}`],
        [t(1), null],
        [t(0), null],
      ]);
    });
  });
});
