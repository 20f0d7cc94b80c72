/**
 * Revision history of workloads: Deployments keep old ReplicaSets (revision
 * in the deployment.kubernetes.io/revision annotation), DaemonSets and
 * StatefulSets keep ControllerRevisions. Pure functions over listed objects.
 */
import type { V1ObjectMeta, V1PodTemplateSpec } from '@kubernetes/client-node';
import { KtlError } from '../errors.js';
import { isRecord, pathAt } from '../codec/value.js';
import type { KubeObject } from '../client/rest.js';
import { formatTabbed, KUBECTL_DESCRIBE_OPTIONS } from '../printers/tabwriter.js';
import { REVISION_ANNOTATION } from './status.js';

export { selectorString } from '../describe/selectors.js';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

export interface Revision {
  revision: number;
  /** the pod template of that revision */
  template: V1PodTemplateSpec;
  changeCause?: string;
  /** the ReplicaSet or ControllerRevision holding it */
  source: KubeObject;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** A listed object's metadata, typed (the JSON as the server sent it). */
const metaOf = (o: KubeObject): V1ObjectMeta => o.metadata ?? {};
/** A workload's (or ReplicaSet's) pod template. */
type WithTemplate = { spec?: { template?: V1PodTemplateSpec } };
const templateOf = (o: KubeObject & WithTemplate): V1PodTemplateSpec => clone(templateIn(o) ?? {});
/** The pod template of a workload or ReplicaSet as it is (not copied), or undefined. */
export const templateIn = (o: KubeObject & WithTemplate): V1PodTemplateSpec | undefined => o.spec?.template;

/** Objects whose controller ownerReference points at `owner`. */
export function ownedBy(owner: KubeObject, objects: KubeObject[]): KubeObject[] {
  const uid = metaOf(owner).uid;
  return objects.filter((o) => (metaOf(o).ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid));
}

function revisionOf(rs: KubeObject): number | undefined {
  const v = metaOf(rs).annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A Deployment's revisions from its ReplicaSets, oldest first. */
export function deploymentRevisions(deployment: KubeObject, replicaSets: KubeObject[]): Revision[] {
  const out: Revision[] = [];
  for (const rs of ownedBy(deployment, replicaSets)) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    const template = templateOf(rs);
    const changeCause = metaOf(rs).annotations?.[CHANGE_CAUSE_ANNOTATION];
    if (changeCause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: changeCause };
    }
    out.push({ revision, template, changeCause, source: rs });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** The pod template a ControllerRevision records, applied to the workload. */
export function templateFromControllerRevision(workload: KubeObject, cr: KubeObject): V1PodTemplateSpec {
  const patched = pathAt(cr.data, 'spec', 'template');
  if (!isObject(patched)) return templateOf(workload);
  const t = clone(patched);
  if (t.$patch === 'replace') {
    delete t.$patch;
    return t;
  }
  return mergeObjects({ ...templateOf(workload) }, t);
}

type Json = { [k: string]: unknown };
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The recorded patch over the template (null deletes), objects merged key by key. */
function mergeObjects(base: Json, patch: Json): Json {
  for (const [k, v] of Object.entries(patch)) {
    const old = base[k];
    if (v === null) delete base[k];
    else if (isObject(v) && isObject(old)) base[k] = mergeObjects(old, v);
    else base[k] = v;
  }
  return base;
}

/** A DaemonSet's or StatefulSet's revisions from its ControllerRevisions, oldest first. */
export function controllerRevisions(workload: KubeObject, revisions: KubeObject[]): Revision[] {
  return ownedBy(workload, revisions)
    .map((cr) => ({
      revision: Number(cr.revision ?? 0),
      template: templateFromControllerRevision(workload, cr),
      changeCause: metaOf(cr).annotations?.[CHANGE_CAUSE_ANNOTATION],
      source: cr,
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** The "REVISION  CHANGE-CAUSE" table, preceded by a newline as kubectl prints it after the object name. */
export function historyTable(revisions: Revision[]): string {
  const rows = ['REVISION\tCHANGE-CAUSE\n', ...revisions.map((r) => `${r.revision}\t${r.changeCause || '<none>'}\n`)];
  return `\n${formatTabbed(rows.join(''), KUBECTL_DESCRIBE_OPTIONS)}`;
}

export function findRevision(revisions: Revision[], revision: number): Revision {
  const hit = revisions.find((r) => r.revision === revision);
  if (!hit) throw new KtlError('unable to find the specified revision');
  return hit;
}

/** Deep equality of two JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const ao = a;
  const bo = b;
  const ka = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const kb = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Two templates equal apart from the pod-template-hash label. */
export function templatesEqualIgnoringHash(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  const strip = (t: V1PodTemplateSpec | undefined) => {
    const c = clone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return c;
  };
  return jsonEqual(strip(a), strip(b));
}

/** ObjectMeta's fields before creationTimestamp, in Go's struct order. */
const META_BEFORE_CREATION = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation'];

/** A pod template as kubectl's typed objects print it: `creationTimestamp: null` in its metadata when unset. */
function withTypedTemplateMeta(t: V1PodTemplateSpec): V1PodTemplateSpec {
  const meta = (t.metadata ?? {}) as Record<string, unknown>;
  if ('creationTimestamp' in meta) return t;
  const out: Record<string, unknown> = {};
  for (const k of META_BEFORE_CREATION) if (k in meta) out[k] = meta[k];
  out.creationTimestamp = null;
  for (const [k, v] of Object.entries(meta)) if (!(k in out)) out[k] = v;
  const rest = Object.entries(t).filter(([k]) => k !== 'metadata');
  return { metadata: out, ...Object.fromEntries(rest) } as V1PodTemplateSpec;
}

/**
 * What `rollout history -o` prints for one revision, as kubectl 1.33: a
 * Deployment's ReplicaSet; for a DaemonSet or StatefulSet the workload with
 * that revision's template put in (kubectl applies the ControllerRevision's
 * patch to it). Both as kubectl's typed objects print them.
 */
export function printedRevision(workload: KubeObject, r: Revision): KubeObject {
  const kind = r.source.kind;
  const base = clone(kind === 'ControllerRevision' ? workload : r.source) as KubeObject & WithTemplate;
  const template = kind === 'ControllerRevision' ? clone(r.template) : base.spec?.template;
  if (base.spec && template) base.spec.template = withTypedTemplateMeta(template);
  return base;
}
