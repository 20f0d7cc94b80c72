/**
 * `config set` / `config unset` property paths, navigated the way kubectl
 * does over client-go's internal Config type: dot-separated, map keys may
 * contain dots (the longest prefix before a known field name), fields use the
 * internal JSON names (act-as, act-as-groups ...), pointer fields (exec,
 * auth-provider) cannot be entered.
 */
import { isRecord } from '../codec/value.js';
import { ConfigError } from '../errors.js';
import { DecodeError, canonicalBase64, canonicalEntry } from './codec.js';
import type { Kubeconfig, NamedExtensionEntry, Preferences } from './types.js';

type PType =
  | { k: 'string' | 'bool' | 'bytes' | 'strslice' | 'ptr' | 'iface' }
  | { k: 'struct'; go: string; fields: Array<{ name: string; key: string; t: PType }> }
  | { k: 'map'; go: string; elem: PType; entry?: 'cluster' | 'user' | 'context' };

const S = { k: 'string' } as const;
const B = { k: 'bool' } as const;
const BYTES = { k: 'bytes' } as const;
const extMap: PType = { k: 'map', go: 'map[string]runtime.Object', elem: { k: 'iface' } };
const fld = (name: string, t: PType, key = name) => ({ name, key, t });

const ClusterT: PType = {
  k: 'struct',
  go: 'api.Cluster',
  fields: [
    fld('server', S), fld('tls-server-name', S), fld('insecure-skip-tls-verify', B), fld('certificate-authority', S),
    fld('certificate-authority-data', BYTES), fld('proxy-url', S), fld('disable-compression', B), fld('extensions', extMap),
  ],
};
const AuthInfoT: PType = {
  k: 'struct',
  go: 'api.AuthInfo',
  fields: [
    fld('client-certificate', S), fld('client-certificate-data', BYTES), fld('client-key', S), fld('client-key-data', BYTES),
    fld('token', S), fld('tokenFile', S), fld('act-as', S, 'as'), fld('act-as-uid', S, 'as-uid'),
    fld('act-as-groups', { k: 'strslice' }, 'as-groups'),
    fld('act-as-user-extra', { k: 'map', go: 'map[string][]string', elem: { k: 'strslice' } }, 'as-user-extra'),
    fld('username', S), fld('password', S), fld('auth-provider', { k: 'ptr' }), fld('exec', { k: 'ptr' }),
    fld('extensions', extMap),
  ],
};
const ContextT: PType = {
  k: 'struct',
  go: 'api.Context',
  fields: [fld('cluster', S), fld('user', S), fld('namespace', S), fld('extensions', extMap)],
};
const PreferencesT: PType = { k: 'struct', go: 'api.Preferences', fields: [fld('colors', B), fld('extensions', extMap)] };
const ConfigT: PType = {
  k: 'struct',
  go: 'api.Config',
  fields: [
    fld('kind', S), fld('apiVersion', S), fld('preferences', PreferencesT),
    fld('clusters', { k: 'map', go: 'map[string]*api.Cluster', elem: ClusterT, entry: 'cluster' }),
    fld('users', { k: 'map', go: 'map[string]*api.AuthInfo', elem: AuthInfoT, entry: 'user' }),
    fld('contexts', { k: 'map', go: 'map[string]*api.Context', elem: ContextT, entry: 'context' }),
    fld('current-context', S), fld('extensions', extMap),
  ],
};

function typeName(t: PType): string {
  if (t.k === 'struct' || t.k === 'map') return t.go;
  return t.k === 'strslice' ? '[]string' : t.k === 'bytes' ? '[]uint8' : t.k;
}

interface Step {
  value: string;
  t: PType;
}

