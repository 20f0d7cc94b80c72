/**
 * Which kinds the rollout subcommands know, and kubectl's words for the
 * others. kubectl first asks its kind visitor (apps.GroupKindElement) about
 * the kind: one it has never heard of (a ConfigMap, a custom resource) fails
 * there; one it knows without a viewer or rollbacker for it (a Job, a Pod)
 * fails after. Kinds are named as Go prints a GroupKind: "Job.batch",
 * "ConfigMap"; the visitor's own error prints the struct: "{ ConfigMap}".
 */
import { KtlError } from '../errors.js';

/** "Job.batch", or "Pod" for the core group (schema.GroupKind.String()). */
export function groupKindString(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** The kinds kubectl's visitor accepts. */
function visitable(group: string, kind: string): boolean {
  const apps = group === 'apps' || group === 'extensions';
  const core = group === '' || group === 'core';
  switch (kind) {
    case 'DaemonSet':
    case 'Deployment':
    case 'ReplicaSet':
      return apps;
    case 'StatefulSet':
      return group === 'apps';
    case 'Job':
    case 'CronJob':
      return group === 'batch';
    case 'Pod':
    case 'ReplicationController':
      return core;
    default:
      return false;
  }
}

function unsupported(what: string, group: string, kind: string): KtlError {
  const gk = groupKindString(group, kind);
  if (!visitable(group, kind)) return new KtlError(`error retrieving ${what} for ${JSON.stringify(gk)}, no visitor method exists for {${group} ${kind}}`);
  return new KtlError(`no ${what === 'history' ? 'history viewer' : what} has been implemented for ${JSON.stringify(gk)}`);
}

/** rollout history on a kind without history. */
export const noHistoryViewer = (group: string, kind: string): KtlError => unsupported('history', group, kind);

/** rollout undo on a kind that cannot be rolled back. */
export const noRollbacker = (group: string, kind: string): KtlError => unsupported('rollbacker', group, kind);

/** rollout status on a kind without a status viewer (no visitor involved). */
export function noStatusViewer(group: string, kind: string): KtlError {
  return new KtlError(`no status viewer has been implemented for ${groupKindString(group, kind)}`);
}
