/**
 * kubectl's node maintenance (k8s.io/kubectl/pkg/drain): cordon/uncordon by
 * a strategic merge patch of spec.unschedulable, and drain's pod selection
 * (the filter chain, its warnings and refusals), eviction with retries while
 * a PodDisruptionBudget answers 429, plain deletion with --disable-eviction,
 * and the wait until each pod is gone. Texts are kubectl 1.33's.
 */
import type { Clients } from '../client/index.js';
import { formatGoDuration } from '../config/duration.js';
import { pathAt } from '../codec/value.js';
import { write, type IO } from '../context.js';
import { ApiError } from '../errors.js';
import type { DryRun } from '../mutate/report.js';
import { dryRunSuffix } from '../mutate/report.js';
import type { KubeObject } from '../resource/types.js';
import { escapePathSegment } from '../client/path-segment.js';

export interface Pod extends KubeObject {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  };
  spec?: { volumes?: Array<{ emptyDir?: unknown }> };
  status?: { phase?: string };
}

export type Out = Pick<IO, 'out' | 'errOut'>;

const enc = escapePathSegment;
const podPath = (ns: string, name: string) => `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}`;

/**
 * cordon (desired true) or uncordon one node, kubectl's RunCordonOrUncordon:
 * "node/x cordoned" or "already cordoned"; a failed patch is reported on
 * stderr and does not stop the command.
 */
export async function cordonNode(clients: Clients, node: KubeObject, desired: boolean, dryRun: DryRun, io: Out): Promise<void> {
  const name = node.metadata?.name ?? '';
  const verb = desired ? 'cordon' : 'uncordon';
  const current = !!pathAt(node.spec, 'unschedulable');
  if (current === desired) {
    await write(io.out, `node/${name} already ${verb}ed${dryRunSuffix(dryRun)}\n`);
    return;
  }
  if (dryRun !== 'client') {
    try {
      await clients.rest.patch(`/api/v1/nodes/${enc(name)}`, 'strategic', { spec: { unschedulable: desired ? true : null } }, dryRun === 'server' ? { dryRun: 'All' } : undefined);
    } catch (err) {
      await write(io.errOut, `error: unable to ${verb} node "${name}": ${errText(err)}\n`);
      return;
    }
  }
  await write(io.out, `node/${name} ${verb}ed${dryRunSuffix(dryRun)}\n`);
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** seconds; negative: the pod's own */
  gracePeriod: number;
  /** ms; 0: no limit */
  timeoutMs: number;
  podSelector: string;
  disableEviction: boolean;
  skipWaitForDeleteTimeout: number;
  chunkSize: number;
  dryRun: DryRun;
}

type Status = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };
const okay: Status = { delete: true, reason: 'Okay' };

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

function controllerOf(pod: Pod) {
  return pod.metadata.ownerReferences?.find((r) => r.controller === true);
}

const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

function shouldSkip(pod: Pod, skipSeconds: number): boolean {
  if (skipSeconds <= 0 || !pod.metadata.deletionTimestamp) return false;
  return Math.trunc((Date.now() - Date.parse(pod.metadata.deletionTimestamp)) / 1000) > skipSeconds;
}

export interface PodDeleteList {
  pods: Pod[];
  /** "msg: ns/a, ns/b; msg2: ..." or '' */
  warnings: string;
  /** "cannot delete msg: ns/a, ns/b", one per message */
  errors: string[];
}

