/** One field of a cron expression: its name in messages, its range and its accepted names. */
export interface FieldSpec {
  name: 'second' | 'minute' | 'hour' | 'day' | 'month' | 'weekday';
  min: number;
  max: number;
  /** Last value `*` covers; below `max` for weekday, where 7 is a second spelling of Sunday. */
  starMax: number;
  /** Names for min, min+1, ... (upper case), matched case-insensitively. */
  names: readonly string[];
  /** What the field accepts, for messages. */
  expected: string;
}

const FORMS = 'a range a-b, a step */n, a-b/n or a/n, or a comma list of these';

function spec(name: FieldSpec['name'], min: number, max: number, values: string): FieldSpec {
  return { name, min, max, starMax: max, names: [], expected: `expected ${values}, ${FORMS}` };
}

export const SECOND = spec('second', 0, 59, '*, 0-59');
export const MINUTE = spec('minute', 0, 59, '*, 0-59');
export const HOUR = spec('hour', 0, 23, '*, 0-23');
export const DAY = spec('day', 1, 31, '*, 1-31');
export const MONTH: FieldSpec = {
  ...spec('month', 1, 12, '*, 1-12 or JAN-DEC'),
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
export const WEEKDAY: FieldSpec = {
  ...spec('weekday', 0, 7, '*, 0-7 (0 and 7 are Sunday) or SUN-SAT'),
  starMax: 6,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};

/** A field's values, or what is wrong with it and in which list item. */
export type FieldParse = { values: number[] } | { problem: string; item: string };

const ITEM = /^(?:(\*)|([0-9]+|[a-z]{3})(?:-([0-9]+|[a-z]{3}))?)(?:\/([0-9]+))?$/i;

/** Parses one field strictly; values keep the field's own numbering (weekday 7 stays 7). */
export function parseField(field: FieldSpec, text: string): FieldParse {
  const items = text.split(',');
  if (items.includes('')) {
    return {
      problem: 'has an empty list item; expected values separated by single commas',
      item: text,
    };
  }

  const values: number[] = [];
  for (const item of items) {
    const parsed = parseItem(field, item, items.length > 1);
    if ('problem' in parsed) return parsed;

    for (const value of parsed.values) {
      if (values.includes(value)) {
        return { problem: `lists ${value} more than once; expected each value once`, item: text };
      }
      values.push(value);
    }
  }

  return { values };
}

function parseItem(field: FieldSpec, item: string, isInList: boolean): FieldParse {
  const match = ITEM.exec(item);
  if (!match) return { problem: describeJunk(field, item), item };

  const [, star, fromText, toText, stepText] = match;
  if (star && isInList) {
    return { problem: 'cannot be part of a list; expected "*" or "*/n" alone', item };
  }

  const from = star ? field.min : readValue(field, fromText);
  const to = star ? field.starMax : toText !== undefined ? readValue(field, toText) : undefined;
  if (typeof from === 'string') return { problem: from, item };
  if (typeof to === 'string') return { problem: to, item };
  if (to !== undefined && from > to) {
    return { problem: `is a reversed range; expected a-b with a <= b`, item };
  }
  if (stepText === undefined) return { values: range(from, to ?? from, 1) };

  // `a/n` runs to the end of the field; in the weekday field that end is 6 or 7 depending on
  // the reader (cron-parser includes 7, so `1/2` would add Sunday), so ask for a range instead.
  if (to === undefined && field === WEEKDAY) {
    return {
      problem: 'uses a/n, which is ambiguous for weekdays; expected a-b/n such as 1-5/2',
      item,
    };
  }
  const last = to ?? field.max;
  const step = Number(stepText);
  if (last === from) return { problem: 'steps over a single value; expected a wider range', item };
  if (step < 1 || step > last - from) {
    return { problem: `has step ${step}; expected a step of 1-${last - from}`, item };
  }

  return { values: range(from, last, step) };
}

/** The value of a number or name, or a problem when it is outside the field. */
function readValue(field: FieldSpec, text: string | undefined): number | string {
  if (text === undefined) return 'is empty';

  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value < field.min || value > field.max) {
      return `is out of range; expected ${field.min}-${field.max}`;
    }
    return value;
  }

  const index = field.names.indexOf(text.toUpperCase());
  if (index >= 0) return field.min + index;
  if (field.names.length === 0) return `is not a number; ${field.expected}`;

  const names = `${field.names[0]}-${field.names[field.names.length - 1]}`;
  return `is not a ${field.name} name; expected ${names} or ${field.min}-${field.max}`;
}

const EXTENSIONS: [RegExp, string][] = [
  [/\?/, '"?" (any)'],
  [/#/, '"#" (nth weekday)'],
  [/^[0-9]*LW?$|^L-[0-9]+$/i, '"L" (last)'],
  [/^[0-9]+W$/i, '"W" (nearest weekday)'],
  [/^H(?:$|[(/])/i, '"H" (hashed value)'],
];

function describeJunk(field: FieldSpec, item: string): string {
  const extension = EXTENSIONS.find(([pattern]) => pattern.test(item));
  if (extension) return `uses non-standard ${extension[1]}; ${field.expected}`;

  return `is not a value, range or step; ${field.expected}`;
}

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
