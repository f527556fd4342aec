import { describe, expect, it } from 'vitest';
import { parseTickJobId, tickJobId } from '../../../main/scheduler/tick-id.js';
import { ownerOf } from '../../../main/scheduler/rendezvous.js';

describe('tickJobId', () => {
  it('derives the id from the schedule id and the fire time only', () => {
    expect(tickJobId('nightly-report', Date.parse('2026-05-01T02:00:00Z'))).toBe(
      'tick.nightly-report.1777600800000',
    );
  });

  it('parses its own ids back and rejects Bull-generated and foreign ids', () => {
    expect(parseTickJobId('tick.nightly-report.1777600800000')).toEqual({
      scheduleId: 'nightly-report',
      fireMs: 1777600800000,
    });
    expect(parseTickJobId('12345')).toBeNull();
    expect(parseTickJobId('tick.a.b.1')).toBeNull();
    expect(parseTickJobId('tick.x.')).toBeNull();
  });
});

describe('ownerOf', () => {
  const members = ['node-a', 'node-b', 'node-c'];

  it('gives every schedule exactly one owner, the same whatever the member order', () => {
    for (let i = 0; i < 200; i++) {
      const id = `s${i}`;
      expect(ownerOf(id, members)).toBe(ownerOf(id, [...members].reverse()));
    }
  });

  it('spreads schedules over the members', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const owner = ownerOf(`schedule-${i}`, members) ?? '';
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }

    for (const member of members) expect(counts.get(member)).toBeGreaterThan(800);
  });

  describe('when a member leaves', () => {
    it('moves only the schedules that member owned', () => {
      const moved = Array.from({ length: 1000 }, (_, i) => `s${i}`).filter(
        (id) =>
          ownerOf(id, members) !== 'node-c' &&
          ownerOf(id, members) !== ownerOf(id, ['node-a', 'node-b']),
      );

      expect(moved).toEqual([]);
    });
  });

  it('has no owner without members', () => {
    expect(ownerOf('s1', [])).toBeUndefined();
  });
});