/** The pods drain would evict from a node, with kubectl's warnings and refusals. */
export async function podsForDeletion(clients: Clients, node: string, o: DrainOptions): Promise<PodDeleteList> {
  const query: Record<string, string> = { fieldSelector: `spec.nodeName=${node}` };
  if (o.podSelector) query.labelSelector = o.podSelector;
  const items: Pod[] = [];
  for await (const page of clients.rest.listPages<Pod>('/api/v1/pods', { query, limit: o.chunkSize })) items.push(...page.items);

  const daemonSetFilter = async (pod: Pod): Promise<Status> => {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return okay;
    try {
      await clients.rest.getJson(`/apis/apps/v1/namespaces/${enc(pod.metadata.namespace)}/daemonsets/${enc(ref.name)}`);
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404 && o.force) return { delete: true, reason: 'Warning', message: errText(err) };
      return { delete: false, reason: 'Error', message: errText(err) };
    }
    if (!o.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
  };
  const filters: Array<(pod: Pod) => Status | Promise<Status>> = [
    (pod) => (shouldSkip(pod, o.skipWaitForDeleteTimeout) ? { delete: false, reason: 'Skip' } : okay),
    daemonSetFilter,
    (pod) => (pod.metadata.annotations && 'kubernetes.io/config.mirror' in pod.metadata.annotations ? { delete: false, reason: 'Skip' } : okay),
    (pod) => {
      if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir != null) || finished(pod)) return okay;
      if (!o.deleteEmptyDirData) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
    },
    (pod) => {
      if (finished(pod) || controllerOf(pod)) return okay;
      if (o.force) return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
      return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  const pods: Pod[] = [];
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  for (const pod of items) {
    // each filter replaces the status; the chain stops at the first that keeps the pod
    let status: Status = okay;
    for (const f of filters) {
      status = await f(pod);
      if (!status.delete) break;
    }
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (status.delete) pods.push(pod);
    if (status.reason === 'Warning') warned.set(status.message ?? '', [...(warned.get(status.message ?? '') ?? []), ref]);
    if (status.reason === 'Error') {
      const msg = status.message || 'unexpected error';
      failed.set(msg, [...(failed.get(msg) ?? []), ref]);
    }
  }
  return {
    pods,
    warnings: [...warned].map(([m, ps]) => `${m}: ${ps.join(', ')}`).join('; '),
    errors: [...failed].map(([m, ps]) => `cannot delete ${m}: ${ps.join(', ')}`),
  };
}

function deleteOptions(o: DrainOptions): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (o.gracePeriod >= 0) d.gracePeriodSeconds = o.gracePeriod;
  if (o.dryRun === 'server') d.dryRun = ['All'];
  return d;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEADLINE = 'context deadline exceeded';

/** The eviction group/version the server offers for pods ('' when none). */
async function evictionVersion(clients: Clients): Promise<string> {
  const list = await clients.rest.getJson<{ resources?: Array<{ name: string; kind: string; group?: string; version?: string }> }>('/api/v1');
  const r = (list.resources ?? []).find((x) => x.name === 'pods/eviction' && x.kind === 'Eviction' && x.group && x.version);
  return r ? `${r.group}/${r.version}` : '';
}

/**
 * Polls each pod (at once, then every second) until it is gone or replaced
 * (another UID), printing "pod/x evicted|deleted"; `deadline` (epoch ms)
 * ends the wait with Go's "context deadline exceeded".
 */
async function waitForDelete(clients: Clients, pods: Pod[], eviction: boolean, deadline: number, o: DrainOptions, io: Out): Promise<void> {
  let pending = pods;
  for (;;) {
    const still: Pod[] = [];
    for (const pod of pending) {
      let live: Pod | undefined;
      try {
        live = await clients.rest.getJson<Pod>(podPath(pod.metadata.namespace, pod.metadata.name));
      } catch (err) {
        if (!(err instanceof ApiError && err.statusCode === 404)) {
          await write(io.out, `pod/${pod.metadata.name} ${eviction ? 'eviction failed' : 'deletion failed'}\n`);
          throw err;
        }
      }
      if (!live || live.metadata.uid !== pod.metadata.uid) {
        await write(io.out, `pod/${pod.metadata.name} ${eviction ? 'evicted' : 'deleted'}\n`);
        continue;
      }
      if (shouldSkip(live, o.skipWaitForDeleteTimeout)) {
        await write(io.out, `pod "${pod.metadata.name}" has DeletionTimestamp older than ${o.skipWaitForDeleteTimeout} seconds, skipping\n`);
        continue;
      }
      still.push(pod);
    }
    pending = still;
    if (pending.length === 0) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(DEADLINE);
    await sleep(Math.min(1000, left));
    if (Date.now() >= deadline) throw new Error(DEADLINE);
  }
}

