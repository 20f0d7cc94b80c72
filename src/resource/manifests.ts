/**
 * -f FILE|DIR|URL|- with -R: reads manifests into objects, the way
 * cli-runtime's FileVisitor does: documents that cannot be read are reported
 * in their place and the caller carries on with the rest, like kubectl.
 */
import { readdir, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { readFileCapped, readStreamCapped } from '../read-capped.js';
import { toConnectionError } from '../client/net-errors.js';
import path from 'node:path';
import { DeepDocumentError, LARGE_STACK_MAX_DEPTH, isDepthError, kubectlDepthError } from '../codec/depth.js';
import { goYamlError, loadYaml, splitYamlDocuments } from '../codec/yaml.js';
import { markStdinInUse, readAll, type Context } from '../context.js';
import { ErrorList, KtlError } from '../errors.js';
import { isKubeObject, type KubeObject } from './types.js';
import { KUSTOMIZE_MARK, kustomizeSource } from './kustomize-source.js';
import { compactJson } from '../codec/json.js';
import { scanGoJsonValue } from '../codec/go-json-error.js';
import { isRecord } from '../codec/value.js';

export interface Manifest {
  object: KubeObject;
  /** the file as named (dir/file for directory entries), the URL, or "STDIN" */
  source: string;
  /** 0-based index of the YAML document within its source */
  docIndex: number;
}

/** File extensions read from directories (explicitly named files are read whatever their name). */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

export { goYamlError, splitYamlDocuments };

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
  /**
   * Documents deeper than the main stack takes (src/codec/depth.ts) that
   * kubectl reads: 'rerun' throws DeepDocumentError (the launcher runs the
   * line again on a larger stack), 'read' reads them (on that stack);
   * otherwise they fail with ktl's line.
   */
  deep?: 'rerun' | 'read';
}

const VALIDATE_HINT = '; if you choose to ignore these errors, turn validation off with --validate=false';

/**
 * go-yaml's complaint ("line N: ...", lines within the document) about the
 * first document of `text` that does not parse, or undefined when all parse.
 */
export function yamlSyntaxError(text: string): string | undefined {
  for (const chunk of splitYamlDocuments(text.replace(/\r\n/g, '\n'))) {
    try {
      loadYaml(chunk);
    } catch (e) {
      return goYamlError(chunk, e);
    }
  }
  return undefined;
}

/** Go's name for a JSON value's type, as encoding/json reports it. */
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

/** A decoded document of a stream, or the failure that ends the stream (in kubectl's words, source named). */
type StreamDoc = { value: unknown; docIndex: number } | { fail: string };

/** Go's unicode.IsSpace over the characters a manifest holds. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0]/;

/**
 * apimachinery's YAMLOrJSONDecoder, as the stream visitor of kubectl 1.33
 * uses it: a text whose first non-space byte (within the first 4096) is `{`
 * is read as a stream of JSON values back to back (json.Decoder); anything
 * else (`[` included) as YAML documents split on `---`. When a JSON value
 * fails to read before two have been read, the rest (after the last value
 * read and the spaces up to the first newline) is read as YAML from there
 * on, and if its first document fails too the JSON error is the one told
 * (`json: offset N: ...`, N counted in bytes from the start of the text).
 * After two JSON values a failure ends the stream with Go's bare message.
 */
function* decodeStream(input: string, source: string, opts: ParseOptions): Generator<StreamDoc> {
  // kubectl reads files through a transform that drops a UTF-8 byte order mark
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const head = text.slice(0, 4096);
  let k = 0;
  while (k < head.length && GO_SPACE.test(head[k]!)) k++;
  if (head[k] !== '{') {
    yield* yamlDocuments(text, source, opts, 0, undefined);
    return;
  }
  let pos = 0;
  let count = 0;
  for (;;) {
    let start = pos;
    while (start < text.length && GO_SPACE.test(text[start]!)) start++;
    if (start >= text.length) return;
    const r = scanGoJsonValue(text, start);
    if ('end' in r) {
      const chunk = text.slice(start, r.end);
      yield decodeDocument(chunk, source, opts, count, true);
      count++;
      pos = r.end;
      continue;
    }
    const bare = 'eof' in r ? 'unexpected EOF' : r.error;
    if (count > 1) {
      yield { fail: `error parsing ${source}: ${bare}` };
      return;
    }
    const told = 'eof' in r ? bare : `json: offset ${Buffer.byteLength(text.slice(0, r.at + 1))}: ${r.error}`;
    // the spaces after the last value, up to and including the first newline
    let from = pos;
    while (from < text.length && GO_SPACE.test(text[from]!) && text[from] !== '\n') from++;
    if (text[from] === '\n') from++;
    yield* yamlDocuments(text.slice(from), source, opts, count, `error parsing ${source}: ${told}`);
    return;
  }
}

