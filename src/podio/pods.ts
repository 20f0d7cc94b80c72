/**
 * From what the user named to a pod and a container, as kubectl's
 * polymorphic helpers do: the selector of a workload or service, the pod
 * kubectl would pick among its pods (by logging preference or by
 * activeness), the default container (annotation, then the first) and
 * kubectl's notices about it.
 */
import { listAt, mapAt, mapsAt, pathAt, stringAt, stringMapAt } from '../codec/value.js';
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { KubeObject } from '../client/rest.js';
import { KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import { listError } from '../resource/list-error.js';

export interface Container {
  name: string;
  tty?: boolean;
  stdin?: boolean;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  [k: string]: unknown;
}

export interface Pod extends KubeObject {
  metadata: {
    name: string;
    namespace: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    [k: string]: unknown;
  };
  spec: {
    containers: Container[];
    initContainers?: Array<Container & { restartPolicy?: string }>;
    ephemeralContainers?: Container[];
    nodeName?: string;
    restartPolicy?: string;
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }>;
    containerStatuses?: Array<{ name: string; restartCount?: number }>;
    initContainerStatuses?: Array<{ name: string; restartCount?: number }>;
  };
}

/**
 * Whether an object read from the server (a Pod, or an item of a PodList,
 * which has no kind) has what Pod declares:
 * a name and namespace, and a list of named containers.
 */
export function isPod(obj: KubeObject): obj is Pod {
  const containers = pathAt(obj, 'spec', 'containers');
  return (
    typeof obj.metadata?.name === 'string' &&
    typeof obj.metadata.namespace === 'string' &&
    Array.isArray(containers) &&
    containers.every((c) => typeof stringAt(c, 'name') === 'string')
  );
}

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
export const POD_GVR = { group: '', version: 'v1', resource: 'pods' };

/**
 * A name that becomes a URL path segment: what client-go's request builder
 * refuses (and the API server could never serve) is refused here first.
 */
export function checkPathName(name: string, what = 'resource name'): void {
  if (name === '') throw new KtlError(`${what} may not be empty`);
  const why: string[] = [];
  if (name === '.' || name === '..') why.push(`may not be '${name}'`);
  for (const c of ['/', '%']) if (name.includes(c)) why.push(`may not contain '${c}'`);
  if (why.length) throw new KtlError(`invalid ${what} ${JSON.stringify(name)}: [${why.join(', ')}]`);
}

export function podPath(namespace: string, name: string, subresource?: string): string {
  checkPathName(namespace, 'namespace');
  checkPathName(name);
  return resourcePath(POD_GVR, { namespace, name, subresource });
}

/** kubectl's spec.containers{name} style field path, or undefined when the pod has no such container. */
export function findContainer(pod: Pod, name: string): { container: Container; fieldPath: string } | undefined {
  const spec = pod.spec ?? { containers: [] };
  const lists: Array<[string, Container[] | undefined]> = [
    ['containers', spec.containers],
    ['initContainers', spec.initContainers],
    ['ephemeralContainers', spec.ephemeralContainers],
  ];
  for (const [field, list] of lists) {
    const c = (list ?? []).find((x) => x.name === name);
    if (c) return { container: c, fieldPath: `spec.${field}{${name}}` };
  }
  return undefined;
}

/** "a, b, dbg (ephem), init (init)", kubectl's listing. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec.containers ?? []).map((c) => c.name),
    ...(pod.spec.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

function hasSeveralContainers(pod: Pod): boolean {
  return pod.spec.containers.length > 1 || (pod.spec.initContainers?.length ?? 0) > 0 || (pod.spec.ephemeralContainers?.length ?? 0) > 0;
}

/**
 * exec/attach/cp/port-forward's container choice (podcmd.FindOrDefaultContainerByName):
 * the named one, else the annotation's, else the first with a notice.
 */
export function containerOrDefault(pod: Pod, name: string, o: { quiet: boolean; notice: (s: string) => void }): Container {
  if (name) {
    const found = findContainer(pod, name);
    if (!found) throw new KtlError(`container ${name} not found in pod ${pod.metadata.name}`);
    return found.container;
  }
  if (!pod.spec.containers?.length) throw new KtlError(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated) {
    const found = findContainer(pod, annotated);
    if (found) return found.container;
  }
  const first = pod.spec.containers[0]!;
  if (!o.quiet && hasSeveralContainers(pod)) o.notice(`Defaulted container ${JSON.stringify(first.name)} out of: ${allContainerNames(pod)}\n`);
  return first;
}

/**
 * logs' container choice (logsForObject): the named one, else the
 * annotation's (with kubectl's notice when it names no container), else the
 * first, with the notice unless --all-pods.
 */
