/**
 * -f FILE|DIR|URL|- with -R: reads manifests into objects, the way
 * cli-runtime's FileVisitor does: documents that cannot be read are reported
 * in their place and the caller carries on with the rest, like kubectl.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import { readAll, type Context } from '../context.js';
import { ErrorList, KtlError } from '../errors.js';
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

/** A document that could not be read; the source's later documents are not read either. */
export interface ManifestError {
  error: KtlError;
  source: string;
}

export type ManifestItem = Manifest | ManifestError;

export const isManifestError = (i: ManifestItem): i is ManifestError => 'error' in i;

export interface ParseOptions {
  /**
   * Check each document the way kubectl's client-side schema validation does
   * (apply/create/replace with --validate on): a document that is not an
   * object, or lacks apiVersion or kind, stops the source. Without it such
   * documents fail to decode, one by one, and the source is read on.
   */
  validate?: boolean;
}

const VALIDATE_HINT = '; if you choose to ignore these errors, turn validation off with --validate=false';

/**
 * The innermost flow collection still open at the end of `text` ('{' or
 * '['), ignoring quoted text and comments, and whether anything follows it.
 */
function openFlow(text: string): { ch?: string; empty: boolean } {
  const stack: Array<{ ch: string; at: number }> = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '[') stack.push({ ch: c, at: i });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  const top = stack[stack.length - 1];
  return { ch: top?.ch, empty: !!top && text.slice(top.at + 1).trim() === '' };
}

function flowEndMessage(text: string): string {
  const open = openFlow(text);
  return open.empty ? 'did not find expected node content' : `did not find expected ',' or '${open.ch === '[' ? ']' : '}'}'`;
}

/**
 * go-yaml's wording and line for a js-yaml error, for the errors people
 * actually make (verified against kubectl on samples of each); other errors
 * keep js-yaml's reason at its line. go-yaml counts parser errors' lines from
 * 0 and scanner errors' from 1, which is why some lines are one less.
 */