/**
 * YAML documents split on `---` lines; `firstFails`, when given, is what a
 * failure of the first non-empty document reports (the JSON error, when the
 * stream began as JSON).
 */
function* yamlDocuments(text: string, source: string, opts: ParseOptions, count: number, firstFails: string | undefined): Generator<StreamDoc> {
  const chunks = splitYamlDocuments(text.replace(/\r\n/g, '\n'));
  let first = firstFails;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const doc = decodeDocument(chunk, source, opts, count + i, false);
    if ('fail' in doc && first !== undefined) {
      yield { fail: first };
      return;
    }
    if (chunk.trim() !== '') first = undefined;
    yield doc;
    if ('fail' in doc) return;
  }
}

/** One document's value, with the depth limits and go-yaml's error wording. */
function decodeDocument(chunk: string, source: string, opts: ParseOptions, docIndex: number, json: boolean): StreamDoc {
  const where = docIndex > 0 ? ` (document ${docIndex + 1})` : '';
  // on the large stack kubectl's limit is checked first: js-yaml's there is only a net
  const refused = opts.deep === 'read' ? kubectlDepthError(chunk) : undefined;
  if (refused) return { fail: `error parsing ${source}: ${refused}${where}` };
  const load = (t: string) => loadYaml(t, { filename: source, maxDepth: opts.deep === 'read' ? LARGE_STACK_MAX_DEPTH : undefined });
  try {
    return { value: load(chunk), docIndex };
  } catch (e) {
    // deeper than ktl reads: kubectl's refusal when it refuses too, else ktl's line
    const deep = isDepthError(e) ? kubectlDepthError(chunk) : undefined;
    if (deep) return { fail: `error parsing ${source}: ${deep}${where}` };
    const message = `error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlError(chunk, e)}${where}`;
    if (isDepthError(e) && opts.deep === 'rerun') throw new DeepDocumentError(message);
    if (isDepthError(e)) return { fail: message };
    // a JSON value the YAML reader does not take: JSON's own reading
    if (json) return { value: JSON.parse(chunk), docIndex };
    // go-yaml reads one node per document: what follows a flow collection there is never parsed
    const end = flowNodeEnd(chunk, e);
    if (end !== undefined) {
      try {
        return { value: load(chunk.slice(0, end)), docIndex };
      } catch {
        // the error as it was
      }
    }
    return { fail: message };
  }
}

