/**
 * Waits until written objects are ready (ktl extension). Watches, never
 * polls: one informer per resource type and namespace holding targets (a
 * field selector when it holds one), one for the pods of a namespace where
 * workloads are awaited (a label selector when there is one workload), one
 * for the EndpointSlices of a namespace where Services are awaited. Every
 * event re-evaluates the targets still pending; the first failure ends the
 * wait (fail fast), as do the deadline and Ctrl-C.
 */
import type { KubeObject, RestClient } from '../../client/rest.js';
import { resourcePath } from '../../client/rest.js';
import type { ResourceMapping } from '../../client/mapper.js';
import { objectRef } from '../../mutate/report.js';
import { Informer } from './informer.js';
import { evaluate, needs, selectorString, specSelector, type Needs, type Verdict } from './rules.js';
import { messageOf } from '../../errors.js';

export type ReadyMapping = Pick<ResourceMapping, 'group' | 'version' | 'resource' | 'kind' | 'namespaced'>;

export interface ReadyTarget {
  mapping: ReadyMapping;
  /** '' for cluster-scoped objects */
  namespace: string;
  name: string;
  /** the object as the write returned it */
  object: KubeObject;
}

export interface Tracked {
  target: ReadyTarget;
  /** deployment.apps/web */
  ref: string;
  verdict: Verdict;
  /** ms since the wait began, when it ended for this object */
  elapsedMs?: number;
}

export interface Reporter {
  /** once, with every object and its first verdict */
  start(all: Tracked[]): Promise<void> | void;
  /** a verdict or its message changed */
  update(t: Tracked): Promise<void> | void;
  /** the wait is over (all ready, a failure, the deadline, Ctrl-C) */
  finish(all: Tracked[], outcome: Outcome): Promise<void> | void;
}

export type Outcome = 'ready' | 'failed' | 'timeout' | 'interrupted';

export interface WaitReadyOptions {
  /** 0: no limit */
  timeoutMs: number;
  reporter: Reporter;
  now?: () => number;
  /** aborted on Ctrl-C */
  interrupt?: AbortSignal;
  /** called for each informer opened (tests count them) */
  onInformer?: (path: string, selectors: { fieldSelector?: string; labelSelector?: string }) => void;
}

export interface WaitReadyResult {
  outcome: Outcome;
  tracked: Tracked[];
}

const mappingKey = (m: ReadyMapping) => `${m.group}/${m.version}/${m.resource}`;

