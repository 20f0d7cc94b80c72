/** `set env`: parse KEY=VALUE / KEY- arguments, build env from config maps and secrets, update containers. Pure. */
import { KtlError } from '../errors.js';

type Any = any;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: Any;
}

export interface ParsedEnv {
  env: EnvVar[];
  remove: string[];
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** KEY=VALUE sets, KEY- removes (kubectl's env.ParseEnv). */
export function parseEnvArgs(specs: string[]): ParsedEnv {
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const s of specs) {
    const eq = s.indexOf('=');
    if (eq > 0) {
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) {
        throw new KtlError(`invalid env: ${s}`);
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

/** Splits positional args into resource args and env specs (anything with "=" or ending in "-"). */
export function splitEnvArgs(args: string[]): { resources: string[]; envArgs: string[] } {
  const resources: string[] = [];
  const envArgs: string[] = [];
  let inEnv = false;
  for (const a of args) {
    if (a.includes('=') || (a.endsWith('-') && a.length > 1) || inEnv) {
      inEnv = true;
      envArgs.push(a);
    } else resources.push(a);
  }
  return { resources, envArgs };
}

/** A config map/secret key as an env name; kubectl warns when it had to change it. */
export function keyToEnvName(key: string): { name: string; changed: boolean } {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
  return { name, changed: name !== key };
}

/** Env entries referencing every key of a ConfigMap or Secret. */
export function envFromSource(
  kind: 'configmap' | 'secret',
  obj: Any,
  opts: { prefix?: string; keys?: string[] },
  warn: (line: string) => void,
): EnvVar[] {
  const data: Record<string, unknown> = { ...(obj?.data ?? {}), ...(kind === 'configmap' ? (obj?.binaryData ?? {}) : {}) };
  let keys = Object.keys(data).sort();
  if (opts.keys?.length) keys = keys.filter((k) => opts.keys!.includes(k));
  const name = obj?.metadata?.name;
  return keys.map((key) => {
    const conv = keyToEnvName(key);
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
export function envRefString(vf: Any): string {
  if (vf?.configMapKeyRef) return `configmap ${vf.configMapKeyRef.name}, key ${vf.configMapKeyRef.key}`;
  if (vf?.secretKeyRef) return `secret ${vf.secretKeyRef.name}, key ${vf.secretKeyRef.key}`;
  if (vf?.fieldRef) return `field path ${vf.fieldRef.fieldPath}`;
  if (vf?.resourceFieldRef) {
    const c = vf.resourceFieldRef.containerName;
    return c ? `resource ${vf.resourceFieldRef.resource}, container ${c}` : `resource ${vf.resourceFieldRef.resource}`;
  }
  return 'unknown';
}

/** The --list text for one container. */
export function listEnv(kind: string, name: string, container: Any): string {
  let s = `# ${kind} ${name}, container ${container.name}\n`;
  for (const e of (container.env ?? []) as EnvVar[]) {
    s += e.valueFrom ? `# ${e.name} from ${envRefString(e.valueFrom)}\n` : `${e.name}=${e.value ?? ''}\n`;
  }
  return s;
}
