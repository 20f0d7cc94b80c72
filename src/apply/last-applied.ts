/**
 * The kubectl.kubernetes.io/last-applied-configuration annotation: what
 * client-side apply stores on each object and diffs against next time.
 */
import { compactJson } from '../codec/json.js';
import { isJsonMap, type JsonMap } from '../codec/value.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function metadataOf(obj: JsonMap): JsonMap {
  const m = obj.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) ? m : {};
}

/** The annotations as written (values are strings on any valid object; others are kept as they are). */
export function annotationsOf(obj: JsonMap): JsonMap {
  const a = metadataOf(obj).annotations;
  return isJsonMap(a) ? a : {};
}

/** The object with its annotations replaced (always present, possibly {}). */
function withAnnotations(obj: JsonMap, annotations: JsonMap): JsonMap {
  return { ...obj, metadata: { ...metadataOf(obj), annotations } };
}

/**
 * The annotation's value for a manifest: compact JSON (sorted keys, Go
 * escaping) of the manifest without the annotation itself, with
 * "annotations":{} kept, plus a newline.
 */
export function lastAppliedValue(manifest: JsonMap): string {
  const { [LAST_APPLIED]: _drop, ...rest } = annotationsOf(manifest);
  return compactJson(withAnnotations(manifest, rest)) + '\n';
}

/** The manifest as sent: carrying its own last-applied annotation. */
export function withLastApplied(manifest: JsonMap): JsonMap {
  const value = lastAppliedValue(manifest);
  return withAnnotations(manifest, { ...annotationsOf(manifest), [LAST_APPLIED]: value });
}

/** The previous configuration stored on a live object, or undefined. */
export function originalConfiguration(live: JsonMap): JsonMap | undefined {
  const v = annotationsOf(live)[LAST_APPLIED];
  if (typeof v !== 'string' || !v) return undefined;
  // an annotation that holds JSON other than an object is no configuration (as if absent)
  const parsed: unknown = JSON.parse(v);
  return isJsonMap(parsed) ? parsed : undefined;
}

export function hasLastApplied(live: JsonMap): boolean {
  return LAST_APPLIED in annotationsOf(live);
}
