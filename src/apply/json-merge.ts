/**
 * Three-way JSON merge patch (RFC 7386), what kubectl apply sends for types it
 * has no Go struct for (custom resources): additions and changes come from
 * current -> modified, deletions (nulls) from original -> modified; lists are
 * replaced whole.
 */
import { deepEqual, PatchError, type Json, type JsonMap } from './strategic-merge.js';

const isMap = (v: Json | undefined): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The RFC 7386 patch that turns a into b. */
export function createMergePatch(a: JsonMap, b: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const key of Object.keys(b)) {
    const bv = b[key]!;
    if (!(key in a)) {
      patch[key] = bv;
      continue;
    }
    const av = a[key]!;
    if (isMap(av) && isMap(bv)) {
      const sub = createMergePatch(av, bv);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!deepEqual(av, bv)) patch[key] = bv;
  }
  for (const key of Object.keys(a)) if (!(key in b)) patch[key] = null;
  return patch;
}

/** Keeps only the nulls (keepNull) or only the non-nulls of a patch; empty sub-patches vanish. */
function filterNulls(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const key of Object.keys(m)) {
    const v = m[key]!;
    if (v === null) {
      if (keepNull) out[key] = null;
      continue;
    }
    if (isMap(v)) {
      // an explicitly empty map is a value, not an empty patch
      if (Object.keys(v).length === 0) {
        if (!keepNull) out[key] = v;
        continue;
      }
      const sub = filterNulls(v, keepNull);
      if (Object.keys(sub).length > 0) out[key] = sub;
      continue;
    }
    if (!keepNull) out[key] = v;
  }
  return out;
}

/** Applies an RFC 7386 patch to a document (patches combined as kubectl combines them). */
export function applyMergePatch(doc: Json | undefined, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(doc) ? { ...doc } : {};
  for (const key of Object.keys(patch)) {
    const pv = patch[key]!;
    if (pv === null) delete out[key];
    else out[key] = applyMergePatch(out[key], pv);
  }
  return out;
}

/** Merges the deletion patch and the change patch, keeping the deletion nulls. */
function combine(deletions: JsonMap, changes: JsonMap): JsonMap {
  const out: JsonMap = { ...deletions };
  for (const key of Object.keys(changes)) {
    const cv = changes[key]!;
    const dv = out[key];
    out[key] = isMap(dv) && isMap(cv) ? combine(dv, cv) : cv;
  }
  return out;
}

/**
 * kubectl's CreateThreeWayJSONMergePatch with its preconditions: apiVersion,
 * kind and metadata.name may not change.
 */
export function createThreeWayJsonMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap): JsonMap {
  const changes = filterNulls(createMergePatch(current, modified), false);
  const deletions = filterNulls(createMergePatch(original ?? {}, modified), true);
  const patch = combine(deletions, changes);
  const meta = patch.metadata;
  if ('apiVersion' in patch || 'kind' in patch || (isMap(meta) && 'name' in meta)) {
    throw new PatchError('At least one of apiVersion, kind and name was changed');
  }
  return patch;
}