/** Where js-yaml found more after a document's top-level flow collection (`{...}` or `[...]`), if that is its complaint. */
function flowNodeEnd(chunk: string, e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('reason' in e) || e.reason !== 'end of the stream or a document separator is expected') return undefined;
  const mark: unknown = 'mark' in e ? e.mark : undefined;
  const position = isRecord(mark) && typeof mark.position === 'number' ? mark.position : undefined;
  const firstLine = chunk.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  return /^\s*[{[]/.test(firstLine) ? position : undefined;
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
  for (const doc of decodeStream(text, source, opts)) {
    if ('fail' in doc) {
      fail(doc.fail);
      return out;
    }
    const { value, docIndex } = doc;
    if (value === null) continue;
    if (opts.validate) {
      if (!isKubeObject(value)) {
        fail(`error validating "${source}": error validating data: invalid object to validate${VALIDATE_HINT}`);
        return out;
      }
      const o = value;
      const missing = [!o.apiVersion && 'apiVersion not set', !o.kind && 'kind not set'].filter((x): x is string => !!x);
      if (missing.length) {
        const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
        fail(`error validating "${source}": error validating data: ${list}${VALIDATE_HINT}`);
        return out;
      }
    }
    if (!isKubeObject(value)) {
      fail(`unable to decode "${source}": json: cannot unmarshal ${goJsonType(value)} into Go value of type unstructured.detector`);
      continue;
    }
    const problem = typeMetaError(value, source) ?? metadataTypeError(value, source);
    if (problem) {
      fail(problem);
      continue;
    }
    const bad = badListItem(value);
    if (bad !== undefined) {
      // kubectl refuses the whole List: its validation first, else its decoding of the items
      if (opts.validate) {
        fail(`error validating "${source}": error validating data: invalid object to validate${VALIDATE_HINT}`);
        return out;
      }
      fail(`unable to decode "${source}": json: cannot unmarshal ${goJsonType(bad)} into Go value of type map[string]interface {}`);
      continue;
    }
    const items = flatten(value);
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

const isList = (obj: KubeObject) => typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items);

/** A List item that is not an object (a scalar or an array), which kubectl refuses; null items are skipped. */
function badListItem(obj: KubeObject): unknown {
  const items: unknown = obj.items;
  if (!isList(obj) || !Array.isArray(items)) return undefined;
  return items.find((i) => i !== null && (typeof i !== 'object' || Array.isArray(i)));
}

/** Go's kind of a JSON value in "cannot unmarshal KIND into ...", with a number's text where Go gives it. */
function goJsonKind(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return 'object';
  return goJsonType(v);
}

/** The Go types of ObjectMeta's fields that a manifest can get wrong (apimachinery's v1.ObjectMeta). */
const META_FIELDS: Record<string, 'string' | 'types.UID' | 'int64' | 'map' | 'strings' | string> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'types.UID',
  resourceVersion: 'string',
  creationTimestamp: 'string',
  deletionTimestamp: 'string',
  generation: 'int64',
  deletionGracePeriodSeconds: 'int64',
  labels: 'map',
  annotations: 'map',
  finalizers: 'strings',
  ownerReferences: '[]v1.OwnerReference',
  managedFields: '[]v1.ManagedFieldsEntry',
};

/**
 * kubectl decodes each document's metadata into ObjectMeta before anything
 * else (`unable to decode "f.yaml": json: cannot unmarshal number into Go
 * struct field ObjectMeta.metadata.name of type string`): the first field,
 * in document order, whose JSON type Go cannot store. Lists keep ListMeta.
 */
function metadataTypeError(obj: KubeObject, source: string): string | undefined {
  const meta: unknown = obj.metadata;
  if (meta === undefined || meta === null || isList(obj)) return undefined;
  const err = (what: string) => `unable to decode "${source}": json: cannot unmarshal ${what}`;
  if (!isRecord(meta)) {
    return err(`${goJsonKind(meta)} into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta`);
  }
  for (const [key, v] of Object.entries(meta)) {
    const type = META_FIELDS[key];
    if (type === undefined || v === null) continue;
    const field = (what: string, goType: string) => err(`${what} into Go struct field ObjectMeta.metadata.${key} of type ${goType}`);
    const kind = goJsonKind(v);
    if (type === 'string' || type === 'types.UID') {
      if (typeof v !== 'string') return field(kind, type);
    } else if (type === 'int64') {
      if (typeof v === 'number' && !Number.isInteger(v)) return field(`number ${v}`, type);
      if (typeof v !== 'number') return field(kind, type);
    } else if (type === 'map') {
      if (!isRecord(v)) return field(kind, 'map[string]string');
      const value = Object.values(v).find((x) => x !== null && typeof x !== 'string');
      if (value !== undefined) return field(goJsonKind(value), 'string');
    } else if (type === 'strings') {
      if (!Array.isArray(v)) return field(kind, '[]string');
      const value = v.find((x) => x !== null && typeof x !== 'string');
      if (value !== undefined) return field(goJsonKind(value), 'string');
    } else if (!Array.isArray(v)) return field(kind, type);
  }
  return undefined;
}

/** A List's items (one level: kubectl refuses a List inside a List). */
function flatten(obj: KubeObject): KubeObject[] | undefined {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const items = obj.items.filter((i): i is KubeObject => !!i && typeof i === 'object');
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
  return items.filter((i): i is Manifest => !isManifestError(i));
}

export { kustomizeSource };

/** "a.yaml,b.yaml" and repeated -f become one list (a -k directory is never split). */
export function splitFilenames(filenames: readonly string[]): string[] {
  return filenames.flatMap((f) => (f.startsWith(KUSTOMIZE_MARK) ? [f] : f.split(','))).filter((f) => f !== '');
}

/** -k DIR: the objects ktl's built-in kustomize builds, in its output order; its warnings go to stderr. */
async function readKustomization(ctx: Context, dir: string, opts: ParseOptions): Promise<ManifestItem[]> {
  const { buildObjects } = await import('../kustomize/build.js');
  const warnings: string[] = [];
  try {
    const { klogPrefix } = await import('../client/klog.js');
    const objs = buildObjects(ctx.cwd, dir, {
      warn: (w) => warnings.push(w),
      log: (m) => warnings.push(`${klogPrefix('I', ctx.now(), process.pid, 'log.go:245')}${m}`),
    });
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

/**
 * -f URL: a GET as Go's http.Get makes it (redirects followed, up to 10), so
 * failures read as kubectl's: connection errors in Go's words
 * (`The connection to the server HOST:PORT was refused ...`, `Unable to
 * connect to the server: malformed HTTP response ...`), other statuses as
 * cli-runtime words them; the body is capped like every input.
 */
async function readUrl(url: string): Promise<string> {
  let target = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (target.protocol === 'https:' ? https : http).get(target, { maxHeaderSize: 10 << 20 }, resolve);
      req.on('error', (e) => {
        const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
        reject(toConnectionError(e, { host: target.hostname.replace(/^\[|\]$/g, ''), port }));
      });
    });
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && redirects < 10) {
      res.resume();
      target = new URL(res.headers.location, target);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new KtlError(`unable to read URL "${url}", server reported ${status} ${res.statusMessage ?? ''}, status code=${status}`);
    }
    return (await readStreamCapped(res, url)).toString('utf8');
  }
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
  const deep = ctx.rerunOnLargerStack ? 'rerun' : ctx.largeStack ? 'read' : undefined;
  let stdin: Buffer | undefined;
  try {
    const out = await readSources(ctx, { ...opts, deep }, (b) => (stdin = b));
    ctx.largeStack?.inputsRead();
    return out;
  } catch (e) {
    if (e instanceof DeepDocumentError) e.stdin = stdin;
    throw e;
  }
}

