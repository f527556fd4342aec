import { z } from 'zod';
import { AlertingDocumentSchema } from '../../shared/alerting/config.js';

/** Where the generated schema is committed, relative to the repository root. */
export const ALERTING_SCHEMA_PATH = 'schemas/dipper-alerting.schema.json';

/**
 * The JSON Schema of what `dipper apply` reads, for editors and CI linters. It describes the
 * input side (defaults may be left out). Checks that only code can make (cron fields, time
 * zones, template placeholders, regexes that compile, references between ids) are not in it:
 * `dipper apply --dry-run` makes those.
 */
export function buildAlertingJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(AlertingDocumentSchema, { io: 'input' });
  const { $schema, ...rest } = generated;

  return {
    $schema,
    title: 'Dipper alerting configuration',
    description: 'Sources, channels, routes, rules and schedules applied with `dipper apply -f`.',
    ...rest,
  };
}