export function logContainer(pod: Pod, name: string, o: { allPods: boolean; notice: (s: string) => void }): { name: string; fieldPath: string } {
  let chosen = name;
  if (!chosen) {
    const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
    if (annotated) {
      if (findContainer(pod, annotated)) chosen = annotated;
      else o.notice(`Default container name ${JSON.stringify(annotated)} not found in pod ${pod.metadata.name}\n`);
    }
  }
  if (!chosen) {
    chosen = pod.spec.containers[0]?.name ?? '';
    if (hasSeveralContainers(pod) && !o.allPods) o.notice(`Defaulted container ${JSON.stringify(chosen)} out of: ${allContainerNames(pod)}\n`);
  }
  const found = findContainer(pod, chosen);
  if (!found) throw new KtlError(`container ${chosen} is not valid for pod ${pod.metadata.name}`);
  return { name: chosen, fieldPath: found.fieldPath };
}

// ---- which pod of a workload -------------------------------------------------

function labelSelectorString(sel: unknown, kind: string): string {
  const parts: string[] = [];
  const reqs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(mapAt(sel, 'matchLabels') ?? {})) reqs.push([k, `${k}=${String(v)}`]);
  for (const m of mapsAt(sel, 'matchExpressions')) {
    const e = { key: String(m.key), operator: String(m.operator) };
    const vals = listAt(m, 'values').map(String).sort().join(',');
    switch (e.operator) {
      case 'In': reqs.push([e.key, `${e.key} in (${vals})`]); break;
      case 'NotIn': reqs.push([e.key, `${e.key} notin (${vals})`]); break;
      case 'Exists': reqs.push([e.key, e.key]); break;
      case 'DoesNotExist': reqs.push([e.key, `!${e.key}`]); break;
      default: throw new KtlError(`invalid label selector: "${e.operator}" is not a valid label selector operator`);
    }
  }
  // labels.Selector.String() sorts requirements by key
  reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [, r] of reqs) parts.push(r);
  void kind;
  return parts.join(',');
}

/** kubectl's SelectorsForObject: the namespace and label selector of the pods an object manages. */
export function selectorForObject(obj: KubeObject): { namespace: string; selector: string } {
  const kind = obj.kind ?? '';
  const ns = obj.metadata?.namespace ?? '';
  const spec = mapAt(obj, 'spec') ?? {};
  switch (kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job':
      return { namespace: ns, selector: labelSelectorString(spec.selector, kind) };
    case 'ReplicationController':
      return { namespace: ns, selector: setSelector(stringMapAt(spec, 'selector')) };
    case 'Service': {
      const sel = stringMapAt(spec, 'selector');
      if (!sel || Object.keys(sel).length === 0) {
        throw new KtlError(`invalid service '${obj.metadata?.name}': Service is defined without a selector`);
      }
      return { namespace: ns, selector: setSelector(sel) };
    }
    default:
      throw new SelectorUnsupportedError(kind);
  }
}

/** Go's %T for the objects kubectl cannot pick pods from ("*v1.ConfigMap"). */
export class SelectorUnsupportedError extends KtlError {
  constructor(readonly kind: string) {
    super(`selector for *v1.${kind} not implemented`);
  }
}

