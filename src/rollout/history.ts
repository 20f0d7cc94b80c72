/**
 * Revision history of workloads: Deployments keep old ReplicaSets (revision
 * in the deployment.kubernetes.io/revision annotation), DaemonSets and
 * StatefulSets keep ControllerRevisions. Pure functions over listed objects.
 */
import { KtlError } from '../errors.js';
import type { KubeObject } from '../client/rest.js';
import { formatTabbed, KUBECTL_DESCRIBE_OPTIONS } from '../printers/tabwriter.js';
import { REVISION_ANNOTATION } from './status.js';

type Any = any;
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

export interface Revision {
  revision: number;
  /** the pod template of that revision */
  template: Any;
  changeCause?: string;
  /** the ReplicaSet or ControllerRevision holding it */
  source: KubeObject;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Objects whose controller ownerReference points at `owner`. */
export function ownedBy(owner: KubeObject, objects: KubeObject[]): KubeObject[] {
  const uid = (owner.metadata as Any)?.uid;
  return objects.filter((o) => ((o.metadata as Any)?.ownerReferences ?? []).some((r: Any) => r.controller === true && r.uid === uid));
}

/** A label selector object as the query string the API takes. */
export function selectorString(sel: Any): string {
  const parts: string[] = [];
  for (const k of Object.keys(sel?.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function revisionOf(rs: KubeObject): number | undefined {
  const v = (rs.metadata as Any)?.annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A Deployment's revisions from its ReplicaSets, oldest first. */
export function deploymentRevisions(deployment: KubeObject, replicaSets: KubeObject[]): Revision[] {
  const out: Revision[] = [];
  for (const rs of ownedBy(deployment, replicaSets)) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    const template = clone((rs as Any).spec?.template ?? {});
    const changeCause = (rs.metadata as Any)?.annotations?.[CHANGE_CAUSE_ANNOTATION];
    if (changeCause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...(template.metadata.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: changeCause };
    }
    out.push({ revision, template, changeCause, source: rs });
  }
  return out.sort((a, b) => a.revision - b.revision);
}

/** The pod template a ControllerRevision records, applied to the workload. */
export function templateFromControllerRevision(workload: KubeObject, cr: KubeObject): Any {
  const data = (cr as Any).data ?? {};
  const patched = data.spec?.template;
  if (!patched) return clone((workload as Any).spec?.template ?? {});
  const t = clone(patched);
  if (t.$patch === 'replace') {
    delete t.$patch;
    return t;
  }
  return mergeObjects(clone((workload as Any).spec?.template ?? {}), t);
}

function mergeObjects(base: Any, patch: Any): Any {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete base[k];
    else if (v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object' && !Array.isArray(base[k])) {
      base[k] = mergeObjects(base[k], v);
    } else base[k] = v;
  }
  return base;
}

/** A DaemonSet's or StatefulSet's revisions from its ControllerRevisions, oldest first. */
export function controllerRevisions(workload: KubeObject, revisions: KubeObject[]): Revision[] {
  return ownedBy(workload, revisions)
    .map((cr) => ({
      revision: Number((cr as Any).revision ?? 0),
      template: templateFromControllerRevision(workload, cr),
      changeCause: (cr.metadata as Any)?.annotations?.[CHANGE_CAUSE_ANNOTATION],
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
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const kb = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(ao[k], bo[k]));
}

/** Two templates equal apart from the pod-template-hash label. */
export function templatesEqualIgnoringHash(a: Any, b: Any): boolean {
  const strip = (t: Any) => {
    const c = clone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return c;
  };
  return jsonEqual(strip(a), strip(b));
}
