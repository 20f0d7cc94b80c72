/**
 * `-o custom-columns=NAME:.path,...` and `-o custom-columns-file=`: spec
 * parsing with kubectl's error texts, per-object evaluation (missing gives
 * `<none>`, several values are joined with `,`, values print as Go's %v) and
 * layout through the kubectl tabwriter.
 */
import { messageOf } from '../errors.js';
import { escapeTerminal, formatGoValue } from './go-format.js';
import { JsonPath, relaxedJsonPathExpression } from './jsonpath.js';
import { formatTabbed } from './tabwriter.js';

export interface CustomColumn {
  header: string;
  /** The JSONPath template, normalised to `{.a.b}`. */
  fieldSpec: string;
}

/** Parses `HEADER:path,HEADER:path`. Throws with kubectl's messages. */
export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (spec.length === 0) throw new Error('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJsonPathExpression(part.slice(i + 1)) };
  });
}

const WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Parses the file form: a line of headers, then a line of paths, whitespace separated. */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const words = (l: string): string[] => l.split(WHITESPACE).filter((w) => w !== '');
  const hasLine = (i: number): boolean => i < lines.length && !(i === lines.length - 1 && lines[i] === '');
  if (!hasLine(0)) {
    throw new Error('invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.');
  }
  if (!hasLine(1)) {
    throw new Error('invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.');
  }
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    throw new Error(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPathExpression(specs[i]) }));
}

/** The cells of one row: each column's values joined by ',' or `<none>`, through printers.EscapeTerminal (ESC and CR only: 0x01 passes as it is). */
export function customColumnCells(columns: readonly CustomColumn[], obj: unknown): string[] {
  return columns.map((col) => {
    const results = new JsonPath(col.fieldSpec, { allowMissingKeys: true }).findResults(obj);
    if (results.length === 0 || results[0].length === 0) return '<none>';
    return results.flat().map((v) => escapeTerminal(formatGoValue(v))).join(',');
  });
}

/**
 * The whole table for a list of objects (already extracted from a List).
 * Like kubectl, the header is written before the column paths are parsed, so
 * a bad path yields the header plus an error (message is kubectl's, e.g.
 * `unterminated array`).
 */
export function printCustomColumns(
  columns: readonly CustomColumn[],
  objects: readonly unknown[],
  options: { noHeaders?: boolean } = {},
): { stdout: string; error?: Error } {
  const lines: string[] = [];
  if (!options.noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  const table = (): string => formatTabbed(lines.map((l) => l + '\n').join(''));
  try {
    for (const col of columns) new JsonPath(col.fieldSpec);
    for (const obj of objects) lines.push(customColumnCells(columns, obj).join('\t'));
  } catch (e) {
    return { stdout: table(), error: e instanceof Error ? e : new Error(messageOf(e)) };
  }
  return { stdout: table() };
}
