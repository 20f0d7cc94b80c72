/**
 * The workload controllers: Deployment (with its old and new ReplicaSets),
 * ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job and
 * CronJob (with its active jobs). Pod counts come from the pods the
 * controller owns, as kubectl counts them.
 */
import { isRecord } from '../../codec/value.js';
import { getObject, gvr, listObjects } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { boolPtr, compareStrings, printAnnotationsMultiline, printLabelsMultiline, stableSort, timeRFC1123Z } from '../format.js';
import { humanDuration } from '../../printers/age.js';
import { parseTimestamp } from '../../printers/age.js';
import { describePodTemplate } from '../pod-template.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type DescribeContext, type Describer } from '../registry.js';
import { controllerOf, controllerText, formatLabelSelector, formatLabels, isControlledBy, selectorString, type LabelSelector } from '../selectors.js';
import { claimClass } from '../volumes.js';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  Job,
  PersistentVolumeClaim,
  Pod,
  PodTemplateSpec,
  ReplicaSet,
  ReplicationController,
  StatefulSet,
} from '../wire.js';
import { PODS } from './pod.js';
import { messageOf } from '../../errors.js';

/** The condition fields the table shows (all workload conditions have them). */
interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}

const DEPLOYMENTS = gvr('apps', 'v1', 'deployments');
const REPLICASETS = gvr('apps', 'v1', 'replicasets');
const STATEFULSETS = gvr('apps', 'v1', 'statefulsets');
const DAEMONSETS = gvr('apps', 'v1', 'daemonsets');
const RCS = gvr('', 'v1', 'replicationcontrollers');
const JOBS = gvr('batch', 'v1', 'jobs');
const CRONJOBS = gvr('batch', 'v1', 'cronjobs');

interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** getPodStatusForController: phases of the pods matching the selector that the controller owns. */
async function podStatusFor(dc: DescribeContext, namespace: string, selector: string, uid: string | undefined): Promise<PodCounts> {
  const pods = await listObjects<Pod>(dc, PODS, namespace, { labelSelector: selector });
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const owner = controllerOf(pod);
    if (!owner || owner.uid !== uid) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

function countsText(c: PodCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

function header(w: PrefixWriter, obj: { metadata?: { name?: string; namespace?: string } }): void {
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
}

function conditionsTable(w: PrefixWriter, conditions: Condition[] | undefined): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''} \t${c.status ?? ''}\t${c.reason ?? ''}\n`);
}

/** intstr String(): the number or the string. */
function intstr(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

// ---- Deployment

function rsSummary(list: ReplicaSet[]): string {
  const text = list.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ');
  return text || '<none>';
}

export function renderDeployment(d: Deployment, oldRSs: ReplicaSet[], newRSs: ReplicaSet[], events: CoreEvent[] | undefined, now: Date): string {
  const selector = selectorString(d.spec?.selector);
  return tabbedString((w) => {
    const spec: Partial<NonNullable<Deployment['spec']>> = d.spec ?? {};
    const st: NonNullable<Deployment['status']> = d.status ?? {};
    header(w, d);
    w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intstrOrNil(ru.maxUnavailable)} max unavailable, ${intstrOrNil(ru.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    conditionsTable(w, st.conditions);
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsSummary(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsSummary(newRSs)}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}

/** (*IntOrString).String() of a nil pointer prints "<nil>" through %s. */
function intstrOrNil(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : String(v);
}

const HASH_LABEL = 'pod-template-hash';

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** apiequality.Semantic.DeepEqual, near enough for decoded JSON (empty and missing are equal). */
function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const t: PodTemplateSpec = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels[HASH_LABEL];
  return t;
}

function createdBefore(a: ReplicaSet, b: ReplicaSet): boolean {
  const ta = parseTimestamp(a.metadata?.creationTimestamp)?.getTime() ?? 0;
  const tb = parseTimestamp(b.metadata?.creationTimestamp)?.getTime() ?? 0;
  if (ta === tb) return compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '') < 0;
  return ta < tb;
}

/** deploymentutil.GetAllReplicaSetsInChunks: the owned ReplicaSets (oldest first), the new one and all the old ones. */
async function replicaSetsOf(dc: DescribeContext, d: Deployment): Promise<{ oldRSs: ReplicaSet[]; newRSs: ReplicaSet[] }> {
  try {
    const all = await listObjects<ReplicaSet>(dc, REPLICASETS, d.metadata?.namespace ?? '', { labelSelector: selectorString(d.spec?.selector) });
    const owned = stableSort(
      all.filter((rs) => isControlledBy(rs, d)),
      createdBefore,
    );
    const target = withoutHash(d.spec?.template);
    const newRS = owned.find((rs) => semanticEqual(withoutHash(rs.spec?.template), target));
    // kubectl shows every old ReplicaSet, scaled down or not
    const oldRSs = owned.filter((rs) => rs !== newRS);
    return { oldRSs, newRSs: newRS ? [newRS] : [] };
  } catch {
    return { oldRSs: [], newRSs: [] };
  }
}

const describeDeployment: Describer = async (dc, namespace, name) => {
  const d = await getObject<Deployment>(dc, DEPLOYMENTS, namespace, name);
  const events = await eventsFor(dc, refOf(d));
  const { oldRSs, newRSs } = await replicaSetsOf(dc, d);
  return renderDeployment(d, oldRSs, newRSs, events, dc.now);
};

// ---- ReplicaSet and ReplicationController

export function renderReplicaSet(rs: ReplicaSet, counts: PodCounts | Error, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    header(w, rs);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
    const owner = controllerText(rs);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    if (counts instanceof Error) w.write(LEVEL_0, `error in fetching pods: ${counts.message}\n`);
    else w.write(LEVEL_0, `${countsText(counts)}\n`);
    describePodTemplate(rs.spec?.template, w);
    conditionsTable(w, rs.status?.conditions);
    if (events) describeEvents(w, events, now);
  });
}

const describeReplicaSet: Describer = async (dc, namespace, name) => {
  const rs = await getObject<ReplicaSet>(dc, REPLICASETS, namespace, name);
  const selector = selectorString(rs.spec?.selector);
  const counts = await podStatusFor(dc, namespace, selector, rs.metadata?.uid).catch((e: Error) => e);
  const events = await eventsFor(dc, refOf(rs));
  return renderReplicaSet(rs, counts, events, dc.now);
};

export function renderReplicationController(rc: ReplicationController, counts: PodCounts, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    header(w, rc);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata?.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${countsText(counts)}\n`);
    describePodTemplate(rc.spec?.template, w);
    conditionsTable(w, rc.status?.conditions);
    if (events) describeEvents(w, events, now);
  });
}

