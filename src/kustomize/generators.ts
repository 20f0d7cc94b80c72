/**
 * configMapGenerator / secretGenerator, and the content hash kustomize appends
 * to generated names (sha256 of a canonical JSON form, first ten hex digits
 * with easily confused characters replaced).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { KtlError } from '../errors.js';
import type { GeneratorArgs, GeneratorOptions } from './kustomization.js';
import type { Loader } from './loader.js';
import { isMap, Resource, type Json, type JsonMap } from './resource.js';

/** Go's encoding/json text for a value: sorted keys, HTML characters escaped. */
export function goJson(v: Json): string {
  const norm = (x: Json): Json => {
    if (Array.isArray(x)) return x.map(norm);
    if (isMap(x)) {
      const out: JsonMap = {};
      for (const k of Object.keys(x).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))) out[k] = norm(x[k]!);
      return out;
    }
    return x;
  };
  return JSON.stringify(norm(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const SWAP: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

export function encodeHash(text: string): string {
  const hex = createHash('sha256').update(text, 'utf8').digest('hex');
  return [...hex.slice(0, 10)].map((c) => SWAP[c] ?? c).join('');
}

/** The hash kustomize's HashTransformer computes for a ConfigMap or Secret (other kinds: the whole object). */
export function contentHash(obj: JsonMap): string {
  // kustomize looks the name up as one field called "metadata/name", which
  // never exists: the name always hashes as ""
  const name = '';
  const val = (v: Json | undefined): Json => (v === undefined || v === null ? '' : v);
  if (obj.kind === 'ConfigMap') {
    const m: JsonMap = { kind: 'ConfigMap', name: val(name), data: val(obj.data) };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return encodeHash(goJson(m));
  }
  if (obj.kind === 'Secret') {
    const m: JsonMap = { kind: 'Secret', type: val(obj.type), name: val(name), data: val(obj.data) };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return encodeHash(goJson(m));
  }
  return encodeHash(goJson(obj));
}

function parseLiteral(s: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new KtlError(`invalid literal source ${s}, expected key=value`);
  let v = s.slice(i + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return [s.slice(0, i), v];
}

function parseFileSource(s: string): [string, string] {
  const n = s.split('=').length - 1;
  if (n === 0) return [path.basename(s), s];
  if (n === 1 && s.startsWith('=')) throw new KtlError(`missing key name for file path "${s.slice(1)}" in source "${s}"`);
  if (n === 1 && s.endsWith('=')) throw new KtlError(`missing file path for key name "${s.slice(0, -1)}" in source "${s}"`);
  if (n > 1) throw new KtlError(`source "${s}" key name or file path contains '='`);
  const eq = s.indexOf('=');
  return [s.slice(0, eq), s.slice(eq + 1)];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const KEY_NAME = /^[-._a-zA-Z0-9]+$/;

function envPairs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split('\n').forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_NAME.test(key)) {
      throw new KtlError(`"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`);
    }
    out.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  });
  return out;
}

/** key/value pairs of a generator in kustomize's order: env files, literals, files. */
function pairsOf(ldr: Loader, g: GeneratorArgs, name: string): Array<[string, string | Buffer]> {
  const pairs: Array<[string, string | Buffer]> = [];
  const list = (a: string[] | undefined) => `[${(a ?? []).join(' ')}]`;
  wrap(`loading KV pairs: env source files: ${list(g.envs)}: `, () => {
    for (const e of g.envs ?? []) pairs.push(...envPairs(ldr.load(e).toString('utf8')));
  });
  wrap(`loading KV pairs: literal sources ${list(g.literals)}: `, () => {
    for (const l of g.literals ?? []) pairs.push(parseLiteral(l));
  });
  wrap(`loading KV pairs: file sources: ${list(g.files)}: `, () => {
    for (const f of g.files ?? []) {
      const [k, p] = parseFileSource(f);
      pairs.push([k, ldr.load(p)]);
    }
  });
  const seen = new Set<string>();
  for (const [k] of pairs) {
    if (!KEY_NAME.test(k)) {
      throw new KtlError(`loading KV pairs: "${k}" is not a valid key name: a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
    }
    if (seen.has(k)) throw new KtlError(`configmap ${name} illegally repeats the key \`${k}\``);
    seen.add(k);
  }
  return pairs;
}

function wrap(prefix: string, f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof KtlError) throw new KtlError(prefix + e.message);
    throw e;
  }
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

/** Local options with the kustomization's generatorOptions merged in (local labels/annotations win). */
export function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions | undefined {
  if (!global) return local;
  const o: GeneratorOptions = { ...(local ?? {}) };
  if (global.labels) o.labels = { ...global.labels, ...(o.labels ?? {}) };
  if (global.annotations) o.annotations = { ...global.annotations, ...(o.annotations ?? {}) };
  if (global.disableNameSuffixHash) o.disableNameSuffixHash = true;
  if (global.immutable) o.immutable = true;
  return o;
}

export function generate(ldr: Loader, kind: 'ConfigMap' | 'Secret', g: GeneratorArgs, global: GeneratorOptions | undefined): Resource {
  if (!g.name) throw new KtlError('a configmap must have a name');
  const meta: JsonMap = { name: g.name };
  const obj: JsonMap = { apiVersion: 'v1', kind, metadata: meta };
  if (g.namespace) meta.namespace = g.namespace;
  if (kind === 'Secret') obj.type = g.type || 'Opaque';
  const pairs = pairsOf(ldr, g, g.name);
  const data: JsonMap = {};
  const binary: JsonMap = {};
  for (const [k, v] of pairs) {
    const buf = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    if (kind === 'Secret') data[k] = buf.toString('base64');
    else if (isUtf8(buf)) data[k] = buf.toString('utf8');
    else binary[k] = buf.toString('base64');
  }
  // a Secret always gets its data map (kustomize creates it even when empty)
  if (Object.keys(data).length || kind === 'Secret') obj.data = data;
  if (Object.keys(binary).length) obj.binaryData = binary;
  const opts = mergeOptions(g.options, global);
  if (opts) {
    if (opts.labels && Object.keys(opts.labels).length) meta.labels = { ...opts.labels };
    if (opts.annotations && Object.keys(opts.annotations).length) meta.annotations = { ...opts.annotations };
    if (opts.immutable) obj.immutable = true;
  }
  const r = new Resource(obj);
  r.needsHash = !opts?.disableNameSuffixHash;
  const b = g.behavior ?? '';
  if (b === '') r.behavior = 'create';
  else if (b === 'create' || b === 'merge' || b === 'replace') r.behavior = b;
  else throw new KtlError(`unknown generation behavior '${b}'`);
  return r;
}
