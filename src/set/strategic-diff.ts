/**
 * A two-way strategic merge patch between two versions of an object, for
 * the pod-template fields `set` and `rollout` change. Lists with a merge key
 * (containers by name, env by name, ...) are patched element-wise with
 * $setElementOrder and `$patch: delete`, as kubectl's patches are; other
 * lists are replaced whole; removed map keys become null.
 */
type Json = unknown;
type JsonObject = Record<string, Json>;

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

const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

function canon(v: Json): Json {
  if (Array.isArray(v)) return v.map(canon);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canon(v[k])]));
  return v;
}

/** The patch turning `before` into `after`; {} when they are equal. */
export function twoWayStrategicPatch(before: JsonObject | undefined, after: JsonObject | undefined): JsonObject {
  return diffObjects(before ?? {}, after ?? {});
}

function diffObjects(a: JsonObject, b: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const k of Object.keys(b)) {
    const av = a[k];
    const bv = b[k];
    if (bv === undefined) continue;
    if (!(k in a) || av === undefined) {
      patch[k] = bv;
      continue;
    }
    if (equal(av, bv)) continue;
    const mergeKey = MERGE_KEYS[k];
    if (isObj(av) && isObj(bv)) {
      const sub = diffObjects(av, bv);
      if (Object.keys(sub).length) patch[k] = sub;
    } else if (Array.isArray(av) && Array.isArray(bv) && mergeKey && allObjects(av) && allObjects(bv)) {
      Object.assign(patch, diffKeyedList(k, mergeKey, av, bv));
    } else patch[k] = bv;
  }
  for (const k of Object.keys(a)) if (a[k] !== undefined && (!(k in b) || b[k] === undefined)) patch[k] = null;
  return patch;
}

const allObjects = (xs: unknown[]): xs is JsonObject[] => xs.every(isObj);

function diffKeyedList(field: string, key: string, a: JsonObject[], b: JsonObject[]): JsonObject {
  const items: Json[] = [];
  const before = new Map(a.map((x) => [JSON.stringify(x[key]), x]));
  const afterKeys = new Set(b.map((x) => JSON.stringify(x[key])));
  for (const x of b) {
    const old = before.get(JSON.stringify(x[key]));
    if (!old) items.push(x);
    else if (!equal(old, x)) items.push({ [key]: x[key], ...diffObjects(old, x) });
  }
  for (const x of a) if (!afterKeys.has(JSON.stringify(x[key]))) items.push({ $patch: 'delete', [key]: x[key] });
  const out: JsonObject = { [`$setElementOrder/${field}`]: b.map((x) => ({ [key]: x[key] })) };
  if (items.length) out[field] = items;
  return out;
}
