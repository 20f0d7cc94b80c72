/**
 * Reading and writing one kubeconfig file the way client-go does: YAML (or
 * JSON) decoded into the v1 shapes with Go's type errors, []byte fields
 * base64-checked and re-encoded canonically, names turned into maps
 * (duplicates rejected), and written back as go-yaml v2 YAML in Go's field
 * rules (omitempty, `null` for nil lists).
 */
import { compareCodePoints } from '../codec/json.js';
import { goJsonKind as jsonKind, isRecord, mapAt, stringAt, type Json, type JsonMap } from '../codec/value.js';
import { goQuote } from '../printers/go-format.js';
import { authInfoOf, clusterEntryOf, contextEntryOf, namedExtensionsOf, preferencesOf } from './entries.js';
import { AuthInfoSchema, ClusterSchema, ConfigSchema, ContextSchema, type FieldType, type StructSchema } from './schema.js';
import type { AuthInfo, ClusterEntry, ContextEntry, Kubeconfig, NamedExtensionEntry } from './types.js';

/** A JSON-compatible value, as kubeconfig documents are handled here. */
export type JsonValue = Json;

/** A decoding failure; the loader prefixes `error loading config file "<file>": `. */
export class DecodeError extends Error {}

type Obj = JsonMap;

/** Whether v is JSON data all the way down (what the YAML reader and the decoder produce). */
function isJson(v: unknown): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return true;
  if (Array.isArray(v)) return v.every(isJson);
  return isRecord(v) && Object.values(v).every(isJson);
}

/**
 * The canonical in-memory form of a kubeconfig document already read from
 * YAML (text is the file's, for client-go's "apiVersion is missing" message).
 * decode-text.ts reads the text with the full YAML reader; the loader first
 * tries the quick one (codec/yaml-plain.ts), so that a command does not load
 * js-yaml for a plain kubeconfig.
 */
export function decodeKubeconfigDocument(doc: unknown, text: string): Kubeconfig {
  checkFinite(doc);
  checkKind(doc, text);
  if (doc === null) return emptyKubeconfig();
  if (!isRecord(doc)) {
    throw new DecodeError(`json: cannot unmarshal ${jsonKind(doc)} into Go value of type v1.Config`);
  }
  const file = decodeStruct(doc, ConfigSchema, 'Config', '');
  return fromFileShape(file);
}

/** sigs.k8s.io/yaml hands the document on as JSON: Go's encoder refuses .inf and .nan (the first in its sorted-key walk). */
function checkFinite(v: unknown): void {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new DecodeError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
  if (Array.isArray(v)) v.forEach(checkFinite);
  else if (isRecord(v)) for (const k of Object.keys(v).sort(compareCodePoints)) checkFinite(v[k]);
}

const KIND_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
const SCHEME = 'k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50';

/**
 * What client-go's decoder checks before reading the Config: apiVersion and
 * kind read as strings (apiVersion's error first, as Go meets the sorted keys),
 * the group/version parsed, empty parts defaulted to v1 and Config, and
 * anything else refused as no kind registered in clientcmd's scheme.
 */
