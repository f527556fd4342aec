import { describe, expect, it } from 'vitest';
import {
  MAX_RENDERED_LENGTH,
  renderTemplate,
  validateTemplate,
} from '../../../shared/alerting/template.js';

const context = { labels: { app: 'web', env: 'prod' }, value: 93.456, threshold: 90 };

describe('renderTemplate', () => {
  describe('when every placeholder is known', () => {
    it.each([
      ['{{ $labels.app }} is at {{ $value }}', 'web is at 93.456'],
      ['{{$labels.env}}/{{$labels.app}} over {{ $threshold }}', 'prod/web over 90'],
      ['no placeholders at all', 'no placeholders at all'],
      ['{{ $labels.missing }}!', '!'],
    ])('renders %j as %j', (template, expected) => {
      expect(renderTemplate(template, context)).toBe(expected);
    });
  });

  describe('when a value has float noise or is missing', () => {
    it('shows 0.1 + 0.2 as 0.3 and no data as empty', () => {
      expect(renderTemplate('{{ $value }}', { ...context, value: 0.1 + 0.2 })).toBe('0.3');
      expect(renderTemplate('[{{ $value }}]', { ...context, value: null })).toBe('[]');
    });
  });

  describe('when a placeholder is unknown or looks like code', () => {
    it.each([
      '{{ $lables.app }}',
      '{{ constructor.constructor("return process")() }}',
      '{{ $labels.__proto__ }}',
      '{{ $labels["app"] }}',
    ])('renders %j as empty', (template) => {
      expect(renderTemplate(`<${template}>`, context)).toBe('<>');
    });
  });

  describe('when a label value is huge', () => {
    it('cuts the text to MAX_RENDERED_LENGTH', () => {
      const labels = { app: 'x'.repeat(10_000) };

      const text = renderTemplate('{{ $labels.app }}', { ...context, labels });

      expect(text).toHaveLength(MAX_RENDERED_LENGTH);
      expect(text.endsWith('...')).toBe(true);
    });
  });
});

describe('validateTemplate', () => {
  it('accepts every kind of placeholder', () => {
    expect(validateTemplate('{{ $labels.app }} {{ $value }} {{ $threshold }}')).toEqual([]);
  });

  it('names each unknown placeholder', () => {
    expect(validateTemplate('{{ $lables.app }} and {{ .Value }}')).toEqual([
      'unknown placeholder "{{ $lables.app }}"; expected {{ $labels.<name> }}, {{ $value }} or {{ $threshold }}',
      'unknown placeholder "{{ .Value }}"; expected {{ $labels.<name> }}, {{ $value }} or {{ $threshold }}',
    ]);
  });

  it('reports an unclosed placeholder', () => {
    expect(validateTemplate('disk at {{ $value')).toEqual([
      '"{{" without a matching "}}" near "{{ $value"',
    ]);
  });
});
