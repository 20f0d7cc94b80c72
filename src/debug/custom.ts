/**
 * --custom: a partial container spec (JSON, else YAML) merged into the
 * debugging container after the profile, as kubectl does it: the file is read
 * into a typed Container (unknown fields dropped, zero values of plain fields
 * dropped), then strategic-merge-patched into the container, where env,
 * ports, volumeMounts and volumeDevices merge by their keys and every other
 * list is replaced.
 */
import { isJsonMap } from '../codec/value.js';
import { readFile } from 'node:fs/promises';
import { KtlError, messageOf, errnoCode } from '../errors.js';
import type { Json, JsonMap } from './profiles.js';
import { structFieldShapes } from '../typed/encode.js';

/** Container fields (k8s.io/api core/v1 Container, 1.33) and the shape of their values, whose zero value the typed Container drops on output. */
const CONTAINER_FIELDS: Record<string, 'string' | 'bool' | 'list' | 'object'> = Object.fromEntries(structFieldShapes('Container'));

/** Lists of a container merged by key (patchStrategy "merge"). */
const MERGE_KEYS: Record<string, string> = { env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath' };

const isMap = (v: Json | undefined): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The container as a typed Container would hold it: known fields, no zero plain values. */
function typedContainer(raw: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(raw)) {
    const kind = CONTAINER_FIELDS[k];
    if (!kind || v === null) continue;
    if (kind === 'string' && v === '') continue;
    if (kind === 'bool' && v === false) continue;
    if (kind === 'list' && Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** Reads --custom: kubectl's messages for a missing file and for content that is no container spec. */
export async function readCustomProfile(file: string, cwd: string): Promise<JsonMap> {
  let text: string;
  try {
    text = await readFile(file.startsWith('/') ? file : `${cwd}/${file}`, 'utf8');
  } catch (e) {
    const code = errnoCode(e);
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : messageOf(e);
    throw new KtlError(`must pass a container spec json file for custom profile: open ${file}: ${why}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { loadYaml, goYamlError } = await import('../codec/yaml.js');
    try {
      value = JSON.parse(JSON.stringify(loadYaml(text) ?? null));
    } catch (e) {
      throw new KtlError(`${file} does not contain a valid container spec: error converting YAML to JSON: yaml: ${goYamlError(text, e)}`);
    }
  }
  if (value === null) return {};
  if (!isJsonMap(value)) {
    throw new KtlError(`${file} does not contain a valid container spec: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goKind(value)} into Go value of type v1.Container`);
  }
  const wrong = wrongType(value);
  if (wrong) throw new KtlError(`${file} does not contain a valid container spec: error unmarshaling JSON: while decoding JSON: ${wrong}`);
  return typedContainer(value);
}

/** The Go types of Container's fields, for encoding/json's type errors. */
const GO_TYPES: Record<string, string> = {
  name: 'string', image: 'string', command: '[]string', args: '[]string', workingDir: 'string', ports: '[]v1.ContainerPort',
  envFrom: '[]v1.EnvFromSource', env: '[]v1.EnvVar', resources: 'v1.ResourceRequirements', resizePolicy: '[]v1.ContainerResizePolicy',
  restartPolicy: 'v1.ContainerRestartPolicy', volumeMounts: '[]v1.VolumeMount', volumeDevices: '[]v1.VolumeDevice',
  livenessProbe: 'v1.Probe', readinessProbe: 'v1.Probe', startupProbe: 'v1.Probe', lifecycle: 'v1.Lifecycle',
  terminationMessagePath: 'string', terminationMessagePolicy: 'v1.TerminationMessagePolicy', imagePullPolicy: 'v1.PullPolicy',
  securityContext: 'v1.SecurityContext', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
};

/** encoding/json's error for the first top-level field whose JSON type the Go field cannot take. */
function wrongType(v: JsonMap): string | undefined {
  for (const [k, val] of Object.entries(v)) {
    const kind = CONTAINER_FIELDS[k];
    const goType = GO_TYPES[k];
    if (!kind || !goType || val === null) continue;
    const jsonType = Array.isArray(val) ? 'array' : typeof val === 'object' ? 'object' : typeof val === 'boolean' ? 'bool' : typeof val;
    const ok = kind === 'list' ? jsonType === 'array' : kind === 'object' ? (k === 'restartPolicy' ? jsonType === 'string' : jsonType === 'object') : jsonType === (kind === 'bool' ? 'bool' : 'string');
    if (!ok) return `json: cannot unmarshal ${jsonType} into Go struct field Container.${k} of type ${goType}`;
  }
  return undefined;
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'object';
}

/** kubectl's refusal of fields a custom profile may not set. */
export function checkCustomProfile(custom: JsonMap): void {
  const has = (k: string) => {
    const v = custom[k];
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  };
  if (has('name') || has('command') || has('image') || has('lifecycle') || has('volumeDevices')) {
    throw new KtlError('name, command, image, lifecycle and volume devices are not modifiable via custom profile');
  }
}

function mergeMaps(original: JsonMap, patch: JsonMap, lists: Record<string, string>): JsonMap {
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete original[k];
      continue;
    }
    const ov = original[k];
    if (isMap(pv) && isMap(ov)) original[k] = mergeMaps(ov, pv, {});
    else if (Array.isArray(pv) && Array.isArray(ov) && lists[k]) original[k] = mergeKeyedList(ov, pv, lists[k]!);
    else original[k] = pv;
  }
  return original;
}

/**
 * A list merged by key as the API machinery's strategic merge does: patch
 * items merged into their twins, new ones added; then the patch's items in the
 * patch's order, and the original-only items put back before the first patch
 * item that came later in the original.
 */
function mergeKeyedList(original: Json[], patch: Json[], key: string): Json[] {
  const keyOf = (v: Json) => (isMap(v) ? JSON.stringify(v[key] ?? null) : JSON.stringify(v));
  const origIndex = new Map<string, number>();
  original.forEach((v, i) => {
    if (!origIndex.has(keyOf(v))) origIndex.set(keyOf(v), i);
  });
  const merged = original.map((v) => structuredClone(v));
  const patchItems: Json[] = [];
  const seen = new Set<string>();
  for (const p of patch) {
    const k = keyOf(p);
    const at = origIndex.get(k);
    if (at !== undefined && isMap(merged[at]) && isMap(p)) merged[at] = mergeMaps(merged[at], p, {});
    else if (at === undefined) merged.push(p);
    if (!seen.has(k)) {
      seen.add(k);
      patchItems.push(at !== undefined ? merged[at]! : p);
    }
  }
  const serverOnly = original.map((v, i) => [v, i] as const).filter(([v]) => !seen.has(keyOf(v))).map(([, i]) => merged[i]!);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]!);
    else if (j >= patchItems.length) out.push(serverOnly[i++]!);
    else {
      const li = origIndex.get(keyOf(serverOnly[i]!));
      const ri = origIndex.get(keyOf(patchItems[j]!));
      if (li !== undefined && ri !== undefined && li < ri) out.push(serverOnly[i++]!);
      else out.push(patchItems[j++]!);
    }
  }
  return out;
}

/** The container with the custom profile merged in (kubectl sets the custom name to the container's first). */
export function applyCustomProfile(container: JsonMap, custom: JsonMap): JsonMap {
  const patch: JsonMap = structuredClone({ ...custom, name: container.name ?? '' });
  return typedContainer(mergeMaps(structuredClone(container), patch, MERGE_KEYS));
}