function checkKind(doc: unknown, text: string): void {
  const parseError = (m: string) => new DecodeError(`couldn't get version/kind; json parse error: ${m}`);
  if (doc === null) return;
  if (!isRecord(doc)) {
    throw parseError(`json: cannot unmarshal ${jsonKind(doc)} into Go value of type ${KIND_STRUCT}`);
  }
  for (const key of ['apiVersion', 'kind']) {
    const v = doc[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw parseError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`);
    }
  }
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  let kind = typeof doc.kind === 'string' ? doc.kind : '';
  let group = '';
  let version = '';
  if (apiVersion !== '' && apiVersion !== '/') {
    const slashes = apiVersion.split('/').length - 1;
    if (slashes > 1) throw new DecodeError(`unexpected GroupVersion string: ${apiVersion}`);
    if (slashes === 1) {
      const [g = '', v = ''] = apiVersion.split('/');
      group = g;
      version = v;
    } else version = apiVersion;
  }
  if (kind === '') kind = 'Config';
  if (version === '' && group === '') version = 'v1';
  if (version === '') throw new DecodeError(`Object 'apiVersion' is missing in '${text}'`);
  if (group !== '' || version !== 'v1' || kind !== 'Config') {
    throw new DecodeError(`no kind ${goQuote(kind)} is registered for version ${goQuote(group ? `${group}/${version}` : version)} in scheme ${goQuote(SCHEME)}`);
  }
}

export function emptyKubeconfig(): Kubeconfig {
  return { preferences: {}, clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '', extensions: [] };
}

function goTypeName(t: FieldType): string {
  switch (t.k) {
    case 'string':
      return 'string';
    case 'bool':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'raw':
      return 'runtime.RawExtension';
    case 'list':
    case 'map':
      return t.go;
    case 'struct':
      return `v1.${t.s.go}`;
  }
}

function typeError(v: unknown, structName: string, path: string, t: FieldType): DecodeError {
  return new DecodeError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${structName}.${path} of type ${goTypeName(t)}`);
}

/** Go json.Unmarshal into a struct: unknown fields ignored, null leaves zero values. */
function decodeStruct(v: Record<string, unknown>, s: StructSchema, structName: string, path: string): Obj {
  const out: Obj = {};
  for (const field of s.fields) {
    const fieldPath = path ? `${path}.${field.json}` : field.json;
    const raw = Object.prototype.hasOwnProperty.call(v, field.json) ? (v[field.json] ?? null) : null;
    const value = decodeValue(raw, field.t, s.go, fieldPath);
    if (value === undefined) {
      if (!field.omitempty) out[field.json] = zeroValue(field.t);
      continue;
    }
    if (field.omitempty && isZero(value, field.t)) continue;
    out[field.json] = value;
  }
  return out;
}

function decodeValue(v: unknown, t: FieldType, structName: string, path: string): JsonValue | undefined {
  if (v === null && t.k !== 'raw') return undefined;
  switch (t.k) {
    case 'string':
      if (typeof v !== 'string') throw typeError(v, structName, path, t);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, structName, path, t);
      return v;
    case 'bytes':
      if (typeof v !== 'string') throw typeError(v, structName, path, t);
      return canonicalBase64(v);
    case 'raw':
      // opaque JSON (extensions); anything else could not have come from a document
      return isJson(v) ? v : undefined;
    case 'list': {
      if (!Array.isArray(v)) throw typeError(v, structName, path, t);
      const items: unknown[] = v;
      return items.map((item) => {
        if (t.of.k === 'struct') {
          if (item === null) return decodeStruct({}, t.of.s, t.of.s.go, path);
          if (!isRecord(item)) throw typeError(item, structName, path, t.of);
          return decodeStruct(item, t.of.s, t.of.s.go, path);
        }
        const d = decodeValue(item, t.of, structName, path);
        return d === undefined ? zeroValue(t.of) : d;
      });
    }
    case 'map': {
      if (!isRecord(v)) throw typeError(v, structName, path, t);
      const out: Obj = {};
      for (const [k, item] of Object.entries(v)) {
        const d = decodeValue(item, t.of, structName, path);
        out[k] = d === undefined ? zeroValue(t.of) : d;
      }
      return out;
    }
    case 'struct':
      if (!isRecord(v)) throw typeError(v, structName, path, t);
      return decodeStruct(v, t.s, t.s.go, path);
  }
}

function zeroValue(t: FieldType): JsonValue {
  switch (t.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'struct':
      return decodeStruct({}, t.s, t.s.go, '');
    default:
      return null;
  }
}

function isZero(v: unknown, t: FieldType): boolean {
  switch (t.k) {
    case 'string':
    case 'bytes':
      return v === '';
    case 'bool':
      return v === false;
    case 'list':
      return !Array.isArray(v) || v.length === 0;
    case 'map':
      return v === null || (isRecord(v) && Object.keys(v).length === 0);
    default:
      return v === null;
  }
}

