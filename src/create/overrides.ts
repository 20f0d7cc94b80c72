/**
 * --overrides for objects a command builds (run, expose): merge (RFC 7386),
 * json (RFC 6902) or strategic, where lists of named items (containers, env,
 * ports with names ...) merge by name. Containers keep `resources: {}`, as
 * kubectl's round trip through the typed object does.
 */
import { KtlError } from '../errors.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The object with the overrides applied; kubectl's error for text that is not JSON. */
export async function applyOverrides(pod: Record<string, unknown>, text: string, type: string): Promise<Record<string, unknown>> {
  let patch: Json;
  try {
    patch = JSON.parse(text) as Json;
  } catch {
    throw new KtlError(type === 'json' ? 'invalid JSON Patch' : 'Invalid JSON Patch');
  }
  let out: Json;
  if (type === 'json') {
    const { applyJsonPatch } = await import('../mutate/json-patch.js');
    out = applyJsonPatch(pod as never, patch as never) as unknown as Json;
  } else out = mergeInto(structuredClone(pod) as Json, patch, type === 'strategic');
  const spec = (out as { spec?: { containers?: Array<Record<string, unknown>> } }).spec;
  for (const c of spec?.containers ?? []) if (!('resources' in c)) c.resources = {};
  return out as Record<string, unknown>;
}

function isMap(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeInto(doc: Json, patch: Json, byName: boolean): Json {
  if (!isMap(patch)) return patch;
  const out: { [k: string]: Json } = isMap(doc) ? { ...doc } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (byName && Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => isMap(x) && typeof x.name === 'string')) {
      const merged = [...out[k]];
      for (const item of v as Array<{ [k: string]: Json }>) {
        const at = merged.findIndex((x) => isMap(x) && x.name === item.name);
        if (at >= 0) merged[at] = mergeInto(merged[at]!, item, true);
        else merged.push(item);
      }
      out[k] = merged;
    } else out[k] = mergeInto(out[k] ?? null, v, byName);
  }
  return out;
}