const describeReplicationController: Describer = async (dc, namespace, name) => {
  const rc = await getObject<ReplicationController>(dc, RCS, namespace, name);
  const counts = await podStatusFor(dc, namespace, selectorString({ matchLabels: rc.spec?.selector }), rc.metadata?.uid);
  const events = await eventsFor(dc, refOf(rc));
  return renderReplicationController(rc, counts, events, dc.now);
};

// ---- StatefulSet

function describeVolumeClaimTemplates(templates: PersistentVolumeClaim[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, { initialIndent: '  ' });
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, { initialIndent: '  ' });
    const capacity = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${capacity ?? '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export function renderStatefulSet(ss: StatefulSet, counts: PodCounts, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec: Partial<NonNullable<StatefulSet['spec']>> = ss.spec ?? {};
    header(w, ss);
    w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(ss.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata?.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intstr(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${countsText(counts)}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    if (events) describeEvents(w, events, now);
  });
}

const describeStatefulSet: Describer = async (dc, namespace, name) => {
  const ss = await getObject<StatefulSet>(dc, STATEFULSETS, namespace, name);
  const counts = await podStatusFor(dc, namespace, selectorString(ss.spec?.selector), ss.metadata?.uid);
  const events = await eventsFor(dc, refOf(ss));
  return renderStatefulSet(ss, counts, events, dc.now);
};

// ---- DaemonSet

export function renderDaemonSet(ds: DaemonSet, counts: PodCounts, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const st: Partial<NonNullable<DaemonSet['status']>> = ds.status ?? {};
    header(w, ds);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${countsText(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(w, events, now);
  });
}

