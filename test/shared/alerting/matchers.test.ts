import { describe, expect, it } from 'vitest';
import {
  compileMatchers,
  formatMatchers,
  LabelMatcherSchema,
  type LabelMatcher,
} from '../../../shared/alerting/matchers.js';
import { parseWith } from '../../../shared/validation.js';

const labels = { app: 'web', env: 'prod-eu' };

describe('compileMatchers', () => {
  it.each<[string, LabelMatcher[], boolean]>([
    ['an equal value', [{ name: 'app', op: '=', value: 'web' }], true],
    ['a different value', [{ name: 'app', op: '=', value: 'api' }], false],
    ['a not-equal matcher', [{ name: 'app', op: '!=', value: 'api' }], true],
    ['an anchored regex', [{ name: 'env', op: '=~', value: 'prod' }], false],
    ['a regex over the whole value', [{ name: 'env', op: '=~', value: 'prod-.*' }], true],
    ['a negated regex', [{ name: 'env', op: '!~', value: 'prod-.*' }], false],
    ['a missing label as empty', [{ name: 'team', op: '=', value: '' }], true],
    [
      'every matcher at once',
      [
        { name: 'app', op: '=', value: 'web' },
        { name: 'env', op: '=~', value: 'staging' },
      ],
      false,
    ],
    ['no matchers', [], true],
  ])('decides %s', (_what, matchers, expected) => {
    expect(compileMatchers(matchers)(labels)).toBe(expected);
  });
});

describe('LabelMatcherSchema', () => {
  it.each<[unknown, string]>([
    [
      { name: 'env', op: '=~', value: 'prod(' },
      'value: matcher regex "prod(" does not compile: Invalid regular expression: /^(?:prod()$/u: Unterminated group',
    ],
    [{ name: 'env', op: '~', value: 'x' }, 'op: matcher op must be one of =, !=, =~, !~; got "~"'],
    [
      { name: '1env', op: '=', value: 'x' },
      'name: matcher name must be a label name (A-Z a-z 0-9 _, not starting with a digit); got "1env"',
    ],
  ])('refuses %j', (input, expected) => {
    expect(parseWith(LabelMatcherSchema, input, 'matcher')).toMatchObject({
      ok: false,
      message: `invalid matcher: ${expected}`,
    });
  });
});

describe('formatMatchers', () => {
  it('writes matchers as people do', () => {
    const text = formatMatchers([
      { name: 'app', op: '=', value: 'web' },
      { name: 'env', op: '=~', value: 'prod.*' },
    ]);

    expect(text).toBe('app="web",env=~"prod.*"');
  });
});
