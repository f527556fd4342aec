/**
 * Summary and description templates of a Rule: plain text with `{{ $labels.<name> }}`,
 * `{{ $value }}` and `{{ $threshold }}` placeholders. Rendering only looks values up; nothing in a
 * template is ever evaluated, so a template cannot run code or reach anything but these three.
 */

/** What a template may refer to when it is rendered for one Alert. */
export interface TemplateContext {
  labels: Readonly<Record<string, string>>;
  /** The evaluated value; null when there was no data or the query failed. */
  value: number | null;
  threshold: number;
}

/** Longest rendered text, in characters; label values from a query are untrusted and long. */
export const MAX_RENDERED_LENGTH = 8_192;

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const LABEL_REF = /^\$labels\.([A-Za-z_][A-Za-z0-9_]*)$/;

type Reference = { kind: 'value' } | { kind: 'threshold' } | { kind: 'label'; name: string };

function parseReference(expression: string): Reference | null {
  const text = expression.trim();
  if (text === '$value') return { kind: 'value' };
  if (text === '$threshold') return { kind: 'threshold' };

  const label = LABEL_REF.exec(text);
  return label?.[1] === undefined ? null : { kind: 'label', name: label[1] };
}

/** A value as people read it: no float noise (`0.30000000000000004` shows as `0.3`). */
export function formatValue(value: number | null): string {
  if (value === null) return '';
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);

  return String(Number(value.toPrecision(6)));
}

/** Fills in the placeholders; an unknown one renders as empty (see validateTemplate). */
export function renderTemplate(template: string, context: TemplateContext): string {
  const text = template.replace(PLACEHOLDER, (_whole, expression: string) => {
    const ref = parseReference(expression);
    if (ref === null) return '';
    if (ref.kind === 'value') return formatValue(context.value);
    if (ref.kind === 'threshold') return formatValue(context.threshold);

    return Object.hasOwn(context.labels, ref.name) ? (context.labels[ref.name] ?? '') : '';
  });

  return text.length > MAX_RENDERED_LENGTH ? `${text.slice(0, MAX_RENDERED_LENGTH - 3)}...` : text;
}

/**
 * Every problem in a template, each naming the placeholder: unknown placeholders (which would
 * render as empty) and `{{` without a matching `}}`. Empty when the template is fine.
 */
export function validateTemplate(template: string): string[] {
  const problems: string[] = [];

  for (const match of template.matchAll(PLACEHOLDER)) {
    const expression = match[1] ?? '';
    if (parseReference(expression) === null) {
      problems.push(
        `unknown placeholder "{{${expression}}}"; expected {{ $labels.<name> }}, {{ $value }} or {{ $threshold }}`,
      );
    }
  }

  const rest = template.replace(PLACEHOLDER, '');
  const open = rest.indexOf('{{');
  if (open !== -1) {
    problems.push(
      `"{{" without a matching "}}" near ${JSON.stringify(rest.slice(open, open + 20))}`,
    );
  }

  return problems;
}
