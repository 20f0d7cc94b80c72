/**
 * What a client sends when it creates an object read from a manifest, as
 * cli-runtime's Helper.Create(modify=true) does: the object without
 * metadata.resourceVersion (a manifest piped from `get -o yaml` carries one,
 * and the server refuses to create an object that has it).
 */
export function withoutResourceVersion<T extends object>(obj: T): T {
  const md = (obj as { metadata?: unknown }).metadata;
  if (!md || typeof md !== 'object' || Array.isArray(md) || !('resourceVersion' in md)) return obj;
  const { resourceVersion: _rv, ...rest } = md as Record<string, unknown>;
  return { ...obj, metadata: rest };
}

/**
 * The object with every null map value removed, at any depth (list items
 * stay, nulls inside them too are removed from their maps): what kubectl
 * apply creates, so that a create and a later update of the same manifest
 * store the same object (a null quantity would otherwise be stored as "0").
 */
export function pruneNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => pruneNulls(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null) continue;
      out[k] = pruneNulls(v);
    }
    return out as T;
  }
  return value;
}
