import { describe, expect, it } from 'vitest';
import {
  formatLabels,
  parseDurationMs,
  parseMatcher,
  parseTimeMs,
} from '../../../main/cli/commands/alert-options.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');

describe('parseTimeMs', () => {
  it('reads now, relative times, ISO 8601 and epoch ms', () => {
    expect(parseTimeMs('now', NOW)).toBe(NOW);
    expect(parseTimeMs('-2h', NOW)).toBe(NOW - 7_200_000);
    expect(parseTimeMs('+1h30m', NOW)).toBe(NOW + 5_400_000);
    expect(parseTimeMs('2026-05-01T12:00:00Z', NOW)).toBe(Date.parse('2026-05-01T12:00:00Z'));
    expect(parseTimeMs('2026-05-01T12:00:00+02:00', NOW)).toBe(Date.parse('2026-05-01T10:00:00Z'));
    expect(parseTimeMs('1777629600000', NOW)).toBe(1_777_629_600_000);
  });

  it('reads a time without an offset as UTC', () => {
    expect(parseTimeMs('2026-05-01T12:00', NOW)).toBe(Date.parse('2026-05-01T12:00:00Z'));
    expect(parseTimeMs('2026-05-01', NOW)).toBe(Date.parse('2026-05-01T00:00:00Z'));
  });

  it('refuses what it would have to guess', () => {
    expect(parseTimeMs('tomorrow', NOW)).toBeUndefined();
    expect(parseTimeMs('-2', NOW)).toBeUndefined();
    expect(parseTimeMs('12', NOW)).toBeUndefined();
    expect(parseTimeMs('2026-13-01', NOW)).toBeUndefined();
  });
});

describe('parseDurationMs', () => {
  it('adds up units', () => {
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('2d')).toBe(172_800_000);
    expect(parseDurationMs('250ms')).toBe(250);
  });

  it('refuses a number without a unit', () => {
    expect(parseDurationMs('90')).toBeUndefined();
    expect(parseDurationMs('1.5h')).toBeUndefined();
  });
});

describe('parseMatcher', () => {
  it('reads the four operators, quoted values included', () => {
    expect(parseMatcher('app=web')).toEqual({ name: 'app', op: '=', value: 'web' });
    expect(parseMatcher('env=~prod.*')).toEqual({ name: 'env', op: '=~', value: 'prod.*' });
    expect(parseMatcher('env!~dev|test')).toEqual({ name: 'env', op: '!~', value: 'dev|test' });
    expect(parseMatcher('app!="a b"')).toEqual({ name: 'app', op: '!=', value: 'a b' });
    expect(parseMatcher('path=a=b')).toEqual({ name: 'path', op: '=', value: 'a=b' });
  });

  it('says what is wrong with a bad matcher', () => {
    expect(parseMatcher('9app=web')).toBe(
      '"9app=web" is not a matcher; expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX',
    );
    expect(parseMatcher('env=~(')).toMatch(
      /^matcher "env=~\(": matcher regex "\(" does not compile/,
    );
  });
});

describe('formatLabels', () => {
  it('lists labels sorted by name, {} when there are none', () => {
    expect(formatLabels({ team: 'core', app: 'web' })).toBe('app=web,team=core');
    expect(formatLabels({})).toBe('{}');
  });
});