const describeDaemonSet: Describer = async (dc, namespace, name) => {
  const ds = await getObject<DaemonSet>(dc, DAEMONSETS, namespace, name);
  const counts = await podStatusFor(dc, namespace, selectorString(ds.spec?.selector), ds.metadata?.uid);
  const events = await eventsFor(dc, refOf(ds));
  return renderDaemonSet(ds, counts, events, dc.now);
};

// ---- Job and CronJob

function capIndexes(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

function selectorLine(sel: LabelSelector | undefined): string {
  try {
    return `Selector:\t${selectorString(sel)}\n`;
  } catch (err) {
    return `Selector:\tFailed to get selector: ${messageOf(err)}\n`;
  }
}

export function renderJob(job: Job, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec: Partial<NonNullable<Job['spec']>> = job.spec ?? {};
    const st: NonNullable<Job['status']> = job.status ?? {};
    header(w, job);
    w.write(LEVEL_0, selectorLine(spec.selector));
    printLabelsMultiline(w, 'Labels', job.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
    const owner = controllerText(job);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (spec.parallelism !== undefined && spec.parallelism !== null) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    if (spec.completions !== undefined && spec.completions !== null) w.write(LEVEL_0, `Completions:\t${spec.completions}\n`);
    else w.write(LEVEL_0, 'Completions:\t<unset>\n');
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (spec.suspend !== undefined && spec.suspend !== null) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (spec.backoffLimit !== undefined && spec.backoffLimit !== null) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (spec.ttlSecondsAfterFinished !== undefined && spec.ttlSecondsAfterFinished !== null) {
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    }
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${timeRFC1123Z(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${timeRFC1123Z(st.completionTime)}\n`);
    const start = parseTimestamp(st.startTime);
    const end = parseTimestamp(st.completionTime);
    if (start && end) w.write(LEVEL_0, `Duration:\t${humanDuration(end.getTime() - start.getTime())}\n`);
    if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    }
    if (st.ready === undefined || st.ready === null) {
      w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    } else {
      w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    }
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(st.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(w, events, now);
  });
}

const describeJob: Describer = async (dc, namespace, name) => {
  const job = await getObject<Job>(dc, JOBS, namespace, name);
  const events = await eventsFor(dc, refOf(job));
  return renderJob(job, events, dc.now);
};

function describeJobTemplate(t: NonNullable<CronJob['spec']>['jobTemplate'] | undefined, w: PrefixWriter): void {
  const spec: Partial<NonNullable<Job['spec']>> = t?.spec ?? {};
  if (spec.selector) w.write(LEVEL_0, selectorLine(spec.selector));
  else w.write(LEVEL_0, 'Selector:\t<unset>\n');
  w.write(LEVEL_0, `Parallelism:\t${spec.parallelism ?? '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  }
  describePodTemplate(spec.template, w);
}

export function renderCronJob(cj: CronJob, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec: Partial<NonNullable<CronJob['spec']>> = cj.spec ?? {};
    header(w, cj);
    printLabelsMultiline(w, 'Labels', cj.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata?.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
    const sds = spec.startingDeadlineSeconds;
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${sds !== undefined && sds !== null ? `${sds}s` : '<unset>'}\n`);
    describeJobTemplate(spec.jobTemplate, w);
    const last = cj.status?.lastScheduleTime;
    w.write(LEVEL_0, `Last Schedule Time:\t${last ? timeRFC1123Z(last) : '<unset>'}\n`);
    const active = cj.status?.active ?? [];
    w.write(LEVEL_0, 'Active Jobs:\t');
    if (active.length === 0) w.writeLine('<none>');
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, j.name ?? '');
      });
      w.writeLine('');
    }
    if (events) describeEvents(w, events, now);
  });
}

const describeCronJob: Describer = async (dc, namespace, name) => {
  const cj = await getObject<CronJob>(dc, CRONJOBS, namespace, name);
  const events = await eventsFor(dc, refOf(cj));
  return renderCronJob(cj, events, dc.now);
};

registerDescriber('apps', 'Deployment', describeDeployment);
registerDescriber('apps', 'ReplicaSet', describeReplicaSet);
registerDescriber('', 'ReplicationController', describeReplicationController);
registerDescriber('apps', 'StatefulSet', describeStatefulSet);
registerDescriber('apps', 'DaemonSet', describeDaemonSet);
registerDescriber('batch', 'Job', describeJob);
registerDescriber('batch', 'CronJob', describeCronJob);
