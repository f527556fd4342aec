// Writes schemas/dipper-alerting.schema.json from the zod schema: `npx tsx scripts/gen-schema.ts`.
// `--check` exits 1 instead of writing when the committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { ALERTING_SCHEMA_PATH, buildAlertingJsonSchema } from '../main/config/json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The schema file's text as committed: generated, then formatted by the project's Prettier. */
export async function renderAlertingSchemaFile(): Promise<string> {
  const file = join(root, ALERTING_SCHEMA_PATH);
  const options = (await resolveConfig(file)) ?? {};

  return format(JSON.stringify(buildAlertingJsonSchema()), { ...options, filepath: file });
}

async function run(isCheck: boolean): Promise<void> {
  const file = join(root, ALERTING_SCHEMA_PATH);
  const text = await renderAlertingSchemaFile();
  if (!isCheck) {
    await writeFile(file, text);
    process.stdout.write(`wrote ${ALERTING_SCHEMA_PATH}\n`);
    return;
  }

  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== text) {
    process.stderr.write(`${ALERTING_SCHEMA_PATH} is stale; run npx tsx scripts/gen-schema.ts\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run(process.argv.includes('--check'));
}
