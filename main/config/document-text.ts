import { extname } from 'node:path';
import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  type Document,
} from 'yaml';

/** The two file formats of configuration as code. */
export type DocumentFormat = 'yaml' | 'json';

/** A path into a document, as zod reports it: keys and array indexes. */
export type DocumentPath = readonly (string | number)[];

/** One problem with a document file; `line` counts from 1. */
export interface DocumentIssue {
  path: DocumentPath;
  message: string;
  line?: number;
}

/** A parsed file: its value, and where in the text a path is (when it can be told). */
export interface DocumentText {
  format: DocumentFormat;
  value: unknown;
  lineOf(path: DocumentPath): number | undefined;
}

/** The format a file name says, else the one its text looks like: `{` or `[` first is JSON. */
export function detectFormat(fileName: string, text: string): DocumentFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';

  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** `rules[2].condition.threshold`; `(root)` for the empty path. */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }

  return out === '' ? '(root)' : out;
}

/**
 * Parses YAML or JSON text. YAML keys must be unique and aliases are bounded; JSON is read
 * with JSON.parse, and through the YAML parser as well only to tell lines.
 */
export function parseDocumentText(
  text: string,
  format: DocumentFormat,
): { ok: true; value: DocumentText } | { ok: false; issues: DocumentIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf = (path: DocumentPath) => (doc.errors.length > 0 ? undefined : findLine(doc, path));

  if (format === 'json') {
    try {
      const value: unknown = JSON.parse(text);
      return { ok: true, value: { format, value, lineOf: (path) => lineOf(path) } };
    } catch (error) {
      return {
        ok: false,
        issues: [{ path: [], message: `not JSON: ${(error as Error).message}` }],
      };
    }
  }

  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => ({
      path: [],
      message: `not YAML: ${error.message.split('\n')[0] ?? error.code}`,
      line: lineAt(error.pos[0]),
    }));
    return { ok: false, issues };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    return { ok: true, value: { format, value, lineOf: (path) => lineOf(path) } };
  } catch (error) {
    return { ok: false, issues: [{ path: [], message: `not YAML: ${(error as Error).message}` }] };
  }

  function findLine(document: Document, path: DocumentPath): number | undefined {
    let node: unknown = document.contents;
    let line: number | undefined;
    const lineOfNode = (n: unknown) => (isNode(n) && n.range ? lineAt(n.range[0]) : line);

    line = lineOfNode(node);
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) break;
        line = lineOfNode(pair.key);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        line = lineOfNode(item);
        node = item;
      } else {
        break;
      }
    }

    return line;
  }
}

/** The document as text; YAML starts with a comment naming what wrote it. */
export function renderDocumentText(value: unknown, format: DocumentFormat, header: string): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;

  const comment = header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');

  return `${comment}\n${stringify(value, { lineWidth: 0 })}`;
}