/** kubectl's newNavigationSteps. */
export function parsePropertyPath(path: string): Step[] {
  const parts = path.split('.');
  const steps: Step[] = [];
  let t: PType = ConfigT;
  let i = 0;
  while (i < parts.length) {
    if (t.k === 'map') {
      const elem: PType = t.elem;
      if (elem.k !== 'struct' && elem.k !== 'iface') throw new ConfigError('string is not of type struct');
      const known = new Set(elem.k === 'struct' ? elem.fields.map((f) => f.name) : []);
      const rest = parts.slice(i);
      const idx = rest.slice(1).findIndex((p) => known.has(p));
      const n = idx < 0 ? rest.length : idx + 1;
      const name = rest.slice(0, n).join('.');
      steps.push({ value: name, t: elem });
      i += n;
      t = elem;
    } else if (t.k === 'struct') {
      const field = t.fields.find((f) => f.name === parts[i]);
      if (!field) {
        const shown = steps.map((s) => `{${s.value} ${typeName(s.t)}}`).join(' ');
        throw new ConfigError(`unable to parse ${path} after [${shown}] at ${t.go}`);
      }
      steps.push({ value: parts[i]!, t: field.t });
      i++;
      t = field.t;
    } else {
      throw new ConfigError(`unable to parse one or more field values of ${path}`);
    }
  }
  return steps;
}

type Holder = { get(): unknown; set(v: unknown): void };

/**
 * Applies `config set` (value given) or `config unset` (value undefined) to
 * the config in place; errors carry kubectl's messages.
 */
export function modifyProperty(cfg: Kubeconfig, path: string, value: string | undefined, setRawBytes = false): void {
  const steps = parsePropertyPath(path);
  const unset = value === undefined;
  const root: Record<string, unknown> = {
    kind: '',
    apiVersion: '',
    preferences: cfg.preferences,
    clusters: cfg.clusters,
    users: cfg.users,
    contexts: cfg.contexts,
    'current-context': cfg.currentContext,
    extensions: cfg.extensions,
  };
  const holder: Holder = { get: () => root, set: () => {} };
  walk(holder, ConfigT, steps.map((s) => s.value), unset, value ?? '', setRawBytes);
  cfg.preferences = preferencesIn(root.preferences);
  if (!cfg.preferences.colors) delete cfg.preferences.colors;
  if (!cfg.preferences.extensions?.length) delete cfg.preferences.extensions;
  // unsetting preferences leaves Go a nil extensions map, which never equals a loaded one
  const path0 = steps[0]?.value;
  if (unset && path0 === 'preferences' && (steps.length === 1 || steps[1]?.value === 'extensions')) {
    markNilExtensions(cfg.preferences);
  }
  // the walk stores untyped values: every stanza is read back in canonical, typed form
  cfg.clusters = new Map(entriesIn(root.clusters).map(([k, v]) => [k, canonicalEntry('cluster', v)]));
  cfg.users = new Map(entriesIn(root.users).map(([k, v]) => [k, canonicalEntry('user', v)]));
  cfg.contexts = new Map(entriesIn(root.contexts).map(([k, v]) => [k, canonicalEntry('context', v)]));
  const current = root['current-context'];
  cfg.currentContext = typeof current === 'string' ? current : '';
  cfg.extensions = extensionsIn(root.extensions);
}

/** The entries of a map the walk left (a Map keyed by stanza names), in insertion order. */
function entriesIn(v: unknown): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (!(v instanceof Map)) return out;
  const m: Map<unknown, unknown> = v;
  for (const [k, e] of m) if (typeof k === 'string') out.push([k, e]);
  return out;
}

const isNamedExtension = (v: unknown): v is NamedExtensionEntry => isRecord(v) && typeof v.name === 'string' && 'extension' in v;

/** Extensions can only be removed here: what is left is the loaded list, or nothing. */
function extensionsIn(v: unknown): NamedExtensionEntry[] {
  if (!Array.isArray(v)) return [];
  const list: unknown[] = v;
  return list.filter(isNamedExtension);
}

/** Preferences as the walk left them: colors set or reset, extensions kept or removed. */
function preferencesIn(v: unknown): Preferences {
  if (!isRecord(v)) return {};
  const out: Preferences = {};
  if (typeof v.colors === 'boolean') out.colors = v.colors;
  if (v.extensions !== undefined) out.extensions = extensionsIn(v.extensions);
  return out;
}

