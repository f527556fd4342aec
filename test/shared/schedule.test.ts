import { describe, expect, it } from 'vitest';
import { ScheduleSchema, type ScheduleInput } from '../../shared/schedule.js';
import { parseWith } from '../../shared/validation.js';

const MINIMAL: ScheduleInput = {
  id: 'nightly-report',
  name: 'Nightly report',
  cron: '0 2 * * *',
  queue: 'reports',
  job: 'build.report',
};
const JSON_KINDS = 'expected objects, arrays, strings, finite numbers, booleans and null';
const SCHEDULE_KEYS =
  'id, name, cron, tz, queue, job, data, enabled, misfire, dispatch, offsetMs, options';

/** The combined message parseWith gives for `input`, or null when it parses. */
function problemsWith(input: unknown): string | null {
  const result = parseWith(ScheduleSchema, input, 'schedule');
  return result.ok ? null : result.message;
}

describe('ScheduleSchema', () => {
  describe('when the schedule is minimal', () => {
    it('fills in the defaults', () => {
      const result = parseWith(ScheduleSchema, MINIMAL, 'schedule');

      expect(result).toEqual({
        ok: true,
        value: {
          ...MINIMAL,
          tz: 'UTC',
          data: {},
          enabled: true,
          misfire: 'skip',
          dispatch: 'queue',
          offsetMs: 0,
          options: { attempts: 1, keepCompleted: 100, keepFailed: 1_000 },
        },
      });
    });
  });

  describe('when one field is wrong', () => {
    it.each<[string, Record<string, unknown>, string]>([
      [
        'a bad id',
        { id: 'Nightly Report!' },
        'id: id must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got "Nightly Report!"',
      ],
      [
        'a bad cron',
        { cron: '0 9 * *' },
        'cron: cron "0 9 * *" has 4 fields; expected 5 (minute hour day month weekday) or 6 (second minute hour day month weekday)',
      ],
      [
        'a cron that never fires',
        { cron: '0 0 30 2 *' },
        'cron: cron "0 0 30 2 *" never fires: month field "2" has no day "30"',
      ],
      [
        'an unknown zone',
        { tz: 'Mars/Olympus' },
        'tz: time zone "Mars/Olympus" is not a known IANA zone; expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"',
      ],
      [
        'a zone abbreviation',
        { tz: 'EST' },
        'tz: time zone "EST" is an abbreviation or offset, not an IANA name; expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"',
      ],
      [
        'a 65 KiB payload',
        { data: { blob: 'x'.repeat(65 * 1024) } },
        'data: payload is 66571 bytes of JSON; expected at most 65536',
      ],
      [
        'a BigInt in the payload',
        { data: { count: 10n } },
        `data: payload.count is a bigint, which is not JSON; ${JSON_KINDS}`,
      ],
      [
        'a function as the payload',
        { data: () => 'report' },
        `data: payload is a function, which is not JSON; ${JSON_KINDS}`,
      ],
      [
        'a function nested in the payload, which JSON.stringify would drop',
        { data: { steps: [{ run: () => 'report' }] } },
        `data: payload.steps[0].run is a function, which is not JSON; ${JSON_KINDS}`,
      ],
      [
        'a Date in the payload',
        { data: { since: new Date(0) } },
        `data: payload.since is a Date, which is not JSON; ${JSON_KINDS}`,
      ],
      [
        'NaN in the payload',
        { data: { ratio: Number.NaN } },
        `data: payload.ratio is NaN, which is not JSON; ${JSON_KINDS}`,
      ],
      [
        'an unknown extra key',
        { owner: 'ops' },
        `(root): unknown key "owner"; expected only ${SCHEDULE_KEYS}`,
      ],
      [
        'an unknown job option',
        { options: { retries: 3 } },
        'options: unknown key "retries"; expected only attempts, backoff, timeoutMs, priority, keepCompleted, keepFailed',
      ],
    ])('rejects %s with a message naming the field', (_, change, message) => {
      expect(problemsWith({ ...MINIMAL, ...change })).toBe(`invalid schedule: ${message}`);
    });
  });

  describe('when the job is a built-in type with settings', () => {
    const cache = { ...MINIMAL, job: 'cache.refresh', queue: 'platform' };

    it('checks its data when the schedule is saved, naming each setting', () => {
      const data = { sourceId: 'prom', key: 'has:colon', ttlMs: 10 };

      expect(problemsWith({ ...cache, data })).toBe(
        'invalid schedule: data.key: key must be 1-128 of A-Z a-z 0-9 _ . - (no ":" or braces); got "has:colon"; ' +
          'data.ttlMs: ttlMs must be at least 1000 ms',
      );
    });

    it('accepts data that the job accepts', () => {
      const data = { sourceId: 'prom', query: 'up', key: 'up-now', ttlMs: 60_000 };

      expect(problemsWith({ ...cache, data })).toBeNull();
    });

    it('leaves the data of other job types to their processors', () => {
      expect(problemsWith({ ...MINIMAL, data: { ttlMs: 10 } })).toBeNull();
    });
  });

  describe('when the payload refers to itself', () => {
    it('rejects it instead of overflowing the stack', () => {
      const data: Record<string, unknown> = { name: 'loop' };
      data.self = data;

      expect(problemsWith({ ...MINIMAL, data })).toBe(
        `invalid schedule: data: payload.self refers back to itself, which is not JSON; ${JSON_KINDS}`,
      );
    });
  });

  describe('when several fields are wrong', () => {
    it('lists every problem in one message with its path', () => {
      const result = parseWith(
        ScheduleSchema,
        { ...MINIMAL, id: '', cron: '0 25 * * *', tz: '+02:00', owner: 'ops' },
        'schedule',
      );

      expect(result).toEqual({
        ok: false,
        code: 'BAD_REQUEST',
        message:
          'invalid schedule: id: id must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got ""; ' +
          'cron: cron "0 25 * * *": hour field "25" is out of range; expected 0-23; ' +
          'tz: time zone "+02:00" is an abbreviation or offset, not an IANA name; expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"; ' +
          `(root): unknown key "owner"; expected only ${SCHEDULE_KEYS}`,
        issues: [
          {
            path: 'id',
            message: 'id must be 1-64 of a-z 0-9 _ - and start with a letter or digit; got ""',
          },
          {
            path: 'cron',
            message: 'cron "0 25 * * *": hour field "25" is out of range; expected 0-23',
          },
          {
            path: 'tz',
            message:
              'time zone "+02:00" is an abbreviation or offset, not an IANA name; expected an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"',
          },
          { path: '(root)', message: `unknown key "owner"; expected only ${SCHEDULE_KEYS}` },
        ],
      });
    });
  });
});
