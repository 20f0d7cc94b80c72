/**
 * What a client sends when it creates an object read from a manifest, as
 * cli-runtime's Helper.Create(modify=true) does: the object without
 * metadata.resourceVersion (a manifest piped from `get -o yaml` carries one,
 * and the server refuses to create an object that has it).
 */
import { isJsonMap, isRecord, type Json, type JsonMap } from '../codec/value.js';

export function withoutResourceVersion<T extends object>(obj: T): T {
  const md = 'metadata' in obj ? obj.metadata : undefined;
  if (!isRecord(md) || !('resourceVersion' in md)) return obj;
  const { resourceVersion: _rv, ...rest } = md;
  return { ...obj, metadata: rest };
}

/**
 * The object with every null map value removed, at any depth (list items
 * stay, nulls inside them too are removed from their maps): what kubectl
 * apply creates, so that a create and a later update of the same manifest
 * store the same object (a null quantity would otherwise be stored as "0").
 */
export function pruneNulls(value: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    out[k] = pruneValue(v);
  }
  return out;
}

function pruneValue(value: Json): Json {
  if (Array.isArray(value)) return value.map(pruneValue);
  return isJsonMap(value) ? pruneNulls(value) : value;
}
