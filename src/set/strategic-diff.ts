/**
 * A two-way strategic merge patch between two versions of an object, for
 * the pod-template fields `set` and `rollout` change. Lists with a merge key
 * (containers by name, env by name, ...) are patched element-wise with
 * $setElementOrder and `$patch: delete`, as kubectl's patches are; other
 * lists are replaced whole; removed map keys become null.
 */
type Json = any;

const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  resourceClaims: 'name',
};

const isObj = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

function canon(v: Json): Json {
  if (Array.isArray(v)) return v.map(canon);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canon(v[k])]));
  return v;
}

/** The patch turning `before` into `after`; {} when they are equal. */
export function twoWayStrategicPatch(before: Json, after: Json): Record<string, Json> {
  return diffObjects(before ?? {}, after ?? {});
}

function diffObjects(a: Record<string, Json>, b: Record<string, Json>): Record<string, Json> {
  const patch: Record<string, Json> = {};
  for (const k of Object.keys(b)) {
    if (b[k] === undefined) continue;
    if (!(k in a) || a[k] === undefined) {
      patch[k] = b[k];
      continue;
    }
    if (equal(a[k], b[k])) continue;
    if (isObj(a[k]) && isObj(b[k])) {
      const sub = diffObjects(a[k], b[k]);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (Array.isArray(a[k]) && Array.isArray(b[k]) && MERGE_KEYS[k] && [...a[k], ...b[k]].every((x: Json) => isObj(x))) {
      Object.assign(patch, diffKeyedList(k, MERGE_KEYS[k]!, a[k], b[k]));
    } else patch[k] = b[k];
  }
  for (const k of Object.keys(a)) if (a[k] !== undefined && (!(k in b) || b[k] === undefined)) patch[k] = null;
  return patch;
}

function diffKeyedList(field: string, key: string, a: Json[], b: Json[]): Record<string, Json> {
  const items: Json[] = [];
  const before = new Map(a.map((x) => [JSON.stringify(x[key]), x]));
  const afterKeys = new Set(b.map((x) => JSON.stringify(x[key])));
  for (const x of b) {
    const old = before.get(JSON.stringify(x[key]));
    if (!old) items.push(x);
    else if (!equal(old, x)) items.push({ [key]: x[key], ...diffObjects(old, x) });
  }
  for (const x of a) if (!afterKeys.has(JSON.stringify(x[key]))) items.push({ $patch: 'delete', [key]: x[key] });
  const out: Record<string, Json> = { [`$setElementOrder/${field}`]: b.map((x) => ({ [key]: x[key] })) };
  if (items.length) out[field] = items;
  return out;
}
