import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERTING_SCHEMA_PATH } from '../../../main/config/json-schema.js';
import { AlertingDocumentSchema } from '../../../shared/alerting/config.js';
import { renderAlertingSchemaFile } from '../../../scripts/gen-schema.js';
import { checkJsonSchema } from './json-schema-check.js';

type JsonSchema = {
  $schema?: string;
  type?: string;
  required?: string[];
  additionalProperties?: boolean;
  properties?: Record<string, JsonSchema & { items?: JsonSchema; const?: unknown }>;
};

describe('the committed JSON Schema', () => {
  it('equals a fresh generation (run npx tsx scripts/gen-schema.ts when this fails)', async () => {
    const committed = await readFile(ALERTING_SCHEMA_PATH, 'utf8');

    expect(committed).toBe(await renderAlertingSchemaFile());
  });

  it('describes the document: version 1 and the five lists, nothing else', async () => {
    const schema = JSON.parse(await readFile(ALERTING_SCHEMA_PATH, 'utf8')) as JsonSchema;

    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version']);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'version',
      'sources',
      'channels',
      'routes',
      'rules',
      'schedules',
    ]);
    expect(schema.properties?.version?.const).toBe(1);
    const rule = schema.properties?.rules?.items;
    expect(rule?.required).toEqual(
      expect.arrayContaining(['id', 'name', 'source', 'condition', 'evaluate', 'severity']),
    );
  });

  it('validates the example file and refuses a document the zod schema refuses', async () => {
    const schema = JSON.parse(await readFile(ALERTING_SCHEMA_PATH, 'utf8')) as JsonSchema;
    const example = parse(await readFile('examples/alerting.yaml', 'utf8')) as {
      rules: Record<string, unknown>[];
      channels: Record<string, unknown>[];
    };
    const [rule] = example.rules;
    const [channel] = example.channels;
    const broken = {
      ...example,
      rules: [{ ...rule, severity: 'urgent', extra: true }],
      channels: [{ ...channel, kind: 'pager' }],
    };

    expect(AlertingDocumentSchema.safeParse(example).success).toBe(true);
    expect(checkJsonSchema(schema, example)).toEqual([]);
    expect(AlertingDocumentSchema.safeParse(broken).success).toBe(false);
    expect(checkJsonSchema(schema, broken)).toEqual([
      'channels[0]: oneOf matched 0 of 8',
      'rules[0].severity: not one of the enum',
      'rules[0]: unknown key extra',
    ]);
  });
});
