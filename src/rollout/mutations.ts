/**
 * The patches behind `rollout pause`, `resume` and `restart`, with kubectl's
 * refusals. Pure: the caller sends the patch (strategic merge).
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import type { KubeObject } from '../client/rest.js';
import { KtlError } from '../errors.js';

/** What the checks read of a workload. */
type Workload = (KubeObject & { spec?: { paused?: boolean; template?: V1PodTemplateSpec } }) | undefined;

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const isDeployment = (group: string, kind: string) => kind === 'Deployment' && (group === 'apps' || group === 'extensions');

export function pausePatch(group: string, kind: string, obj: Workload): object {
  if (!isDeployment(group, kind)) throw new KtlError('pausing is not supported');
  if (obj?.spec?.paused) throw new KtlError('is already paused');
  return { spec: { paused: true } };
}

export function resumePatch(group: string, kind: string, obj: Workload): object {
  if (!isDeployment(group, kind)) throw new KtlError('resuming is not supported');
  if (!obj?.spec?.paused) throw new KtlError('is not paused');
  return { spec: { paused: null } };
}

export function restartPatch(group: string, kind: string, obj: Workload, now: Date): object {
  if (isDeployment(group, kind)) {
    if (obj?.spec?.paused) throw new KtlError("can't restart paused deployment (run rollout resume first)");
  } else if (!(group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet'))) {
    throw new KtlError('restarting is not supported');
  }
  const stamp = formatRFC3339(now);
  if (obj?.spec?.template?.metadata?.annotations?.[RESTARTED_AT] === stamp) {
    throw new KtlError(
      'failed to create patch: if restart has already been triggered within the past second, please wait before attempting to trigger another',
    );
  }
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } };
}

/** Go's time.Format(time.RFC3339) in local time: "2026-11-28T14:30:00Z" or "...+01:00". */
export function formatRFC3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60_000);
  const base = local.toISOString().slice(0, 19);
  if (off === 0) return `${base}Z`;
  const sign = off > 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
