import type { Labels, Series } from '../../../shared/alerting/series.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { parseTimeMs, showJson, toSampleValue } from './sample-values.js';
import { createSeriesBuilder } from './series-builder.js';

const TIME_COLUMN = '__time';
const VALUE_COLUMN = 'value';

/**
 * Druid SQL rows (`resultFormat: object`) as series. The value is the numeric column named
 * `value`, or the only numeric column; string columns are labels (a null one is left out);
 * other numeric columns are ignored; `__time` (ISO 8601 or epoch ms) is the sample time, or
 * `defaultTimeMs` when the rows have none. Rows with the same labels form one series; without
 * `defaultTimeMs` (a range query) every row needs a `__time`, and with it (an instant query)
 * each series keeps its newest row. A null value skips its row.
 */
export function rowsToSeries(
  rows: Record<string, unknown>[],
  options: { defaultTimeMs?: number },
): Result<Series[]> {
  if (rows.length === 0) return ok([]);
  const valueColumn = findValueColumn(rows);
  if (!valueColumn.ok) return valueColumn;

  const builder = createSeriesBuilder();
  for (const [index, row] of rows.entries()) {
    const where = `druid row ${index + 1}`;
    const t =
      row[TIME_COLUMN] === undefined ? options.defaultTimeMs : parseTimeMs(row[TIME_COLUMN]);
    if (t === undefined) {
      return fail(
        'BAD_REQUEST',
        row[TIME_COLUMN] === undefined
          ? `${where} has no ${TIME_COLUMN} column; range queries need one in every row`
          : `${where}: ${TIME_COLUMN} ${showJson(row[TIME_COLUMN])} is neither ISO 8601 nor epoch ms`,
      );
    }

    const v = toSampleValue(row[valueColumn.value]);
    if (v === 'invalid') {
      return fail(
        'BAD_REQUEST',
        `${where}: ${valueColumn.value} is ${showJson(row[valueColumn.value])}, expected a number`,
      );
    }
    if (v !== undefined) builder.add(labelsOf(row, valueColumn.value), t, v);
  }

  return ok(builder.build({ latestOnly: options.defaultTimeMs !== undefined }));
}

function findValueColumn(rows: Record<string, unknown>[]): Result<string> {
  const columns = new Set(rows.flatMap((row) => Object.keys(row)));
  if (columns.has(VALUE_COLUMN)) return ok(VALUE_COLUMN);

  const numeric = [...columns].filter(
    (c) => c !== TIME_COLUMN && rows.some((row) => typeof row[c] === 'number'),
  );
  if (numeric.length === 1 && numeric[0] !== undefined) return ok(numeric[0]);

  const given = [...columns].join(', ') || 'none';
  return fail(
    'BAD_REQUEST',
    numeric.length === 0
      ? `druid rows have no numeric column (columns: ${given}); expected one named "${VALUE_COLUMN}"`
      : `druid rows have numeric columns ${numeric.join(', ')}; name the one to alert on "${VALUE_COLUMN}"`,
  );
}

function labelsOf(row: Record<string, unknown>, valueColumn: string): Labels {
  const labels: Labels = {};
  for (const [column, raw] of Object.entries(row)) {
    if (column === TIME_COLUMN || column === valueColumn) continue;
    if (typeof raw === 'string') labels[column] = raw;
  }

  return labels;
}
