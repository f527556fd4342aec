import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  formatPath,
  parseDocumentText,
  renderDocumentText,
} from '../../../main/config/document-text.js';

const YAML_TEXT = [
  'version: 1',
  'rules:',
  '  - id: a',
  '    condition:',
  '      op: ">"',
  '      threshold: 5',
  '  - id: b',
  '    labels: { team: core }',
  '',
].join('\n');

describe('formatPath', () => {
  it('writes indexes in brackets and odd keys quoted', () => {
    expect(formatPath(['rules', 2, 'condition', 'threshold'])).toBe('rules[2].condition.threshold');
    expect(formatPath(['channels', 0, 'headers', 'X-Token'])).toBe('channels[0].headers.X-Token');
    expect(formatPath(['rules', 0, 'labels', 'a.b'])).toBe('rules[0].labels["a.b"]');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('detectFormat', () => {
  it('goes by the extension, then by the first character', () => {
    expect(detectFormat('a.JSON', 'version: 1')).toBe('json');
    expect(detectFormat('a.yml', '{}')).toBe('yaml');
    expect(detectFormat('a.conf', '  {"version": 1}')).toBe('json');
    expect(detectFormat('-', 'version: 1')).toBe('yaml');
  });
});

describe('parseDocumentText', () => {
  describe('when the text is YAML', () => {
    it('tells the line of a path, or of its nearest existing parent', () => {
      const parsed = parseDocumentText(YAML_TEXT, 'yaml');
      if (!parsed.ok) throw new Error('expected the text to parse');

      expect(parsed.value.lineOf(['rules', 0, 'condition', 'threshold'])).toBe(6);
      expect(parsed.value.lineOf(['rules', 1, 'labels', 'team'])).toBe(8);
      expect(parsed.value.lineOf(['rules', 1, 'summary'])).toBe(7);
      expect(parsed.value.lineOf(['rules', 9])).toBe(2);
    });

    it('refuses a key given twice, with its line', () => {
      const parsed = parseDocumentText('version: 1\nversion: 2\n', 'yaml');

      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? [] : parsed.issues).toEqual([
        { path: [], message: expect.stringMatching(/^not YAML: .*unique/), line: 2 },
      ]);
    });
  });

  describe('when the text is JSON', () => {
    it('parses it with JSON rules and still tells lines', () => {
      const text = '{\n  "version": 1,\n  "rules": [\n    { "id": "a" }\n  ]\n}\n';
      const parsed = parseDocumentText(text, 'json');
      if (!parsed.ok) throw new Error('expected the text to parse');

      expect(parsed.value.value).toEqual({ version: 1, rules: [{ id: 'a' }] });
      expect(parsed.value.lineOf(['rules', 0, 'id'])).toBe(4);
    });

    it('refuses text that is not JSON', () => {
      const parsed = parseDocumentText('version: 1', 'json');

      expect(parsed.ok ? [] : parsed.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/^not JSON: /),
      ]);
    });
  });
});

describe('renderDocumentText', () => {
  it('writes YAML under a comment header and JSON as is, both parsing back', () => {
    const value = { version: 1, rules: [{ id: 'a', summary: '{{ $value }}', cron: '* * * * *' }] };

    const yaml = renderDocumentText(value, 'yaml', 'line one\nline two');
    const json = renderDocumentText(value, 'json', 'ignored');

    expect(yaml.startsWith('# line one\n# line two\nversion: 1\n')).toBe(true);
    const back = parseDocumentText(yaml, 'yaml');
    expect(back.ok && back.value.value).toEqual(value);
    expect(JSON.parse(json)).toEqual(value);
  });
});
