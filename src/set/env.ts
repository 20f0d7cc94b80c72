/** `set env`: parse KEY=VALUE / KEY- arguments, build env from config maps and secrets, update containers. Pure. */
import type { V1Container, V1EnvVar, V1EnvVarSource, V1ResourceFieldSelector } from '@kubernetes/client-node';
import type { KubeObject } from '../client/rest.js';
import { KtlError, messageOf } from '../errors.js';
import { pathAt, stringMapAt } from '../codec/value.js';

export type EnvVar = V1EnvVar;

export interface ParsedEnv {
  env: EnvVar[];
  remove: string[];
}

/** validation.IsEnvVarName's pattern */
export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** KEY=VALUE lines of stdin for "-" ("#" starts a comment; lines without "=" are skipped), as kubectl reads them. */
export function readEnvLines(text: string): EnvVar[] {
  const out: EnvVar[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).replace(/\r$/, '');
    const eq = line.indexOf('=');
    if (eq >= 0) out.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
  }
  return out;
}

/** KEY=VALUE sets, KEY- removes, "-" reads KEY=VALUE lines from `stdin` (kubectl's env.ParseEnv). */
export function parseEnvArgs(specs: string[], stdin?: string): ParsedEnv {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const s of specs) {
    if (s === '-') {
      env.push(...readEnvLines(stdin ?? ''));
      continue;
    }
    const eq = s.indexOf('=');
    if (eq > 0) {
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) {
        // apimachinery's IsEnvVarName message, as kubectl set env reports it
        throw new KtlError(
          `${goQuote(name)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
        );
      }
      env.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith('-') && s.length > 1) {
      remove.push(s.slice(0, -1));
    } else {
      throw new KtlError(`unknown environment variable: ${s}`);
    }
  }
  return { env, remove };
}

/**
 * Splits positional args into resource args and the env specs after them
 * (anything with "=" or ending in "-", "-" itself included); a resource
 * after an env spec is kubectl's usage error.
 */
export function splitEnvArgs(args: string[]): { resources: string[]; envArgs: string[] } {
  const resources: string[] = [];
  const envArgs: string[] = [];
  for (const a of args) {
    // envutil.IsEnvironmentArgument: something, then "=" (so "=1" names a resource), or KEY- to remove
    if (/^.+=/s.test(a) || a.endsWith('-')) envArgs.push(a);
    else if (envArgs.length) throw new KtlError(`all resources must be specified before environment changes: ${args.join(' ')}`);
    else resources.push(a);
  }
  return { resources, envArgs };
}

/** A config map/secret key as an env name; kubectl warns when it had to change it. */
export function keyToEnvName(key: string): { name: string; changed: boolean } {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
  return { name, changed: name !== key };
}

/** Byte order, as Go compares strings. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Env entries referencing every key of a ConfigMap or Secret. */
export function envFromSource(
  kind: 'configmap' | 'secret',
  obj: (KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> }) | undefined,
  opts: { prefix?: string; keys?: string[] },
  warn: (line: string) => void,
): EnvVar[] {
  // kubectl reads only `data` (a config map's binaryData is not imported); it walks a Go map, so its
  // order varies from run to run: ktl takes the variables in the order of their names, keys breaking ties
  let keys = Object.keys(obj?.data ?? {});
  if (opts.keys?.length) keys = keys.filter((k) => opts.keys!.includes(k));
  const byName = keys.map((key) => ({ key, conv: keyToEnvName(key) }));
  byName.sort((a, b) => cmp(a.conv.name, b.conv.name) || cmp(a.key, b.key));
  const name = obj?.metadata?.name;
  return byName.map(({ key, conv }) => {
    if (conv.changed) warn(`Warning: key ${key} transferred to ${conv.name}\n`);
    const ref = kind === 'configmap' ? { configMapKeyRef: { key, name } } : { secretKeyRef: { key, name } };
    return { name: `${opts.prefix ?? ''}${conv.name}`, valueFrom: ref };
  });
}

/** kubectl's updateEnv: replace in place, drop removed, append new, in order. */
export function updateEnv(existing: EnvVar[], env: EnvVar[], remove: string[]): EnvVar[] {
  const covered = new Set(remove);
  const out: EnvVar[] = [];
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** "configmap cfg, key A" etc. for `set env --list`. */
export function envRefString(vf: V1EnvVarSource | undefined): string {
  if (vf?.configMapKeyRef) return `configmap ${vf.configMapKeyRef.name}, key ${vf.configMapKeyRef.key}`;
  if (vf?.secretKeyRef) return `secret ${vf.secretKeyRef.name}, key ${vf.secretKeyRef.key}`;
  if (vf?.fieldRef) return `field path ${vf.fieldRef.fieldPath}`;
  if (vf?.resourceFieldRef) {
    const c = vf.resourceFieldRef.containerName;
    return `resource field ${c ? `${c}/` : ''}${vf.resourceFieldRef.resource}`;
  }
  return 'unknown';
}

/** Looks up referenced values for --resolve; each throws with kubectl's text when it cannot. */
export interface EnvResolver {
  configMapData(name: string | undefined): Promise<Record<string, string>>;
  secretData(name: string | undefined): Promise<Record<string, string>>;
}

/** Go's %q for the simple strings of labels and annotations. */
const goQuote = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/** fieldpath.ExtractFieldPathAsString on the listed object. */
function fieldValue(obj: KubeObject | undefined, fieldPath: string): string {
  const md: Record<string, unknown> = obj?.metadata ?? {};
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (sub) return String(pathAt(md, sub[1]!, sub[2]!) ?? '');
  switch (fieldPath) {
    case 'metadata.annotations':
    case 'metadata.labels': {
      const m = stringMapAt(md, fieldPath.slice(9)) ?? {};
      return Object.keys(m)
        .sort()
        .map((k) => `${k}=${goQuote(m[k]!)}`)
        .join('\n');
    }
    case 'metadata.name':
    case 'metadata.namespace':
    case 'metadata.uid':
      return String(md[fieldPath.slice(9)] ?? '');
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}

/** resource.ExtractContainerResourceValue: the container's limit/request over the divisor, rounded up. */
function resourceValue(ref: V1ResourceFieldSelector, container: V1Container | undefined, quantity: (s: string) => number | undefined): string {
  const [kind = '', res] = String(ref.resource ?? '').split(/\.(.*)/s);
  const known = ['cpu', 'memory', 'ephemeral-storage'];
  if ((kind !== 'limits' && kind !== 'requests') || !res || !known.includes(res)) {
    throw new Error(`unsupported container resource : ${ref.resource}`);
  }
  const set = container?.resources?.[kind]?.[res];
  const value = set === undefined ? 0 : (quantity(String(set)) ?? 0);
  const divisor = ref.divisor === undefined || quantity(String(ref.divisor)) === 0 ? 1 : quantity(String(ref.divisor))!;
  // cpu compares milli-units, the others whole units, each rounded up first as Quantity does
  const n = res === 'cpu' ? Math.ceil(Math.ceil(value * 1000) / Math.ceil(divisor * 1000)) : Math.ceil(Math.ceil(value) / Math.ceil(divisor));
  return String(n);
}

/** The value an env reference stands for (kubectl's envutil.GetEnvVarRefValue). */
export async function resolveEnvRef(vf: V1EnvVarSource, obj: KubeObject | undefined, container: V1Container | undefined, r: EnvResolver, quantity: (s: string) => number | undefined): Promise<string> {
  if (vf?.secretKeyRef) {
    const { name, key } = vf.secretKeyRef;
    const data = await r.secretData(name);
    if (key in data) return Buffer.from(data[key]!, 'base64').toString('utf8');
    throw new Error(`key ${key} not found in secret ${name}`);
  }
  if (vf?.configMapKeyRef) {
    const { name, key } = vf.configMapKeyRef;
    const data = await r.configMapData(name);
    if (key in data) return data[key]!;
    throw new Error(`key ${key} not found in config map ${name}`);
  }
  if (vf?.fieldRef) return fieldValue(obj, vf.fieldRef.fieldPath);
  if (vf?.resourceFieldRef) return resourceValue(vf.resourceFieldRef, container, quantity);
  throw new Error('invalid valueFrom');
}

/**
 * The --list text for one container. With a resolver (--resolve), references
 * are printed with their values where they can be found; `failed` collects
 * the names whose lookups failed, by error text.
 */
export async function listEnv(
  kind: string,
  name: string,
  container: V1Container,
  resolve?: { obj: KubeObject; resolver: EnvResolver; quantity: (s: string) => number | undefined; failed: Map<string, string[]> },
): Promise<string> {
  let s = `# ${kind} ${name}, container ${container.name}\n`;
  for (const e of container.env ?? []) {
    if (!e.valueFrom) {
      s += `${e.name}=${e.value ?? ''}\n`;
      continue;
    }
    if (resolve) {
      try {
        s += `${e.name}=${await resolveEnvRef(e.valueFrom, resolve.obj, container, resolve.resolver, resolve.quantity)}\n`;
        continue;
      } catch (err) {
        const text = messageOf(err);
        resolve.failed.set(text, [...(resolve.failed.get(text) ?? []), e.name]);
      }
    }
    s += `# ${e.name} from ${envRefString(e.valueFrom)}\n`;
  }
  return s;
}

/** kubectl's lines for failed lookups: one per error, names sorted, lines sorted. */
export function resolveErrorLines(failed: Map<string, string[]>): string {
  const lines = [...failed].map(([err, names]) => `error retrieving reference for ${[...names].sort().join(', ')}: ${err}`);
  return lines.sort().map((l) => `${l}\n`).join('');
}
