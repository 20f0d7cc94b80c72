/**
 * Readiness rules per kind (ktl extension, `--wait-ready`): given an object
 * as the server holds it, and the pods / EndpointSlices that belong to it,
 * say whether it is ready, still on its way (and how far), or cannot become
 * ready (and why). Pure: the tracker decides what to watch and when to ask.
 */
import type { V1LabelSelector } from '@kubernetes/client-node';
import type { KubeObject } from '../../client/rest.js';
import { isRecord, isStringMap } from '../../codec/value.js';
import { labelSelectorOf } from '../../mutate/selector.js';
import { KtlError, messageOf } from '../../errors.js';
import { rolloutStatus } from '../../rollout/status.js';

export type ReadyState = 'ready' | 'waiting' | 'failed';

export interface Verdict {
  state: ReadyState;
  /** short text: what is awaited, what failed, or '' when ready */
  message: string;
}

interface Container {
  name?: string;
  image?: string;
}

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

/** What the rules read of an object, every field optional as in the server's JSON; counters go through num(). */
type Obj = KubeObject & {
  metadata?: { labels?: Record<string, string>; generation?: unknown; deletionTimestamp?: unknown };
  spec?: {
    type?: string;
    selector?: unknown;
    replicas?: unknown;
    suspend?: unknown;
    completions?: unknown;
    containers?: Container[];
    template?: { spec?: { containers?: Container[] } };
  };
  status?: {
    observedGeneration?: unknown;
    replicas?: unknown;
    readyReplicas?: unknown;
    updatedReplicas?: unknown;
    availableReplicas?: unknown;
    numberReady?: unknown;
    numberAvailable?: unknown;
    desiredNumberScheduled?: unknown;
    updatedNumberScheduled?: unknown;
    succeeded?: unknown;
    active?: unknown;
    failed?: unknown;
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: Cond[];
    updateRevision?: string;
    loadBalancer?: { ingress?: unknown };
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
};

type EndpointSlice = KubeObject & {
  metadata?: { labels?: Record<string, string> };
  endpoints?: { conditions?: { ready?: boolean } }[];
};

/** What the rules may look at besides the object itself. */
export interface RelatedObjects {
  /** the namespace's pods (undefined: not known yet) */
  pods?: Obj[];
  /** the namespace's EndpointSlices (undefined: not known yet) */
  endpointSlices?: EndpointSlice[];
}

/** What a target needs watched besides its own type. */
export interface Needs {
  pods: boolean;
  endpointSlices: boolean;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const ready = (): Verdict => ({ state: 'ready', message: '' });
const waiting = (message: string): Verdict => ({ state: 'waiting', message });
const failed = (message: string): Verdict => ({ state: 'failed', message });

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

export function needs(group: string, kind: string, obj: Obj): Needs {
  const workload = (group === 'apps' && WORKLOADS.includes(kind)) || (group === 'batch' && kind === 'Job') || (group === '' && kind === 'ReplicationController');
  return {
    pods: workload,
    endpointSlices: group === '' && kind === 'Service' && serviceNeedsEndpoints(obj),
  };
}

function serviceNeedsEndpoints(svc: Obj): boolean {
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName' || type === 'LoadBalancer') return false;
  const sel = svc.spec?.selector;
  return !!sel && typeof sel === 'object' && Object.keys(sel).length > 0;
}

/** The verdict for one object. `rel` holds what needs() asked for, once known. */
export function evaluate(group: string, kind: string, obj: Obj, rel: RelatedObjects = {}): Verdict {
  if (obj.metadata && obj.metadata.deletionTimestamp) return waiting('being deleted');
  if (group === 'apps' && (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet')) return workload(kind, obj, rel);
  if (group === 'apps' && kind === 'ReplicaSet') return replicaSet(obj, rel);
  if (group === 'batch' && kind === 'Job') return job(obj, rel);
  if (group === '') {
    switch (kind) {
      case 'Pod':
        return pod(obj);
      case 'Service':
        return service(obj, rel);
      case 'PersistentVolumeClaim':
        return phase(obj, 'Bound', ['Lost']);
      case 'Namespace':
        return phase(obj, 'Active', []);
      case 'ReplicationController':
        return replicaSet(obj, rel);
    }
  }
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') return condition(obj, 'Established', false);
  if (group === 'apiregistration.k8s.io' && kind === 'APIService') return condition(obj, 'Available', false);
  return generic(obj);
}

/** Deployment, StatefulSet, DaemonSet: `rollout status`'s logic, then the pods' troubles. */
function workload(kind: string, obj: Obj, rel: RelatedObjects): Verdict {
  const st = obj.status ?? {};
  let done: boolean;
  try {
    done = rolloutStatus('apps', kind, obj).done;
  } catch (err) {
    // ProgressDeadlineExceeded (a real failure), or OnDelete strategies rollout status refuses
    if (kind === 'Deployment') return failed(`${messageOf(err).replace(/^deployment "[^"]*" /, '')} (ProgressDeadlineExceeded)`);
    done = num(st.observedGeneration) >= num(obj.metadata?.generation) && num(st.readyReplicas ?? st.numberReady) >= num(obj.spec?.replicas ?? st.desiredNumberScheduled);
  }
  if (done) return ready();
  const trouble = podTrouble(obj, rel.pods, podFilter(kind, obj));
  if (trouble) return failed(trouble);
  const gen = num(obj.metadata?.generation);
  if (gen > num(st.observedGeneration)) return waiting(`waiting for generation ${gen} to be observed`);
  if (kind === 'Deployment') {
    const wanted = typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
    const updated = num(st.updatedReplicas);
    if (updated < wanted) return waiting(`${updated}/${wanted} replicas updated`);
    if (num(st.replicas) > updated) return waiting(`${num(st.replicas) - updated} old replicas pending termination`);
    return waiting(`${num(st.availableReplicas)}/${wanted} replicas available`);
  }
  if (kind === 'StatefulSet') {
    const wanted = typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
    if (num(st.readyReplicas) < wanted) return waiting(`${num(st.readyReplicas)}/${wanted} replicas ready`);
    return waiting(`${num(st.updatedReplicas)}/${wanted} replicas updated`);
  }
  const desired = num(st.desiredNumberScheduled);
  if (num(st.updatedNumberScheduled) < desired) return waiting(`${num(st.updatedNumberScheduled)}/${desired} pods updated`);
  return waiting(`${num(st.numberAvailable)}/${desired} pods available`);
}

function replicaSet(obj: Obj, rel: RelatedObjects): Verdict {
  const st = obj.status ?? {};
  const wanted = typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
  const gen = num(obj.metadata?.generation);
  if (gen > num(st.observedGeneration)) return waiting(`waiting for generation ${gen} to be observed`);
  if (num(st.availableReplicas) >= wanted) return ready();
  const trouble = podTrouble(obj, rel.pods, () => true);
  if (trouble) return failed(trouble);
  return waiting(`${num(st.availableReplicas)}/${wanted} replicas available`);
}

function job(obj: Obj, rel: RelatedObjects): Verdict {
  const conds = obj.status?.conditions ?? [];
  const failedCond = conds.find((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True');
  if (failedCond) return failed(`job failed: ${[failedCond.reason, failedCond.message].filter(Boolean).join(': ') || 'Failed'}`);
  if (conds.some((c) => (c.type === 'Complete' || c.type === 'SuccessCriteriaMet') && c.status === 'True')) {
    return conds.some((c) => c.type === 'Complete' && c.status === 'True') ? ready() : waiting('success criteria met');
  }
  if (obj.spec?.suspend === true) return waiting('suspended');
  const trouble = podTrouble(obj, rel.pods, () => true);
  if (trouble) return failed(trouble);
  const completions = typeof obj.spec?.completions === 'number' ? obj.spec.completions : 1;
  const st = obj.status ?? {};
  const parts = [`${num(st.succeeded)}/${completions} completions`];
  if (num(st.active)) parts.push(`${num(st.active)} active`);
  if (num(st.failed)) parts.push(`${num(st.failed)} failed`);
  return waiting(parts.join(', '));
}

interface Cond {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

function pod(obj: Obj): Verdict {
  const st = obj.status ?? {};
  if (st.phase === 'Succeeded') return ready();
  if (st.phase === 'Failed') return failed(`pod failed${st.reason ? `: ${st.reason}` : ''}${st.message ? `: ${st.message}` : ''}`);
  const conds = st.conditions ?? [];
  if (conds.some((c) => c.type === 'Ready' && c.status === 'True')) return ready();
  const trouble = singlePodTrouble(obj);
  if (trouble) return failed(trouble);
  const notReady = conds.find((c) => c.type === 'Ready' && c.status !== 'True');
  return waiting(`${st.phase ?? 'Pending'}${notReady?.reason ? ` (${notReady.reason})` : ''}`);
}

function service(obj: Obj, rel: RelatedObjects): Verdict {
  const type = obj.spec?.type ?? 'ClusterIP';
  if (type === 'LoadBalancer') {
    const ingress = obj.status?.loadBalancer?.ingress;
    return Array.isArray(ingress) && ingress.length > 0 ? ready() : waiting('waiting for load balancer ingress');
  }
  if (!serviceNeedsEndpoints(obj)) return ready();
  if (!rel.endpointSlices) return waiting('waiting for endpoints');
  const name = obj.metadata?.name;
  const slices = rel.endpointSlices.filter((s: EndpointSlice) => s.metadata?.labels?.['kubernetes.io/service-name'] === name);
  for (const s of slices) {
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready !== false) return ready();
    }
  }
  return waiting('no ready endpoints');
}

function phase(obj: Obj, wanted: string, bad: string[]): Verdict {
  const p = obj.status?.phase;
  if (p === wanted) return ready();
  if (p && bad.includes(p)) return failed(`phase ${p}`);
  return waiting(`phase ${p ?? 'unknown'}`);
}

/** A named condition must be True (and observed at the current generation, when it says so). */
function condition(obj: Obj, type: string, acceptMissing: boolean): Verdict {
  const conds = obj.status?.conditions ?? [];
  const c = conds.find((x) => x?.type === type);
  if (!c) return acceptMissing ? ready() : waiting(`waiting for ${type}`);
  return conditionVerdict(obj, c);
}

function conditionVerdict(obj: Obj, c: Cond): Verdict {
  const gen = num(obj.metadata?.generation);
  const observed = typeof c.observedGeneration === 'number' ? c.observedGeneration : obj.status?.observedGeneration;
  if (typeof observed === 'number' && gen > observed) return waiting(`waiting for generation ${gen} to be observed`);
  if (c.status === 'True') return ready();
  const why = [c.reason, c.message].filter(Boolean).join(': ');
  return waiting(`${c.type} ${c.status ?? 'Unknown'}${why ? ` (${why})` : ''}`);
}

/** Anything else: Ready, else Available, in status.conditions; ready once written otherwise. */
function generic(obj: Obj): Verdict {
  const conds = obj.status?.conditions;
  if (!Array.isArray(conds)) return ready();
  const c = conds.find((x) => x?.type === 'Ready') ?? conds.find((x) => x?.type === 'Available');
  if (!c) return ready();
  return conditionVerdict(obj, c);
}

// ---- pods: why a workload cannot become ready ----

/** container waiting reasons that do not go away by themselves */
export const FATAL_WAITING_REASONS = ['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError'];

type PodFilter = (pod: Obj) => boolean;

/**
 * Which of a workload's pods are its current ones: a StatefulSet's at its
 * update revision; a Deployment's or DaemonSet's with the template's images
 * (an old pod that crashes during a rollout that fixes it is no failure).
 */
function podFilter(kind: string, obj: Obj): PodFilter {
  if (kind === 'StatefulSet') {
    const rev = obj.status?.updateRevision;
    return (p) => !rev || p.metadata?.labels?.['controller-revision-hash'] === rev;
  }
  const images = new Map<string, string>();
  for (const c of obj.spec?.template?.spec?.containers ?? []) images.set(c.name ?? '', c.image ?? '');
  return (p) => (p.spec?.containers ?? []).every((c) => images.get(c.name ?? '') === c.image);
}

/** The first trouble among the pods the workload's selector matches. */
function podTrouble(owner: Obj, pods: Obj[] | undefined, current: PodFilter): string | undefined {
  if (!pods) return undefined;
  const sel = owner.spec?.selector;
  const ns = owner.metadata?.namespace;
  for (const p of pods) {
    if (ns && p.metadata?.namespace && p.metadata.namespace !== ns) continue;
    if (!selectorMatches(sel, p.metadata?.labels ?? {})) continue;
    if (p.metadata?.deletionTimestamp) continue;
    if (!current(p)) continue;
    const t = singlePodTrouble(p);
    if (t) return `pod/${p.metadata?.name}: ${t}`;
  }
  return undefined;
}

/** ImagePullBackOff, CrashLoopBackOff ... in any container, or an unschedulable pod. */
export function singlePodTrouble(p: Obj): string | undefined {
  const st = p.status ?? {};
  const statuses = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  for (const cs of statuses) {
    const w = cs?.state?.waiting;
    if (w && FATAL_WAITING_REASONS.includes(w.reason ?? '')) {
      return `container "${cs.name}" is waiting: ${w.reason}${w.message ? `: ${w.message}` : ''}`;
    }
  }
  const sched = (st.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (sched && sched.status === 'False' && sched.reason === 'Unschedulable') {
    return `FailedScheduling: ${sched.message ?? 'unschedulable'}`;
  }
  return undefined;
}

/**
 * A selector as found in a spec: a LabelSelector, or a ReplicationController's plain map (read as matchLabels); undefined if not an object.
 * A map with values that are not strings selects nothing (read as an empty selector).
 */
function asLabelSelector(sel: unknown): V1LabelSelector | undefined {
  if (!isRecord(sel)) return undefined;
  if ('matchLabels' in sel || 'matchExpressions' in sel) return labelSelectorOf(sel);
  return isStringMap(sel) ? { matchLabels: sel } : {};
}

/** metav1.LabelSelector (matchLabels, matchExpressions) against labels; a missing selector matches nothing. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const sel = asLabelSelector(selector);
  if (!sel) return false;
  const ml = sel.matchLabels ?? {};
  const me = sel.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && me.length === 0) return false;
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of me) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new KtlError(`${e.operator} is not a valid label selector operator`);
    }
  }
  return true;
}

/** An object's spec.selector, whatever its form. */
export const specSelector = (obj: Obj): unknown => obj.spec?.selector;

/** A label selector string for a matchLabels-only selector (for a narrower pod watch), else undefined. */
export function selectorString(selector: unknown): string | undefined {
  const sel = asLabelSelector(selector);
  if (!sel || (sel.matchExpressions ?? []).length) return undefined;
  const ml = Object.entries(sel.matchLabels ?? {});
  if (!ml.length) return undefined;
  return ml.map(([k, v]) => `${k}=${v}`).join(',');
}