const B64 = /^[A-Za-z0-9+/]$/;
const CLEAN_BASE64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** base64.StdEncoding.DecodeString then re-encode, with Go's error text. */
export function canonicalBase64(s: string): string {
  // the usual case, one line of well-formed base64: what the checks below would accept, without their arrays
  if (s.length % 4 === 0 && CLEAN_BASE64.test(s)) return Buffer.from(s, 'base64').toString('base64');
  const clean: string[] = [];
  const positions: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' || c === '\n') continue;
    clean.push(c);
    positions.push(i);
  }
  let padStart = clean.indexOf('=');
  const dataLen = padStart < 0 ? clean.length : padStart;
  for (let i = 0; i < dataLen; i++) {
    if (!B64.test(clean[i]!)) throw new DecodeError(`illegal base64 data at input byte ${positions[i]}`);
  }
  if (padStart >= 0) {
    const pad = clean.length - padStart;
    const ok = clean.slice(padStart).every((c) => c === '=') && clean.length % 4 === 0 && pad <= 2 && dataLen % 4 >= 2;
    if (!ok) {
      const bad = clean.slice(padStart).findIndex((c) => c !== '=');
      const at = bad >= 0 ? padStart + bad : padStart;
      throw new DecodeError(`illegal base64 data at input byte ${positions[at] ?? s.length}`);
    }
  } else {
    padStart = clean.length;
    if (clean.length % 4 !== 0) {
      throw new DecodeError(`illegal base64 data at input byte ${clean.length - (clean.length % 4)}`);
    }
  }
  return Buffer.from(clean.join(''), 'base64').toString('base64');
}

function fromFileShape(file: Obj): Kubeconfig {
  const cfg = emptyKubeconfig();
  cfg.preferences = preferencesOf(mapAt(file, 'preferences') ?? {});
  cfg.currentContext = stringAt(file, 'current-context') ?? '';
  toMap(file.clusters, 'cluster', 'NamedCluster', 'api.Cluster', cfg.clusters, clusterEntryOf);
  toMap(file.users, 'user', 'NamedAuthInfo', 'api.AuthInfo', cfg.users, authInfoOf);
  toMap(file.contexts, 'context', 'NamedContext', 'api.Context', cfg.contexts, contextEntryOf);
  cfg.extensions = checkExtensions(file.extensions);
  for (const user of cfg.users.values()) defaultExec(user);
  return cfg;
}

/** A decoded []Named* list into the map, each stanza seen through its typed view. */
function toMap<T>(
  list: JsonValue | undefined,
  key: string,
  goList: string,
  goMap: string,
  out: Map<string, T>,
  entryOf: (o: Obj) => T,
): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const name = stringAt(item, 'name') ?? '';
    if (out.has(name)) {
      throw new DecodeError(
        `error converting *[]${goList} into *map[string]*${goMap}: duplicate name "${name}" in list`,
      );
    }
    out.set(name, entryOf(mapAt(item, key) ?? {}));
  }
}

function checkExtensions(list: JsonValue | undefined): NamedExtensionEntry[] {
  if (!Array.isArray(list)) return [];
  const entries = namedExtensionsOf(list);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) {
      throw new DecodeError(`duplicate name "${e.name}" in list`);
    }
    seen.add(e.name);
  }
  return entries;
}

/** SetDefaults_ExecConfig: pre-v1 plugins default to interactiveMode IfAvailable. */
function defaultExec(user: AuthInfo): void {
  const exec = user.exec;
  if (!exec || exec.interactiveMode) return;
  if (exec.apiVersion === 'client.authentication.k8s.io/v1beta1' || exec.apiVersion === 'client.authentication.k8s.io/v1alpha1') {
    exec.interactiveMode = 'IfAvailable';
  }
}

// ---------------------------------------------------------------------------
// encoding

/** The v1 Config object, fields in Go struct order, lists sorted by name. */
export function encodeKubeconfig(cfg: Kubeconfig): JsonValue {
  const named = <T>(m: Map<string, T>, key: string) =>
    [...m.keys()].sort(byteCompare).map((name) => ({ name, [key]: m.get(name) }));
  // the in-memory stanzas are read back through the schema, which picks each field by its type
  const file: Record<string, unknown> = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: cfg.preferences,
    clusters: cfg.clusters.size ? named(cfg.clusters, 'cluster') : null,
    users: cfg.users.size ? named(cfg.users, 'user') : null,
    contexts: cfg.contexts.size ? named(cfg.contexts, 'context') : null,
    'current-context': cfg.currentContext,
    extensions: sortExtensions(cfg.extensions),
  };
  return encodeStruct(file, ConfigSchema);
}

