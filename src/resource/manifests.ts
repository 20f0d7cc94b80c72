/**
 * -f FILE|DIR|URL|- with -R: reads manifests into objects, the way
 * cli-runtime's FileVisitor does. Everything is read and parsed before the
 * caller sends anything, so a broken document means nothing is sent.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Context } from '../context.js';
import { KtlError } from '../errors.js';
import type { KubeObject } from './types.js';
import { compactJson } from '../printers/json.js';

export interface Manifest {
  object: KubeObject;
  /** the file as named (dir/file for directory entries), the URL, or "STDIN" */
  source: string;
  /** 0-based index of the YAML document within its source */
  docIndex: number;
}

/** File extensions read from directories (explicitly named files are read whatever their name). */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** YAML 1.1 booleans, as go-yaml v2 decodes unquoted yes/no/on/off. */
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (d: string) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(d),
  construct: (d: string) => /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(d),
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: { lowercase: (v: object) => (v ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});
const mergeType = (yaml as unknown as { types: { merge: yaml.Type } }).types.merge;
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool, mergeType] });

/** Splits a YAML stream on `---` lines (a comment may follow), keeping each chunk's text. */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        docs.push(cur.join('\n'));
        cur = [];
        continue;
      }
    }
    cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs;
}

/** YAML -> JSON as sigs.k8s.io/yaml: dates become strings, keys strings. */
function toJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(val);
    return out;
  }
  return v;
}

/**
 * Parses one source's text: YAML (multi-document) or JSON. Empty documents are
 * skipped; `*List` kinds with items are flattened. Errors name the source,
 * and the line within the failing document, as kubectl does.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const chunks = splitYamlDocuments(text.replace(/\r\n/g, '\n'));
  chunks.forEach((chunk, docIndex) => {
    let value: unknown;
    try {
      value = yaml.load(chunk, { schema: SCHEMA, filename: source });
    } catch (e) {
      const err = e as { reason?: string; mark?: { line: number }; message: string };
      const line = err.mark ? err.mark.line + 1 : 1;
      throw new KtlError(
        `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${err.reason ?? err.message}`,
      );
    }
    value = toJson(value);
    if (value === null) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new KtlError(
        `error validating "${source}": error validating data: invalid object to validate`,
      );
    }
    for (const object of flatten(value as KubeObject)) {
      checkTypeMeta(object, source);
      out.push({ object, source, docIndex });
    }
  });
  return out;
}

function flatten(obj: KubeObject): KubeObject[] {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return (obj.items as KubeObject[]).flatMap((i) => (i && typeof i === 'object' ? flatten(i) : []));
  }
  return [obj];
}

function checkTypeMeta(obj: KubeObject, source: string): void {
  if (!obj.kind) throw new KtlError(`unable to decode "${source}": Object 'Kind' is missing in '${compactJson(obj)}'`);
  if (!obj.apiVersion) {
    throw new KtlError(`unable to decode "${source}": Object 'apiVersion' is missing in '${compactJson(obj)}'`);
  }
}

/** "a.yaml,b.yaml" and repeated -f become one list. */
export function splitFilenames(filenames: readonly string[]): string[] {
  return filenames.flatMap((f) => f.split(',')).filter((f) => f !== '');
}

async function readStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.io.in) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readUrl(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new KtlError(`unable to read URL "${url}", ${(e as Error).message}`);
  }
  if (res.status !== 200) {
    throw new KtlError(
      `unable to read URL "${url}", server reported ${res.status} ${res.statusText}, status code=${res.status}`,
    );
  }
  return res.text();
}

async function walk(dir: string, absDir: string, recursive: boolean, top: boolean): Promise<string[]> {
  const entries = (await readdir(absDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const shown = path.join(dir, e.name);
    const abs = path.join(absDir, e.name);
    if (e.isDirectory()) {
      if (recursive || top) {
        if (recursive) files.push(...(await walk(shown, abs, recursive, false)));
      }
      continue;
    }
    if (MANIFEST_EXTENSIONS.includes(path.extname(e.name))) files.push(shown);
  }
  return files;
}

/**
 * Reads -f sources in order: `-` is stdin, http(s) URLs are fetched,
 * directories are listed (files ending .json/.yaml/.yml, sorted; -R descends).
 */
export async function readManifests(
  ctx: Context,
  opts: { filenames: string[]; recursive: boolean },
): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of splitFilenames(opts.filenames)) {
    if (name === '-') {
      out.push(...parseManifests(await readStdin(ctx), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(name)) {
      out.push(...parseManifests(await readUrl(name), name));
      continue;
    }
    const abs = path.resolve(ctx.cwd, name);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      throw new KtlError(`the path "${name}" does not exist`);
    }
    const files = isDir ? await walk(name, abs, opts.recursive, true) : [name];
    for (const f of files) {
      const text = await readFile(path.resolve(ctx.cwd, f), 'utf8');
      out.push(...parseManifests(text, f));
    }
  }
  return out;
}
