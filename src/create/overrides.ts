/**
 * --overrides for objects a command builds (run, expose): merge (RFC 7386),
 * json (RFC 6902) or strategic, where lists of named items (containers, env,
 * ports with names ...) merge by name. The result is what kubectl's round trip
 * through the typed object makes of it (for the kinds src/typed describes).
 */
import { KtlError } from '../errors.js';
import { goJsonSyntaxError } from '../codec/go-json-error.js';
import { goJsonKind as goKind, isJsonMap, isRecord, type Json, type JsonMap } from '../codec/value.js';

/** The object with the overrides applied; kubectl's error for text that is not JSON. */
export async function applyOverrides(pod: Record<string, unknown>, text: string, type: string): Promise<Record<string, unknown>> {
  let patch: Json;
  try {
    patch = toJson(JSON.parse(text));
  } catch {
    // kubectl: a JSON patch is decoded by encoding/json (its syntax error as it is), a strategic
    // merge patch by the strategic merge code, a merge patch by json-patch
    if (type === 'json') throw new KtlError(goJsonSyntaxError(text) ?? 'invalid JSON Patch');
    throw new KtlError(type === 'strategic' ? 'invalid JSON document' : 'Invalid JSON Patch');
  }
  // what each patch type takes, with kubectl 1.33's refusals: json-patch's MergePatch takes an
  // object or an array; a JSON patch is a list of objects; a strategic merge patch an object; null
  // is no change for the last two
  if (type === 'merge' && !isJsonMap(patch) && !Array.isArray(patch)) throw new KtlError('Invalid JSON Patch');
  if (type === 'json' && patch !== null) {
    if (!Array.isArray(patch)) throw new KtlError(`json: cannot unmarshal ${goKind(patch)} into Go value of type jsonpatch.Patch`);
    const bad = patch.find((op) => op !== null && !isJsonMap(op));
    if (bad !== undefined) throw new KtlError(`json: cannot unmarshal ${goKind(bad)} into Go value of type jsonpatch.Operation`);
  }
  if (type === 'strategic' && patch !== null && !isJsonMap(patch)) throw new KtlError('invalid JSON document');
  let out: Json;
  if (patch === null) out = toJson(pod);
  else if (type === 'json') {
    const { applyJsonPatch } = await import('../mutate/json-patch.js');
    out = applyJsonPatch(toJson(pod), patch);
  } else out = mergeInto(toJson(pod), patch, type === 'strategic');
  if (!isJsonMap(out)) {
    // kubectl decodes the result into the typed object, which fails for anything but a JSON object
    throw new KtlError(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goKind(out)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  // kubectl decodes the result into its typed struct before it prints or sends it
  const { typedRoundTrip } = await import('../typed/encode.js');
  return typedRoundTrip(out);
}

/**
 * A deep copy of a JSON-shaped value as `Json`, with JSON's rules for what is
 * not JSON (as the value would go over the wire): object keys holding
 * undefined or a function are left out, such array elements become null.
 */
function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (isJsonValue(x) ? toJson(x) : null));
  if (isRecord(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) if (isJsonValue(x)) out[k] = toJson(x);
    return out;
  }
  return null;
}

function isJsonValue(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint';
}

function isMap(v: Json | undefined): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeInto(doc: Json, patch: Json, byName: boolean): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(doc) ? { ...doc } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (byName && Array.isArray(v) && Array.isArray(out[k]) && v.every((x) => isMap(x) && typeof x.name === 'string')) {
      const merged = [...out[k]];
      for (const item of v.filter(isMap)) {
        const at = merged.findIndex((x) => isMap(x) && x.name === item.name);
        if (at >= 0) merged[at] = mergeInto(merged[at]!, item, true);
        else merged.push(item);
      }
      out[k] = merged;
    } else out[k] = mergeInto(out[k] ?? null, v, byName);
  }
  return out;
}