/** Waits for `targets` (duplicates count once). */
export async function waitReady(rest: RestClient, targets: ReadyTarget[], o: WaitReadyOptions): Promise<WaitReadyResult> {
  const now = o.now ?? Date.now;
  const began = now();
  const seen = new Set<string>();
  const tracked: Tracked[] = [];
  for (const t of targets) {
    const key = `${mappingKey(t.mapping)}|${t.namespace}|${t.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ref = objectRef(t.mapping.kind, t.mapping.group, t.name);
    const verdict = evaluate(t.mapping.group, t.mapping.kind, t.object);
    tracked.push({ target: t, ref, verdict, elapsedMs: verdict.state === 'waiting' ? undefined : 0 });
  }
  await o.reporter.start(tracked);

  const ac = new AbortController();
  const pending = () => tracked.filter((t) => t.verdict.state === 'waiting');
  let outcome: Outcome | undefined = tracked.some((t) => t.verdict.state === 'failed') ? 'failed' : pending().length ? undefined : 'ready';
  if (outcome) {
    await o.reporter.finish(tracked, outcome);
    return { outcome, tracked };
  }

  // what to watch
  const own = new Map<string, { mapping: ReadyMapping; namespace: string; names: Set<string>; ts: Tracked[] }>();
  const podNs = new Map<string, Tracked[]>();
  const sliceNs = new Map<string, Tracked[]>();
  const needsOf = new Map<Tracked, Needs>();
  for (const t of pending()) {
    const { mapping, namespace, name } = t.target;
    const k = `${mappingKey(mapping)}|${namespace}`;
    if (!own.has(k)) own.set(k, { mapping, namespace, names: new Set(), ts: [] });
    own.get(k)!.names.add(name);
    own.get(k)!.ts.push(t);
    const n = needs(mapping.group, mapping.kind, t.target.object);
    needsOf.set(t, n);
    if (n.pods) podNs.set(namespace, [...(podNs.get(namespace) ?? []), t]);
    if (n.endpointSlices) sliceNs.set(namespace, [...(sliceNs.get(namespace) ?? []), t]);
  }

  let wake: () => void = () => {};
  let dirty = true;
  const onChange = () => {
    dirty = true;
    wake();
  };
  const fatal: { path: string; error: unknown }[] = [];
  /** which targets each informer's path serves */
  const dependents = new Map<string, Tracked[]>();
  const depend = (path: string, ts: Tracked[]) => dependents.set(path, [...(dependents.get(path) ?? []), ...ts]);
  const informers: Informer[] = [];
  const open = (path: string, sel: { fieldSelector?: string; labelSelector?: string }): Informer => {
    o.onInformer?.(path, sel);
    const inf = new Informer(rest, path, { ...sel, signal: ac.signal, onChange });
    informers.push(inf);
    inf.run().catch((error) => {
      fatal.push({ path, error });
      onChange();
    });
    return inf;
  };
  const ownInformer = new Map<string, Informer>();
  const podInformer = new Map<string, Informer>();
  const isPods = (m: ReadyMapping) => m.group === '' && m.resource === 'pods';
  for (const [k, g] of own) {
    const path = resourcePath(g.mapping, { namespace: g.namespace || undefined });
    const names = [...g.names];
    // Pods awaited where workloads are too: one informer of the namespace's pods serves both
    const shared = isPods(g.mapping) && podNs.has(g.namespace);
    const inf = open(path, names.length === 1 && !shared ? { fieldSelector: `metadata.name=${names[0]}` } : {});
    ownInformer.set(k, inf);
    depend(path, g.ts);
    if (shared) {
      podInformer.set(g.namespace, inf);
      depend(path, podNs.get(g.namespace)!);
    }
  }
  for (const [ns, ts] of podNs) {
    if (podInformer.has(ns)) continue;
    const only = ts.length === 1 ? selectorString(specSelector(ts[0]!.target.object)) : undefined;
    const path = resourcePath({ group: '', version: 'v1', resource: 'pods' }, { namespace: ns });
    podInformer.set(ns, open(path, only ? { labelSelector: only } : {}));
    depend(path, ts);
  }
  const sliceInformer = new Map<string, Informer>();
  for (const [ns, ts] of sliceNs) {
    const list = [...new Set(ts.map((t) => t.target.name))];
    const labelSelector = list.length === 1 ? `kubernetes.io/service-name=${list[0]}` : `kubernetes.io/service-name in (${list.join(',')})`;
    const path = resourcePath({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, { namespace: ns });
    sliceInformer.set(ns, open(path, { labelSelector }));
    depend(path, ts);
  }

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    if (o.timeoutMs > 0) timer = setTimeout(resolve, o.timeoutMs);
  });
  let timeUp = false;
  void timedOut.then(() => {
    timeUp = true;
    wake();
  });
  const onInterrupt = () => wake();
  o.interrupt?.addEventListener('abort', onInterrupt, { once: true });

  try {
    for (;;) {
      if (o.interrupt?.aborted) {
        outcome = 'interrupted';
        break;
      }
      if (timeUp) {
        outcome = 'timeout';
        break;
      }
      if (dirty) {
        dirty = false;
        for (const f of fatal.splice(0)) {
          const msg = `cannot watch ${f.path}: ${messageOf(f.error)}`;
          for (const t of dependents.get(f.path) ?? []) if (t.verdict.state === 'waiting') await settle(t, { state: 'failed', message: msg });
        }
        for (const t of pending()) {
          const { mapping, namespace, name } = t.target;
          const inf = ownInformer.get(`${mappingKey(mapping)}|${namespace}`);
          if (!inf?.synced) continue;
          const obj = inf.get(namespace, name);
          if (!obj) {
            await settle(t, { state: 'failed', message: 'the object was deleted' });
            continue;
          }
          const n = needsOf.get(t);
          const pods = n?.pods ? podInformer.get(namespace) : undefined;
          const slices = n?.endpointSlices ? sliceInformer.get(namespace) : undefined;
          const v = evaluate(mapping.group, mapping.kind, obj, {
            pods: pods?.synced ? pods.list() : undefined,
            endpointSlices: slices?.synced ? slices.list() : undefined,
          });
          await settle(t, v);
        }
        if (tracked.some((t) => t.verdict.state === 'failed')) {
          outcome = 'failed';
          break;
        }
        if (!pending().length) {
          outcome = 'ready';
          break;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (dirty || timeUp || o.interrupt?.aborted) resolve();
      });
    }
  } finally {
    if (timer) clearTimeout(timer);
    o.interrupt?.removeEventListener('abort', onInterrupt);
    ac.abort();
  }
  await o.reporter.finish(tracked, outcome);
  return { outcome, tracked };

  async function settle(t: Tracked, v: Verdict): Promise<void> {
    if (v.state === t.verdict.state && v.message === t.verdict.message) return;
    t.verdict = v;
    if (v.state !== 'waiting') t.elapsedMs = now() - began;
    await o.reporter.update(t);
  }
}