/** cli-runtime's StdinMultiUseError: stdin named twice, or taken by the command already (set env's "-"). */
export const STDIN_MULTI_USE = 'standard input cannot be used for multiple arguments';

async function readSources(ctx: Context, opts: ReadOptions, readStdin: (b: Buffer) => void): Promise<ManifestItem[]> {
  const out: ManifestItem[] = [];
  // kubectl's builder refuses a second "-" before it reads anything
  if (splitFilenames(opts.filenames).filter((f) => f === '-').length > 1) throw new KtlError(STDIN_MULTI_USE);
  // cli-runtime's builder: a path that yields no file to read while nothing before it did is an error
  let sources = 0;
  for (const name of splitFilenames(opts.filenames)) {
    sources++;
    if (name.startsWith(KUSTOMIZE_MARK)) {
      out.push(...(await readKustomization(ctx, name.slice(KUSTOMIZE_MARK.length), opts)));
      continue;
    }
    if (name === '-') {
      markStdinInUse(ctx.io.in);
      const bytes = await readAll(ctx.io.in);
      readStdin(bytes);
      out.push(...parseManifestItems(bytes.toString('utf8'), 'STDIN', opts));
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
    if (files.length === 0 && --sources === 0) {
      throw new KtlError(`error reading [${name}]: recognized file extensions are [${MANIFEST_EXTENSIONS.join(' ')}]`);
    }
    for (const f of files) {
      const text = (await readFileCapped(path.resolve(ctx.cwd, f), f)).toString('utf8');
      out.push(...parseManifestItems(text, f, opts));
    }
  }
  return out;
}

/** Strict form, for commands that send nothing unless every document reads (--local): throws the errors. */
export async function readManifests(ctx: Context, opts: ReadOptions): Promise<Manifest[]> {
  return strict(await readManifestItems(ctx, opts));
}
