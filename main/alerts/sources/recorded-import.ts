import { z } from 'zod';
import { SeriesSchema, type Labels, type Series } from '../../../shared/alerting/series.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { parseWith } from '../../../shared/validation.js';
import { parseTimeMs } from './sample-values.js';
import { createSeriesBuilder } from './series-builder.js';

/** Most samples one import may hold; a recorded set is for replaying rules, not a TSDB. */
export const MAX_IMPORT_SAMPLES = 500_000;

const MAX_REPORTED_ISSUES = 10;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * Series from CSV text: a header `timestamp,value,label1,label2...`, then one sample per line.
 * Timestamps are epoch ms or ISO 8601 (UTC unless an offset is given); values are finite
 * numbers; an empty label cell leaves that label out. Fields may be double-quoted (`""` for a
 * quote) but not span lines. Problems name their line, the header being line 1.
 */
export function parseSeriesCsv(text: string): Result<Series[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = parseHeader(lines[0] ?? '');
  if (!header.ok) return header;

  const labelNames = header.value;
  const builder = createSeriesBuilder();
  const issues: { path: string; message: string }[] = [];
  let count = 0;

  for (const [index, line] of lines.entries()) {
    if (index === 0 || line.trim() === '') continue;
    const problem = readLine(line, labelNames, (labels, t, v) => builder.add(labels, t, v));
    if (problem) issues.push({ path: `line ${index + 1}`, message: problem });
    if (issues.length >= MAX_REPORTED_ISSUES) break;

    count += 1;
    if (count > MAX_IMPORT_SAMPLES) {
      return fail('BAD_REQUEST', `CSV holds more than ${MAX_IMPORT_SAMPLES} samples; split it`);
    }
  }
  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return fail('BAD_REQUEST', `invalid CSV: ${summary}`, issues);
  }

  return ok(builder.build());
}

function parseHeader(line: string): Result<string[]> {
  const fields = splitCsvLine(line);
  const [first, second, ...labels] = fields ?? [];
  if (first?.trim() !== 'timestamp' || second?.trim() !== 'value') {
    return fail(
      'BAD_REQUEST',
      `invalid CSV: line 1: expected a header starting "timestamp,value"; got ${JSON.stringify(line.slice(0, 80))}`,
    );
  }

  const names = labels.map((l) => l.trim());
  const bad = names.find((n) => !LABEL_NAME.test(n) || n === 'timestamp' || n === 'value');
  if (bad !== undefined) {
    return fail(
      'BAD_REQUEST',
      `invalid CSV: line 1: label name ${JSON.stringify(bad)} must match [A-Za-z_][A-Za-z0-9_]* and not be timestamp or value`,
    );
  }
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    return fail(
      'BAD_REQUEST',
      `invalid CSV: line 1: label ${JSON.stringify(duplicate)} appears twice`,
    );
  }

  return ok(names);
}

/** Reads one data line; returns what is wrong with it, or undefined after adding its sample. */
function readLine(
  line: string,
  labelNames: string[],
  add: (labels: Labels, t: number, v: number) => void,
): string | undefined {
  const fields = splitCsvLine(line);
  if (!fields) return 'a quoted field is not closed';
  if (fields.length !== labelNames.length + 2) {
    const expected = ['timestamp', 'value', ...labelNames].join(',');
    return `expected ${labelNames.length + 2} fields (${expected}), got ${fields.length}`;
  }

  const [timeText = '', valueText = '', ...cells] = fields;
  const t = parseTimeMs(timeText);
  if (t === undefined) return `timestamp ${quote(timeText)} is neither epoch ms nor ISO 8601`;
  const v = valueText.trim() === '' ? NaN : Number(valueText);
  if (!Number.isFinite(v)) return `value ${quote(valueText)} is not a finite number`;

  const labels: Labels = {};
  labelNames.forEach((name, i) => {
    const cell = cells[i] ?? '';
    if (cell !== '') labels[name] = cell;
  });
  add(labels, t, v);

  return undefined;
}

/** The fields of one CSV line, or null when a quote is left open. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let isQuoted = false;

  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (isQuoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        isQuoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === '') {
      isQuoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  if (isQuoted) return null;
  fields.push(field);

  return fields;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

const SeriesListSchema = z
  .array(SeriesSchema)
  .refine((list) => list.reduce((n, s) => n + s.samples.length, 0) <= MAX_IMPORT_SAMPLES, {
    message: `more than ${MAX_IMPORT_SAMPLES} samples; split the import`,
  });

/**
 * Series from JSON, `[{ "labels": {...}, "samples": [{ "t": epochMs, "v": number }] }]`, as
 * text or already parsed. Entries with equal labels are merged; samples are sorted by time.
 */
export function parseSeriesJson(input: unknown): Result<Series[]> {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      return fail('BAD_REQUEST', `invalid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = parseWith(SeriesListSchema, json, 'recorded series JSON');
  if (!parsed.ok) return parsed;

  const builder = createSeriesBuilder();
  for (const series of parsed.value) {
    for (const { t, v } of series.samples) builder.add(series.labels, t, v);
  }

  return ok(builder.build());
}