export function goYamlError(text: string, err: { reason?: string; message: string; mark?: { line: number; column: number } }): string {
  const reason = err.reason ?? err.message;
  const l = err.mark?.line ?? 0;
  const lines = text.split('\n');
  const rest = (lines[l] ?? '').slice(err.mark?.column ?? 0);
  const at = (n: number, msg: string) => `line ${n}: ${msg}`;
  const alias = /^unidentified alias "(.*)"$/.exec(reason);
  if (alias) return `unknown anchor '${alias[1]}' referenced`;
  if (reason === 'unexpected end of the stream within a flow collection') {
    return at(l, flowEndMessage(text));
  }
  if (/^unexpected end of the stream within a (single|double) quoted scalar$/.test(reason)) return at(l + 1, 'found unexpected end of stream');
  if (reason === 'tab characters must not be used in indentation') return at(l + 1, 'found character that cannot start any token');
  if (reason === 'missed comma between flow collection entries') {
    const upTo = lines.slice(0, l).join('\n') + '\n' + (lines[l] ?? '').slice(0, err.mark?.column ?? 0);
    return at(l, `did not find expected ',' or '${openFlow(upTo).ch === '[' ? ']' : '}'}'`);
  }
  if (reason === 'unknown escape sequence') return at(l + 1, 'found unknown escape character');
  if (reason === 'bad indentation of a sequence entry') return at(l, 'did not find expected key');
  if (reason === 'bad indentation of a mapping entry') {
    if (rest.startsWith(':')) return at(l + 1, 'mapping values are not allowed in this context');
    if (/^[@`%]/.test(rest)) return at(l + 1, 'found character that cannot start any token');
    // a key where a block sequence at the same indentation expects its next "- "
    const indent = (t: string) => t.length - t.trimStart().length;
    const here = lines[l] ?? '';
    for (let k = l - 1; k >= 0; k--) {
      const prev = lines[k]!;
      if (prev.trim() === '') continue;
      if (indent(prev) < indent(here)) break;
      if (indent(prev) === indent(here)) {
        if (/^-( |$)/.test(prev.trimStart())) return at(l, "did not find expected '-' indicator");
        break;
      }
    }
    return at(l, 'did not find expected key');
  }
  if (/^can not read (an implicit mapping pair|a block mapping entry)/.test(reason)) {
    let k = Math.min(l, lines.length - 1);
    while (k > 0 && (lines[k] ?? '').trim() === '') k--;
    return at(k + 2, "could not find expected ':'");
  }
  return at(l + 1, reason);
}

/**
 * go-yaml's complaint ("line N: ...", lines within the document) about the
 * first document of `text` that does not parse, or undefined when all parse.
 */
export function yamlSyntaxError(text: string): string | undefined {
  for (const chunk of splitYamlDocuments(text.replace(/\r\n/g, '\n'))) {
    try {
      yaml.load(chunk, { schema: SCHEMA, json: true });
    } catch (e) {
      return goYamlError(chunk, e as Error);
    }
  }
  return undefined;
}

/** Go's name for a JSON value's type, as encoding/json reports it. */
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

/**
 * Parses one source's text: YAML (multi-document) or JSON, as kubectl's
 * stream visitor does. Empty documents are skipped and `*List` kinds with
 * items flattened. A syntax error ends the source (the documents before it
 * are kept) and names the source and the line within the failing document,
 * as kubectl does, plus the document's position when it is not the first.
 */
export function parseManifestItems(text: string, source: string, opts: ParseOptions = {}): ManifestItem[] {
  const out: ManifestItem[] = [];
  const fail = (message: string) => out.push({ error: new KtlError(message), source });
  const chunks = splitYamlDocuments(text.replace(/\r\n/g, '\n'));
  for (let docIndex = 0; docIndex < chunks.length; docIndex++) {
    const chunk = chunks[docIndex]!;
    let value: unknown;
    try {
      value = yaml.load(chunk, { schema: SCHEMA, filename: source, json: true });
    } catch (e) {
      const where = docIndex > 0 ? ` (document ${docIndex + 1})` : '';
      fail(`error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlError(chunk, e as Error)}${where}`);
      return out;
    }
    value = toJson(value);
    if (value === null) continue;
    if (opts.validate) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        fail(`error validating "${source}": error validating data: invalid object to validate${VALIDATE_HINT}`);
        return out;
      }
      const o = value as KubeObject;
      const missing = [!o.apiVersion && 'apiVersion not set', !o.kind && 'kind not set'].filter((x): x is string => !!x);
      if (missing.length) {
        const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
        fail(`error validating "${source}": error validating data: ${list}${VALIDATE_HINT}`);
        return out;
      }
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      fail(`unable to decode "${source}": json: cannot unmarshal ${goJsonType(value)} into Go value of type unstructured.detector`);
      continue;
    }
    const problem = typeMetaError(value as KubeObject, source);
    if (problem) {
      fail(problem);
      continue;
    }
    const items = flatten(value as KubeObject);
    if (!items) {
      fail('*unstructured.Unstructured is not a list: no Items field in this object');
      return out;
    }
    for (const object of items) out.push({ object, source, docIndex });
  }
  return out;
}

/** Strict form: the objects of one source, or the first error thrown. */
export function parseManifests(text: string, source: string, opts: ParseOptions = {}): Manifest[] {
  return strict(parseManifestItems(text, source, opts));
}

/** A List's items (one level: kubectl refuses a List inside a List). */
function flatten(obj: KubeObject): KubeObject[] | undefined {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const items = (obj.items as unknown[]).filter((i): i is KubeObject => !!i && typeof i === 'object');
    if (items.some((i) => typeof i.kind === 'string' && i.kind.endsWith('List') && Array.isArray(i.items))) return undefined;
    return items;
  }
  return [obj];
}

function typeMetaError(obj: KubeObject, source: string): string | undefined {
  if (!obj.kind) return `unable to decode "${source}": Object 'Kind' is missing in '${compactJson(obj)}'`;
  if (!obj.apiVersion) return `unable to decode "${source}": Object 'apiVersion' is missing in '${compactJson(obj)}'`;
  return undefined;
}

function strict(items: ManifestItem[]): Manifest[] {
  const errors = items.filter(isManifestError);
  if (errors.length === 1) throw errors[0]!.error;
  if (errors.length > 1) throw new ErrorList(errors.map((e) => e.error), 'bare');
  return items as Manifest[];
}

/** Marks a -k directory among the -f sources (a NUL cannot occur in a path or URL). */
const KUSTOMIZE_MARK = '\0kustomize:';

/** The source entry standing for `-k DIR`. */
export const kustomizeSource = (dir: string) => KUSTOMIZE_MARK + dir;

/** "a.yaml,b.yaml" and repeated -f become one list (a -k directory is never split). */
export function splitFilenames(filenames: readonly string[]): string[] {
  return filenames.flatMap((f) => (f.startsWith(KUSTOMIZE_MARK) ? [f] : f.split(','))).filter((f) => f !== '');
}

/** -k DIR: the objects ktl's built-in kustomize builds, in its output order; its warnings go to stderr. */
async function readKustomization(ctx: Context, dir: string, opts: ParseOptions): Promise<ManifestItem[]> {
  const { buildObjects } = await import('../kustomize/build.js');
  const warnings: string[] = [];
  try {
    const objs = buildObjects(ctx.cwd, dir, { warn: (w) => warnings.push(w) });
    const text = objs.map((o) => JSON.stringify(o)).join('\n---\n');
    return parseManifestItems(text, dir, opts);
  } catch (e) {
    // reported like a source that cannot be read (kubectl's visitor error)
    if (e instanceof KtlError) return [{ error: e, source: dir }];
    throw e;
  } finally {
    if (warnings.length) ctx.io.errOut.write(warnings.map((w) => `${w}\n`).join(''));
  }
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

export interface ReadOptions extends ParseOptions {
  filenames: string[];
  recursive: boolean;
}

/**
 * Reads -f sources in order: `-` is stdin, http(s) URLs are fetched,
 * directories are listed (files ending .json/.yaml/.yml, sorted; -R descends).
 * Unreadable documents come back as errors in their place (kubectl carries
 * on with the other sources); a path that does not exist throws.
 */
export async function readManifestItems(ctx: Context, opts: ReadOptions): Promise<ManifestItem[]> {
  const out: ManifestItem[] = [];
  for (const name of splitFilenames(opts.filenames)) {
    if (name.startsWith(KUSTOMIZE_MARK)) {
      out.push(...(await readKustomization(ctx, name.slice(KUSTOMIZE_MARK.length), opts)));
      continue;
    }
    if (name === '-') {
      out.push(...parseManifestItems((await readAll(ctx.io.in)).toString('utf8'), 'STDIN', opts));
      continue;
    }
    if (/^https?:\/\//.test(name)) {
      out.push(...parseManifestItems(await readUrl(name), name, opts));
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
      out.push(...parseManifestItems(text, f, opts));
    }
  }
  return out;
}

/** Strict form, for commands that send nothing unless every document reads (--local): throws the errors. */
export async function readManifests(ctx: Context, opts: ReadOptions): Promise<Manifest[]> {
  return strict(await readManifestItems(ctx, opts));
}
