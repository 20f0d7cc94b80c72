/**
 * Legacy allowlist prune (`apply --prune -l ... | --all`): after applying,
 * list each allowlisted kind in the namespaces applied to (and cluster-wide
 * for cluster-scoped kinds) and delete the objects that carry a
 * last-applied annotation but were not in this apply.
 */
import type { Clients, KubeObject, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import { ApiError, KtlError } from '../errors.js';
import { compactJson } from '../codec/json.js';
import { mapAt, stringAt } from '../codec/value.js';
import { cascadePolicy } from './client-side.js';
import { LAST_APPLIED } from './last-applied.js';

/** kubectl's default prune allowlist: the namespaced kinds, then the cluster-scoped ones. */
export const DEFAULT_PRUNE_ALLOWLIST = [
  'core/v1/ConfigMap',
  'core/v1/Endpoints',
  'core/v1/PersistentVolumeClaim',
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
  'core/v1/Namespace',
  'core/v1/PersistentVolume',
];

export interface PruneCandidate {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
  /** the object as listed (what kubectl prints for -o json|yaml...) */
  object?: KubeObject;
}

/**
 * --prune-allowlist entries to mappings, as kubectl's prune.ParseResources:
 * a malformed entry or a kind the server does not serve is an error (before
 * anything is applied).
 */
export function parseAllowlist(entries: string[], find: (apiVersion: string, kind: string) => ResourceMapping | undefined): ResourceMapping[] {
  const out: ResourceMapping[] = [];
  for (const e of entries) {
    const parts = e.split('/');
    if (parts.length !== 3) throw new KtlError(`invalid GroupVersionKind format: ${e}, please follow <group/version/kind>`);
    const [g = '', version = '', kind = ''] = parts;
    const group = g === 'core' ? '' : g;
    const apiVersion = group ? `${group}/${version}` : version;
    const m = find(apiVersion, kind);
    if (!m) throw new KtlError(`no matches for kind "${kind}" in version "${apiVersion}"`);
    out.push(m);
  }
  return out;
}

/** Go's GroupVersionKind.String(): "/v1, Kind=Pod" for the core group. */
function gvkString(m: ResourceMapping): string {
  return `${m.group}/${m.version}, Kind=${m.kind}`;
}

/**
 * kubectl's pruner: each namespaced kind in each namespace applied to, then
 * each cluster-scoped kind; an object is pruned when it carries the
 * last-applied annotation, matches the selector and was not applied now
 * (by UID). The first failure ends pruning, in kubectl's words.
 */
export async function pruneAll(
  clients: Clients,
  kinds: ResourceMapping[],
  namespaces: string[],
  selector: string,
  visitedUids: Set<string>,
  onPrune: (c: PruneCandidate) => Promise<void>,
): Promise<void> {
  const scoped: Array<{ m: ResourceMapping; ns: string }> = [];
  for (const ns of namespaces) for (const m of kinds) if (m.namespaced) scoped.push({ m, ns });
  for (const m of kinds) if (!m.namespaced) scoped.push({ m, ns: '' });
  for (const { m, ns } of scoped) {
    try {
      const list = await clients.rest.list<KubeObject>(resourcePath(m, { namespace: ns || undefined }), {
        query: selector ? { labelSelector: selector } : {},
      });
      for (const item of list.items) {
        const md = mapAt(item, 'metadata');
        const ann = mapAt(md, 'annotations') ?? {};
        if (!(LAST_APPLIED in ann)) continue;
        const uid = stringAt(md, 'uid');
        if (uid !== undefined && visitedUids.has(uid)) continue;
        await onPrune({ mapping: m, namespace: stringAt(md, 'namespace') ?? '', name: stringAt(md, 'name') ?? '', object: item });
      }
    } catch (err) {
      const what = m.namespaced ? 'namespaced' : 'nonNamespaced';
      throw new KtlError(`error pruning ${what} object ${gvkString(m)}: ${errText(err)}`);
    }
  }
}

function errText(err: unknown): string {
  if (err instanceof ApiError) return err.status.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
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