function zeroOf(t: PType): unknown {
  switch (t.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'struct':
      return {};
    default:
      return undefined;
  }
}

function walk(h: Holder, t: PType, steps: string[], unset: boolean, value: string, raw: boolean): void {
  const step = steps.shift();
  const more = steps.length > 0;
  switch (t.k) {
    case 'map': {
      const held = h.get();
      let m: Map<unknown, unknown>;
      if (held instanceof Map) m = held;
      else {
        m = new Map();
        h.set(m);
      }
      if (!more && !unset) {
        throw new ConfigError(`can't set a map to a value: map[${[...m.keys()].sort().map((k) => `${k}:0xc000000000`).join(' ')}]`);
      }
      if (!more && unset) {
        m.delete(step!);
        return;
      }
      if (!m.has(step!)) {
        if (unset) throw new ConfigError(`current map key \`${step}\` is invalid`);
        m.set(step!, t.entry ? canonicalEntry(t.entry, {}) : zeroOf(t.elem));
      }
      const map = m;
      walk({ get: () => map.get(step!), set: (v) => map.set(step!, v) }, t.elem, steps, unset, value, raw);
      return;
    }
    case 'struct': {
      const held = h.get();
      let obj: Record<string, unknown>;
      if (isRecord(held)) obj = held;
      else {
        obj = {};
        h.set(obj);
      }
      const field = t.fields.find((f) => f.name === step)!;
      if (field.t === extMap) {
        // extensions are opaque objects: they can be removed, not edited
        if (!more && unset) {
          delete obj[field.key];
          return;
        }
        throw new ConfigError(`unrecognized type: runtime.Object`);
      }
      if (field.t.k === 'map' && obj[field.key] === undefined) {
        obj[field.key] = field.t.go === 'map[string][]string' ? {} : new Map();
        if (!more && unset) return;
      }
      if (!more && unset) {
        if (field.t.k === 'map') obj[field.key] = field.t.go === 'map[string][]string' ? undefined : new Map();
        else obj[field.key] = zeroOf(field.t);
        if (obj[field.key] === undefined) delete obj[field.key];
        return;
      }
      if (field.t.k === 'map' && field.t.go === 'map[string][]string') {
        throw new ConfigError('string is not of type struct');
      }
      walk({ get: () => obj[field.key], set: (v) => (obj[field.key] = v) }, field.t, steps, unset, value, raw);
      return;
    }
    case 'string':
      if (step !== undefined || more) throw new ConfigError(`can't have more steps after a string. ${steps}`);
      h.set(value);
      return;
    case 'bool': {
      if (step !== undefined || more) throw new ConfigError(`can't have more steps after a bool. ${steps}`);
      h.set(parseGoBool(value));
      return;
    }
    case 'bytes': {
      if (step !== undefined || more) throw new ConfigError(`can't have more steps after bytes. ${steps}`);
      if (raw) {
        h.set(Buffer.from(value, 'utf8').toString('base64'));
        return;
      }
      try {
        h.set(canonicalBase64(value));
      } catch (e) {
        if (e instanceof DecodeError) throw new ConfigError(`error decoding input value: ${e.message}`);
        throw e;
      }
      return;
    }
    case 'strslice':
      throw new ConfigError('unrecognized slice type. string');
    default:
      throw new ConfigError(`unrecognized type: ${typeName(t)}`);
  }
}

const nilExtensions = new WeakSet<object>();
function markNilExtensions(p: object): void {
  nilExtensions.add(p);
}
/** Preferences reset by `unset`: kubectl writes them even where they look equal. */
export function hasNilExtensions(p: object): boolean {
  return nilExtensions.has(p);
}

/** strconv.ParseBool, with "" meaning false as kubectl's toBool. */
export function parseGoBool(v: string): boolean {
  if (v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new ConfigError(`strconv.ParseBool: parsing "${v}": invalid syntax`);
}