/** Named extensions sorted by name; an empty or missing list is Go's nil. */
function sortExtensions(list: readonly unknown[] | undefined): unknown[] | null {
  if (!list || list.length === 0) return null;
  const nameOf = (e: unknown) => stringAt(e, 'name') ?? '';
  return [...list].sort((a, b) => byteCompare(nameOf(a), nameOf(b)));
}

export function byteCompare(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

function encodeStruct(v: Record<string, unknown>, s: StructSchema): Obj {
  const out: Obj = {};
  for (const field of s.fields) {
    let value: unknown = Object.prototype.hasOwnProperty.call(v, field.json) ? v[field.json] : undefined;
    if (field.json === 'extensions' && Array.isArray(value)) {
      const list: unknown[] = value;
      value = sortExtensions(list);
    }
    if (value === undefined || value === null) {
      if (field.omitempty) continue;
      out[field.json] = field.t.k === 'struct' ? encodeStruct({}, field.t.s) : zeroValue(field.t);
      continue;
    }
    if (field.omitempty && isZero(value, field.t)) continue;
    out[field.json] = encodeValue(value, field.t);
  }
  return out;
}

/** A field's in-memory value as JSON; a value of another shape than the schema's is written as Go's zero (nil). */
function encodeValue(v: unknown, t: FieldType): JsonValue {
  switch (t.k) {
    case 'struct':
      return encodeStruct(isRecord(v) ? v : {}, t.s);
    case 'list': {
      if (!Array.isArray(v)) return null;
      const items: unknown[] = v;
      return items.map((item) => encodeValue(item, t.of));
    }
    case 'map': {
      if (!isRecord(v)) return null;
      const out: Obj = {};
      for (const k of Object.keys(v).sort(byteCompare)) out[k] = encodeValue(v[k], t.of);
      return out;
    }
    case 'raw':
      return sortDeep(v);
    default:
      return isJson(v) ? v : null;
  }
}

/** Raw JSON (extensions) comes out of Go with map keys sorted. */
function sortDeep(v: unknown): JsonValue {
  if (Array.isArray(v)) {
    const items: unknown[] = v;
    return items.map(sortDeep);
  }
  if (isRecord(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort(byteCompare)) out[k] = sortDeep(v[k]);
    return out;
  }
  return isJson(v) ? v : null;
}


/** Go's json.MarshalIndent(v, "", "    ") plus a newline, with Go's HTML-safe escapes. */
export function marshalGoJson(v: JsonValue, indent = '    '): string {
  return goJsonEscape(JSON.stringify(v, null, indent)) + '\n';
}

export function goJsonEscape(s: string): string {
  return s.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A stanza in canonical form (zero omitempty fields dropped, required ones present). */
export function canonicalEntry(kind: 'cluster', entry: unknown): ClusterEntry;
export function canonicalEntry(kind: 'user', entry: unknown): AuthInfo;
export function canonicalEntry(kind: 'context', entry: unknown): ContextEntry;
export function canonicalEntry(kind: 'cluster' | 'user' | 'context', entry: unknown): ClusterEntry | AuthInfo | ContextEntry;
export function canonicalEntry(kind: 'cluster' | 'user' | 'context', entry: unknown): ClusterEntry | AuthInfo | ContextEntry {
  const v = isRecord(entry) ? entry : {};
  switch (kind) {
    case 'cluster':
      return clusterEntryOf(decodeStruct(v, ClusterSchema, ClusterSchema.go, ''));
    case 'user':
      return authInfoOf(decodeStruct(v, AuthInfoSchema, AuthInfoSchema.go, ''));
    case 'context':
      return contextEntryOf(decodeStruct(v, ContextSchema, ContextSchema.go, ''));
  }
}