/**
 * The failure of one drain step: an aggregate (the filters' refusals, the
 * evictions' failures; kubectl lists its members without "error: ") or a
 * single error (a deletion, the wait after --disable-eviction).
 */
export class DrainError extends Error {
  constructor(
    readonly errors: string[],
    readonly aggregate = true,
  ) {
    // utilerrors.Aggregate's text: one message as itself, several bracketed, duplicates once
    const unique = [...new Set(errors)];
    super(unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`);
  }
}

/** Evicts (or deletes) the pods and waits until they are gone. */
export async function deleteOrEvictPods(clients: Clients, pods: Pod[], o: DrainOptions, io: Out): Promise<void> {
  if (pods.length === 0) return;
  const start = Date.now();
  const deadline = o.timeoutMs > 0 ? start + o.timeoutMs : Number.POSITIVE_INFINITY;
  let version = '';
  if (!o.disableEviction) {
    try {
      version = await evictionVersion(clients);
    } catch (err) {
      throw new DrainError([errText(err)], false);
    }
  }
  if (!version) {
    for (const pod of pods) {
      try {
        await clients.rest.delete(podPath(pod.metadata.namespace, pod.metadata.name), { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions(o) });
      } catch (err) {
        if (!(err instanceof ApiError && err.statusCode === 404)) throw new DrainError([errText(err)], false);
      }
    }
    try {
      await waitForDelete(clients, pods, false, o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Number.POSITIVE_INFINITY, o, io);
    } catch (err) {
      throw new DrainError([errText(err)], false);
    }
    return;
  }
  const timeoutText = o.timeoutMs > 0 ? formatGoDuration(o.timeoutMs) : '2562047h47m16.854775807s';
  const evictOne = async (pod: Pod): Promise<void> => {
    const { name, namespace } = pod.metadata;
    for (;;) {
      await write(io.out, o.dryRun === 'server' ? `evicting pod ${namespace}/${name} (server dry run)\n` : `evicting pod ${namespace}/${name}\n`);
      if (Date.now() >= deadline) throw new Error(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${timeoutText}`);
      try {
        await clients.rest.create(`${podPath(namespace, name)}/eviction`, {
          kind: 'Eviction',
          apiVersion: version,
          metadata: { name, namespace },
          deleteOptions: deleteOptions(o),
        });
        break;
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 404) return;
        if (err instanceof ApiError && (err.statusCode === 429 || err.reason === 'TooManyRequests')) {
          await write(io.errOut, `error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${errText(err)}\n`);
          await sleep(5000);
          continue;
        }
        const terminating = err instanceof ApiError && err.statusCode === 403 && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
        if (terminating && pod.metadata.deletionTimestamp) break;
        if (terminating) {
          await write(io.errOut, `error when evicting pod "${name}" from terminating namespace "${namespace}" (will retry after 5s): ${errText(err)}\n`);
          await sleep(5000);
          continue;
        }
        throw new Error(`error when evicting pods/"${name}" -n "${namespace}": ${errText(err)}`);
      }
    }
    if (o.dryRun === 'server') return;
    try {
      await waitForDelete(clients, [pod], true, deadline, o, io);
    } catch (err) {
      throw new Error(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: ${errText(err)}`);
    }
  };
  // every pod at once, failures in the order they happen (kubectl's goroutines and channel)
  const errors: string[] = [];
  await Promise.all(pods.map((p) => evictOne(p).catch((err: unknown) => void errors.push(errText(err)))));
  if (errors.length) throw new DrainError(errors);
}
