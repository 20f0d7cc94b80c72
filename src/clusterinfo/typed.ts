/**
 * The lists `cluster-info dump` prints as kubectl holds them: decoded into
 * client-go's typed structs (kubectl 1.33's), then encoded again. Two things
 * change on that round trip that a user sees in the output:
 *
 * - an empty list's items are a nil slice, encoded `null`;
 * - every ObjectMeta carries creationTimestamp (a metav1.Time struct, which
 *   Go's encoder never leaves out), `null` where the server sent none: the
 *   pod templates of workloads and ephemeral volume claim templates.
 *
 * Field order is otherwise the server's, which is the structs' own order.
 */
import { isJsonMap, type Json, type JsonMap } from '../codec/value.js';

/** ObjectMeta's fields after creationTimestamp, in struct order. */
const AFTER_CREATION_TIMESTAMP = new Set([
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** ObjectMeta as Go encodes it: creationTimestamp in its place, `null` when unset. */
export function typedObjectMeta(meta: unknown): JsonMap {
  const m = isJsonMap(meta) ? meta : {};
  if ('creationTimestamp' in m) return m;
  const out: JsonMap = {};
  let placed = false;
  for (const [k, v] of Object.entries(m)) {
    if (!placed && AFTER_CREATION_TIMESTAMP.has(k)) {
      out.creationTimestamp = null;
      placed = true;
    }
    out[k] = v;
  }
  if (!placed) out.creationTimestamp = null;
  return out;
}

/** A copy of `obj` with `key` replaced by `value`, keeping the key's place (appended when absent). */
function withKey(obj: JsonMap, key: string, value: Json): JsonMap {
  if (!(key in obj)) return { ...obj, [key]: value };
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(obj)) out[k] = k === key ? value : v;
  return out;
}

/** A PodSpec with its ephemeral volume claim templates' metadata typed. */
function typedPodSpec(spec: JsonMap): JsonMap {
  const volumes = spec.volumes;
  if (!Array.isArray(volumes) || !volumes.some((v) => isJsonMap(v) && isJsonMap(v.ephemeral) && isJsonMap(v.ephemeral.volumeClaimTemplate))) {
    return spec;
  }
  const typed = volumes.map((v) => {
    if (!isJsonMap(v) || !isJsonMap(v.ephemeral) || !isJsonMap(v.ephemeral.volumeClaimTemplate)) return v;
    const claim = v.ephemeral.volumeClaimTemplate;
    const meta = typedObjectMeta(claim.metadata);
    // a PersistentVolumeClaimTemplate's metadata comes first
    const template = 'metadata' in claim ? withKey(claim, 'metadata', meta) : { metadata: meta, ...claim };
    return withKey(v, 'ephemeral', withKey(v.ephemeral, 'volumeClaimTemplate', template));
  });
  return { ...spec, volumes: typed };
}

/** A PodTemplateSpec (metadata first, then spec), typed. */
function typedPodTemplate(t: JsonMap): JsonMap {
  const meta = typedObjectMeta(t.metadata);
  let out = 'metadata' in t ? withKey(t, 'metadata', meta) : { metadata: meta, ...t };
  if (isJsonMap(out.spec)) out = withKey(out, 'spec', typedPodSpec(out.spec));
  return out;
}

/** One list item (a Node, Event, ReplicationController, Service, DaemonSet, Deployment, ReplicaSet or Pod), typed. */
function typedItem(item: JsonMap): JsonMap {
  let out = isJsonMap(item.metadata) ? withKey(item, 'metadata', typedObjectMeta(item.metadata)) : item;
  const spec = out.spec;
  if (!isJsonMap(spec)) return out;
  if (isJsonMap(spec.template)) out = withKey(out, 'spec', withKey(spec, 'template', typedPodTemplate(spec.template)));
  else if (Array.isArray(spec.containers)) out = withKey(out, 'spec', typedPodSpec(spec));
  return out;
}

/** A list as kubectl's typed client gives it back to be printed. */
export function typedList(list: JsonMap): JsonMap {
  const items = Array.isArray(list.items) ? list.items : [];
  if (items.length === 0) return withKey(list, 'items', null);
  return withKey(list, 'items', items.map((i) => (isJsonMap(i) ? typedItem(i) : i)));
}