function setSelector(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${m![k]}`)
    .join(',');
}

const isReady = (p: Pod) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: Pod) => (p.status?.conditions ?? []).find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
const time = (s: string | undefined) => (s ? Date.parse(s) : 0);
/** afterOrZero: t1 after t2, a zero time counting as after any other */
const afterOrZero = (t1: number, t2: number) => (t1 === 0 || t2 === 0 ? t1 === 0 : t1 > t2);

function maxRestarts(p: Pod): [number, number] {
  const regular = Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
  const sidecars = new Set((p.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const side = Math.max(0, ...(p.status?.initContainerStatuses ?? []).filter((c) => sidecars.has(c.name)).map((c) => c.restartCount ?? 0));
  return [regular, side];
}

function compareRestarts(a: Pod, b: Pod): boolean | undefined {
  const [ra, sa] = maxRestarts(a);
  const [rb, sb] = maxRestarts(b);
  if (ra !== rb) return ra > rb;
  if (sa !== sb) return sa > sb;
  return undefined;
}

/** podutils.ByLogging: the pod whose logs a user most likely wants comes first. */
export function byLogging(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na !== '';
  const rank: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };
  const pa = rank[a.status?.phase ?? ''] ?? 0;
  const pb = rank[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return isReady(a);
  if (isReady(a) && isReady(b) && time(readyTime(a)) !== time(readyTime(b))) return afterOrZero(time(readyTime(b)), time(readyTime(a)));
  const r = compareRestarts(a, b);
  if (r !== undefined) return r;
  const ca = time(a.metadata.creationTimestamp);
  const cb = time(b.metadata.creationTimestamp);
  if (ca !== cb) return afterOrZero(cb, ca);
  return false;
}

/** podutils.ActivePods: the least active pod first (exec/attach take the reverse). */
export function activePods(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = rank[a.status?.phase ?? ''] ?? 0;
  const pb = rank[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  const da = a.metadata.deletionTimestamp;
  const db = b.metadata.deletionTimestamp;
  if (!!da !== !!db) return !!da;
  if (da && db && time(da) !== time(db)) return time(da) < time(db);
  if (isReady(a) && isReady(b) && time(readyTime(a)) !== time(readyTime(b))) return afterOrZero(time(readyTime(a)), time(readyTime(b)));
  const r = compareRestarts(a, b);
  if (r !== undefined) return r;
  const ca = time(a.metadata.creationTimestamp);
  const cb = time(b.metadata.creationTimestamp);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** A stable sort by a Go-style Less. */
export function sortByLess<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  return items
    .map((v, i) => ({ v, i }))
    .sort((x, y) => (less(x.v, y.v) ? -1 : less(y.v, x.v) ? 1 : x.i - y.i))
    .map((x) => x.v);
}

/** The pods matching a selector, in the server's order (logs -l). */
export async function listPods(clients: Clients, namespace: string, selector: string): Promise<Pod[]> {
  checkPathName(namespace, 'namespace');
  try {
    const list = await clients.rest.list<Pod>(resourcePath(POD_GVR, { namespace }), { query: { labelSelector: selector || undefined } });
    return list.items;
  } catch (err) {
    // the builder's Selector visitor: the resource and the selectors go in front of the server's message
    throw listError(err, POD_GVR, selector);
  }
}

/**
 * The pods matching a selector, sorted; when there are none yet, waits (up to
 * timeoutMs, kubectl's --pod-running-timeout) for the first to appear.
 */
export async function podsForSelector(
  clients: Clients,
  namespace: string,
  selector: string,
  timeoutMs: number,
  less: (a: Pod, b: Pod) => boolean,
  signal?: AbortSignal,
): Promise<Pod[]> {
  checkPathName(namespace, 'namespace');
  const path = resourcePath(POD_GVR, { namespace });
  const list = await clients.rest.list<Pod>(path, { query: { labelSelector: selector || undefined }, limit: 0 });
  if (list.items.length > 0) return sortByLess(list.items, less);
  const ac = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => ac.abort(), timeoutMs) : undefined;
  const onAbort = () => ac.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const ev of clients.rest.watch<Pod>(path, {
      query: { labelSelector: selector || undefined },
      resourceVersion: list.metadata.resourceVersion,
      signal: ac.signal,
    })) {
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED') return [ev.object];
    }
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  // client-go's UntilWithoutRetry on a deadline
  throw new KtlError('timed out waiting for the condition');
}

/**
 * The object an argument names ("POD", "TYPE/NAME" or TYPE NAME as two
 * arguments), read from the server through the resource builder.
 */
export async function objectForArgs(f: Factory, args: string[]): Promise<KubeObject> {
  // a bare POD is kubectl's ResourceNames("pods", POD): the TYPE/NAME form
  // (no category expansion, which matters for how often discovery is tried)
  const bare = args.length === 1 && !args[0]!.includes('/');
  const typed = bare ? [`pods/${args[0]!}`] : args;
  // every name becomes a path segment: refuse what could not be one before any request
  // (TYPE/NAME/MORE is left to the builder: "may not have more than one slash")
  if (typed.length === 2) checkPathName(typed[1]!);
  else if (typed.length === 1 && typed[0]!.split('/').length === 2) checkPathName(typed[0]!.slice(typed[0]!.indexOf('/') + 1));
  const r = await f.builder().args(typed).latest().do();
  if (r.errors.length > 0) throw r.errors[0];
  if (r.infos.length !== 1) throw new KtlError('expected a resource');
  const info = r.infos[0]!;
  const obj = info.object!;
  return { ...obj, kind: obj.kind ?? info.mapping.kind };
}

/** The pod of an object for exec/attach/port-forward (AttachablePodForObject). */
export async function attachablePod(f: Factory, obj: KubeObject, timeoutMs: number, verb: string): Promise<Pod> {
  if (obj.kind === 'Pod' && isPod(obj)) return obj;
  let sel: { namespace: string; selector: string };
  try {
    sel = selectorForObject(obj);
  } catch (e) {
    throw new KtlError(`cannot ${verb} to *v1.${obj.kind}: ${messageOf(e)}`);
  }
  const pods = await podsForSelector(await f.clients(), sel.namespace, sel.selector, timeoutMs, (a, b) => activePods(b, a));
  return pods[0]!;
}
