/**
 * Legacy allowlist prune (`apply --prune -l ... | --all`): after applying,
 * list each allowlisted kind in the namespaces applied to (and cluster-wide
 * for cluster-scoped kinds) and delete the objects that carry a
 * last-applied annotation but were not in this apply.
 */
import type { Clients, KubeObject, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import { KtlError } from '../errors.js';
import { compactJson } from '../codec/json.js';
import { cascadePolicy } from './client-side.js';
import { LAST_APPLIED } from './last-applied.js';

/** kubectl's default prune allowlist, group/version/kind (core spelled "core"). */
export const DEFAULT_PRUNE_ALLOWLIST = [
  'core/v1/ConfigMap',
  'core/v1/Endpoints',
  'core/v1/Namespace',
  'core/v1/PersistentVolumeClaim',
  'core/v1/PersistentVolume',
  'core/v1/Pod',
  'core/v1/ReplicationController',
  'core/v1/Secret',
  'core/v1/Service',
  'batch/v1/Job',
  'batch/v1/CronJob',
  'networking.k8s.io/v1/Ingress',
  'apps/v1/DaemonSet',
  'apps/v1/Deployment',
  'apps/v1/ReplicaSet',
  'apps/v1/StatefulSet',
];

export interface PruneCandidate {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
}

export function parseAllowlist(entries: string[], find: (apiVersion: string, kind: string) => ResourceMapping | undefined): ResourceMapping[] {
  const out: ResourceMapping[] = [];
  for (const e of entries) {
    const parts = e.split('/');
    if (parts.length !== 3) throw new KtlError(`invalid GroupVersionKind format: ${e}, please follow <group/version/kind>`);
    const [group, version, kind] = parts as [string, string, string];
    const apiVersion = group === 'core' || group === '' ? version : `${group}/${version}`;
    const m = find(apiVersion, kind);
    if (m) out.push(m);
  }
  return out;
}

/** Objects to prune: annotated, matching the selector, not applied now. */
export async function findPruneCandidates(
  clients: Clients,
  kinds: ResourceMapping[],
  namespaces: string[],
  selector: string,
  applied: Set<string>,
): Promise<PruneCandidate[]> {
  const out: PruneCandidate[] = [];
  for (const m of kinds) {
    if (!m.verbs.includes('list') || !m.verbs.includes('delete')) continue;
    const scopes = m.namespaced ? namespaces : [''];
    for (const ns of scopes) {
      const list = await clients.rest.list<KubeObject>(resourcePath(m, { namespace: ns || undefined }), {
        query: selector ? { labelSelector: selector } : {},
      });
      for (const item of list.items) {
        const md = item.metadata ?? {};
        const ann = (md.annotations ?? {}) as Record<string, string>;
        if (!(LAST_APPLIED in ann)) continue;
        const key = objectKey(m, md.namespace ?? '', md.name ?? '');
        if (applied.has(key)) continue;
        out.push({ mapping: m, namespace: md.namespace ?? '', name: md.name ?? '' });
      }
    }
  }
  return out;
}

export function objectKey(m: { group: string; kind: string }, namespace: string, name: string): string {
  return `${m.group}/${m.kind}/${namespace}/${name}`;
}

export async function pruneOne(clients: Clients, c: PruneCandidate, o: { dryRun: string; cascade: string; gracePeriod: number }): Promise<void> {
  if (o.dryRun === 'client') return;
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: cascadePolicy(o.cascade) };
  if (o.gracePeriod >= 0) body.gracePeriodSeconds = o.gracePeriod;
  if (o.dryRun === 'server') body.dryRun = ['All'];
  await clients.rest.delete(resourcePath(c.mapping, { namespace: c.mapping.namespaced ? c.namespace : undefined, name: c.name }), compactJson(body));
}
