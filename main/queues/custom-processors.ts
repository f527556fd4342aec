import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, ok, type Result } from '../../shared/result.js';
import type { Processor } from './processor.js';

const SHAPE =
  'expected a default export or a named "processors" export mapping job names to functions';

/**
 * Imports a module of custom processors: its named `processors` export, else its default
 * export, must be a `Record<string, Processor>`. A relative path is taken from the cwd.
 * NOT_FOUND when the file is missing, BAD_REQUEST when it fails to load or has the wrong shape.
 */
export async function loadCustomProcessors(
  modulePath: string,
): Promise<Result<Record<string, Processor>>> {
  const file = resolve(process.cwd(), modulePath);
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return fail('NOT_FOUND', `custom processor module "${file}" does not exist`);

  let exported: Record<string, unknown>;
  try {
    exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    return fail(
      'BAD_REQUEST',
      `custom processor module "${file}" failed to load: ${messageOf(error)}`,
    );
  }

  const candidate = exported.processors ?? exported.default;
  const source = exported.processors === undefined ? 'default export' : 'export "processors"';
  if (candidate === undefined) {
    return fail('BAD_REQUEST', `custom processor module "${file}" has no processors; ${SHAPE}`);
  }
  if (!isPlainObject(candidate)) {
    return fail(
      'BAD_REQUEST',
      `custom processor module "${file}": ${source} is ${kindOf(candidate)}; ${SHAPE}`,
    );
  }

  const processors: Record<string, Processor> = {};
  for (const [name, value] of Object.entries(candidate)) {
    if (typeof value !== 'function') {
      return fail(
        'BAD_REQUEST',
        `custom processor module "${file}": ${source} entry "${name}" is ${kindOf(value)}; expected a function`,
      );
    }
    processors[name] = value as Processor;
  }
  if (Object.keys(processors).length === 0) {
    return fail('BAD_REQUEST', `custom processor module "${file}": ${source} is empty; ${SHAPE}`);
  }

  return ok(processors);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';

  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
