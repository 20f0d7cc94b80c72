/**
 * What `rollout undo` sends: pick the target revision and build the patch,
 * with kubectl's messages. Pure.
 */
import type { V1Deployment, V1PodTemplateSpec } from '@kubernetes/client-node';
import { KtlError } from '../errors.js';
import type { KubeObject } from '../client/rest.js';
import { POD_TEMPLATE_HASH, templatesEqualIgnoringHash, type Revision } from './history.js';
import { REVISION_ANNOTATION } from './status.js';

/** What undo reads of a workload, a ReplicaSet or a ControllerRevision (JSON as listed). */
type Workload = Pick<V1Deployment, 'metadata'> & { spec?: { paused?: boolean; template?: V1PodTemplateSpec } };
const workload = (o: KubeObject): Workload => o;

export type UndoPlan =
  | { kind: 'skip'; message: string }
  | { kind: 'patch'; patchType: 'json' | 'strategic'; patch: unknown; target: Revision };

/** Annotations a rollback never copies from the ReplicaSet (they stay as the Deployment has them). */
const KEEP_ON_DEPLOYMENT = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** The revision to go back to: --to-revision, or the one before the newest. */
export function pickRevision(revisions: Revision[], toRevision: number, noHistory: string): Revision {
  if (toRevision !== 0) {
    const hit = revisions.find((r) => r.revision === toRevision);
    if (!hit) throw new KtlError(`unable to find specified revision ${toRevision} in history`);
    return hit;
  }
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  if (sorted.length < 2) throw new KtlError(noHistory);
  return sorted[1]!;
}

/** The ReplicaSet revision a Deployment would go back to (kubectl checks "paused" first). */
export function deploymentUndoTarget(deployment: KubeObject, revisions: Revision[], toRevision: number): Revision {
  const d = workload(deployment);
  if (d.spec?.paused) {
    throw new KtlError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  }
  return pickRevision(revisions, toRevision, `no rollout history found for deployment "${d.metadata?.name}"`);
}

export function planDeploymentUndo(deployment: KubeObject, revisions: Revision[], toRevision: number): UndoPlan {
  const d = workload(deployment);
  const target = deploymentUndoTarget(deployment, revisions, toRevision);
  const template: V1PodTemplateSpec = JSON.parse(JSON.stringify(workload(target.source).spec?.template ?? {}));
  if (templatesEqualIgnoringHash(template, d.spec?.template)) {
    return { kind: 'skip', message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH];
  const annotations: Record<string, string> = {};
  const own = d.metadata?.annotations ?? {};
  for (const k of KEEP_ON_DEPLOYMENT) if (k in own) annotations[k] = own[k]!;
  for (const [k, v] of Object.entries(workload(target.source).metadata?.annotations ?? {})) {
    if (!KEEP_ON_DEPLOYMENT.has(k)) annotations[k] = v;
  }
  return {
    kind: 'patch',
    patchType: 'json',
    patch: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    target,
  };
}

/** DaemonSet / StatefulSet: re-apply the ControllerRevision's recorded patch. */
export function controllerRevisionUndoTarget(revisions: Revision[], toRevision: number): Revision {
  if (toRevision < 0) throw new KtlError(`unable to find specified revision ${toRevision} in history`);
  return pickRevision(revisions, toRevision, 'no last revision to roll back to');
}

export function planControllerRevisionUndo(object: KubeObject, revisions: Revision[], toRevision: number): UndoPlan {
  const target = controllerRevisionUndoTarget(revisions, toRevision);
  if (templatesEqualIgnoringHash(target.template, workload(object).spec?.template)) {
    return { kind: 'skip', message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  return { kind: 'patch', patchType: 'strategic', patch: target.source.data, target };
}
