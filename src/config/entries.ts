/**
 * Typed views of the kubeconfig stanzas that codec.ts's schema walker has
 * decoded: each field is copied when it holds the type the schema gives it.
 * The walker has already checked every field (Go's type errors), so nothing
 * of a decoded stanza is lost; these functions only let TypeScript see the
 * types that were checked.
 */
import { isJsonMap, isStringMap, mapAt, stringAt, type Json, type JsonMap } from '../codec/value.js';
import type { AuthInfo, ClusterEntry, ContextEntry, ExecConfig, ExecEnvVar, NamedExtensionEntry, Preferences } from './types.js';

/** The string fields among `keys` (others, absent or of another type, left out). */
function strings<K extends string>(o: JsonMap, ...keys: K[]): { [P in K]?: string } {
  const out: { [P in K]?: string } = {};
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The boolean fields among `keys`. */
function bools<K extends string>(o: JsonMap, ...keys: K[]): { [P in K]?: boolean } {
  const out: { [P in K]?: boolean } = {};
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'boolean') out[k] = v;
  }
  return out;
}

const isString = (v: Json): v is string => typeof v === 'string';

function stringList(v: Json | undefined): string[] | undefined {
  return Array.isArray(v) ? v.filter(isString) : undefined;
}

/** A stanza's `extensions` list, kept as decoded (raw objects). */
function extensionsOf(o: JsonMap): { extensions?: Json[] } {
  const v = o.extensions;
  return Array.isArray(v) ? { extensions: v } : {};
}

/** The `[]NamedExtension` items of a decoded list. */
export function namedExtensionsOf(list: Json[]): NamedExtensionEntry[] {
  return list.filter(isJsonMap).map((e) => ({ name: stringAt(e, 'name') ?? '', extension: e.extension ?? null }));
}

export function preferencesOf(o: JsonMap): Preferences {
  const ext = o.extensions;
  return { ...bools(o, 'colors'), ...(Array.isArray(ext) ? { extensions: namedExtensionsOf(ext) } : {}) };
}

export function clusterEntryOf(o: JsonMap): ClusterEntry {
  return {
    ...strings(o, 'server', 'tls-server-name'),
    ...bools(o, 'insecure-skip-tls-verify'),
    ...strings(o, 'certificate-authority', 'certificate-authority-data', 'proxy-url'),
    ...bools(o, 'disable-compression'),
    ...extensionsOf(o),
  };
}

export function contextEntryOf(o: JsonMap): ContextEntry {
  return {
    cluster: stringAt(o, 'cluster') ?? '',
    user: stringAt(o, 'user') ?? '',
    ...strings(o, 'namespace'),
    ...extensionsOf(o),
  };
}

function envVarOf(o: JsonMap): ExecEnvVar {
  return { name: stringAt(o, 'name') ?? '', value: stringAt(o, 'value') ?? '' };
}

function execOf(o: JsonMap): ExecConfig {
  const env = o.env;
  return {
    command: stringAt(o, 'command') ?? '',
    // nil lists stay null, as the decoder leaves them
    args: stringList(o.args) ?? null,
    env: Array.isArray(env) ? env.filter(isJsonMap).map(envVarOf) : null,
    ...strings(o, 'apiVersion', 'installHint'),
    ...bools(o, 'provideClusterInfo'),
    ...strings(o, 'interactiveMode'),
  };
}

/** map[string][]string: a nil list (`key: null`) stays null. */
function userExtraOf(o: JsonMap): Record<string, string[] | null> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, stringList(v) ?? null]));
}

export function authInfoOf(o: JsonMap): AuthInfo {
  const out: AuthInfo = strings(
    o,
    'client-certificate',
    'client-certificate-data',
    'client-key',
    'client-key-data',
    'token',
    'tokenFile',
    'as',
    'as-uid',
  );
  const groups = stringList(o['as-groups']);
  if (groups) out['as-groups'] = groups;
  const extra = mapAt(o, 'as-user-extra');
  if (extra) out['as-user-extra'] = userExtraOf(extra);
  Object.assign(out, strings(o, 'username', 'password'));
  const provider = mapAt(o, 'auth-provider');
  if (provider) {
    const config = provider.config;
    out['auth-provider'] = { name: stringAt(provider, 'name') ?? '', config: isStringMap(config) ? config : null };
  }
  const exec = mapAt(o, 'exec');
  if (exec) out.exec = execOf(exec);
  return { ...out, ...extensionsOf(o) };
}
