/**
 * PersistentVolume and PersistentVolumeClaim (core/v1). A claim lists the
 * pods that use it: those mounting it in a volume, then the pods that own
 * it (ephemeral volumes), as kubectl finds them in the namespace.
 */
import { getObject, gvr, listObjects } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, printPodsMultiline, since, timeRFC1123Z } from '../format.js';
import { goStringSlice } from '../label-format.js';
import { metaOf, type Described, type ObjectMeta } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from '../prefix-writer.js';
import { printPersistentVolumeSource } from '../pv-sources.js';
import { registerDescriber, type Describer } from '../registry.js';

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

interface NodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

export interface PersistentVolume extends Described {
  spec?: {
    storageClassName?: string;
    claimRef?: { namespace?: string; name?: string } | null;
    persistentVolumeReclaimPolicy?: string;
    accessModes?: string[] | null;
    volumeMode?: string | null;
    capacity?: Record<string, string> | null;
    nodeAffinity?: { required?: { nodeSelectorTerms?: Array<{ matchExpressions?: NodeSelectorRequirement[] | null }> | null } | null } | null;
    [k: string]: unknown;
  };
  status?: { phase?: string; message?: string };
}

export interface PersistentVolumeClaimSpec {
  storageClassName?: string | null;
  volumeName?: string;
  resources?: { requests?: Record<string, string> | null };
  volumeMode?: string | null;
  dataSource?: { apiGroup?: string | null; kind?: string; name?: string } | null;
}

export interface PersistentVolumeClaim extends Described {
  spec?: PersistentVolumeClaimSpec;
  status?: {
    phase?: string;
    accessModes?: string[] | null;
    capacity?: Record<string, string> | null;
    conditions?: Array<{
      type?: string;
      status?: string;
      lastProbeTime?: string | null;
      lastTransitionTime?: string | null;
      reason?: string;
      message?: string;
    }> | null;
  };
}

export interface Pod extends Described {
  spec?: { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } | null }> | null };
}

/** storageutil.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order. */
export function accessModesString(modes: string[] | null | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has('ReadWriteOnce')) out.push('RWO');
  if (m.has('ReadOnlyMany')) out.push('ROX');
  if (m.has('ReadWriteMany')) out.push('RWX');
  if (m.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function printVolumeNodeAffinity(w: PrefixWriter, affinity: NonNullable<PersistentVolume['spec']>['nodeAffinity']): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity || !affinity.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      let expr = `${req.key ?? ''} ${(req.operator ?? '').toLowerCase()}`;
      if ((req.values ?? []).length > 0) expr += ` [${req.values!.join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

function statusLine(md: ObjectMeta, phase: string | undefined, now: Date): string {
  return md.deletionTimestamp ? `Terminating (lasts ${since(md.deletionTimestamp, now)})` : (phase ?? '');
}

export function renderPersistentVolume(pv: PersistentVolume, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(pv);
  const spec = pv.spec ?? {};
  const annotations = md.annotations ?? {};
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `Finalizers:\t${goStringSlice(md.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${BETA_STORAGE_CLASS in annotations ? annotations[BETA_STORAGE_CLASS] : (spec.storageClassName ?? '')}\n`);
  w.write(LEVEL_0, `Status:\t${statusLine(md, pv.status?.phase, now)}\n`);
  w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${spec.capacity?.storage ?? '0'}\n`);
  printVolumeNodeAffinity(w, spec.nodeAffinity);
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  printPersistentVolumeSource(w, spec);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describePersistentVolume: Describer = async (dc, _ns, name) => {
  const pv = await getObject<PersistentVolume>(dc, gvr('', 'v1', 'persistentvolumes'), '', name);
  return renderPersistentVolume(pv, await eventsFor(dc, refOf(pv)), dc.now);
};

/**
 * printPersistentVolumeClaim: the claim's fields; `full` is false for an
 * ephemeral volume's claim template (no name, namespace, status, finalizers).
 */
export function printPersistentVolumeClaim(
  w: PrefixWriter,
  md: ObjectMeta,
  spec: PersistentVolumeClaimSpec,
  status: PersistentVolumeClaim['status'] | undefined,
  full: boolean,
  now: Date,
): void {
  const annotations = md.annotations ?? {};
  if (full) {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${BETA_STORAGE_CLASS in annotations ? annotations[BETA_STORAGE_CLASS] : (spec.storageClassName ?? '')}\n`);
  if (full) w.write(LEVEL_0, `Status:\t${statusLine(md, status?.phase, now)}\n`);
  w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  if (full) w.write(LEVEL_0, `Finalizers:\t${goStringSlice(md.finalizers)}\n`);
  let capacity = '';
  let accessModes = '';
  if (spec.volumeName) {
    accessModes = accessModesString(status?.accessModes);
    capacity = status?.capacity?.storage ?? '0';
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes}\n`);
  if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined && spec.dataSource.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
}

/** getPodsForPVC: pods mounting the claim (once per such volume), then owner pods not already listed. */
export function podsForClaim(pods: Pod[], claim: PersistentVolumeClaim): Pod[] {
  const name = metaOf(claim).name;
  const out: Pod[] = [];
  for (const pod of pods) {
    for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim && v.persistentVolumeClaim.claimName === name) out.push(pod);
  }
  for (const ref of metaOf(claim).ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => metaOf(p).uid === ref.uid);
    if (!owner || out.some((p) => metaOf(p).uid === metaOf(owner).uid)) continue;
    out.push(owner);
  }
  return out;
}

export function renderPersistentVolumeClaim(pvc: PersistentVolumeClaim, usedBy: string[], events: CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  printPersistentVolumeClaim(w, metaOf(pvc), pvc.spec ?? {}, pvc.status, true, now);
  printPodsMultiline(w, 'Used By', usedBy);
  const conditions = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      const cells = [c.type ?? '', c.status ?? '', timeRFC1123Z(c.lastProbeTime), timeRFC1123Z(c.lastTransitionTime), c.reason ?? ''];
      w.write(LEVEL_1, `${cells.join(' \t')} \t${c.message ?? ''}\n`);
    }
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describePersistentVolumeClaim: Describer = async (dc, ns, name) => {
  const pvc = await getObject<PersistentVolumeClaim>(dc, gvr('', 'v1', 'persistentvolumeclaims'), ns, name);
  const pods = podsForClaim(await listObjects<Pod>(dc, gvr('', 'v1', 'pods'), ns), pvc);
  const events = await eventsFor(dc, refOf(pvc));
  return renderPersistentVolumeClaim(
    pvc,
    pods.map((p) => metaOf(p).name ?? ''),
    events,
    dc.now,
  );
};

registerDescriber('', 'PersistentVolume', describePersistentVolume);
registerDescriber('', 'PersistentVolumeClaim', describePersistentVolumeClaim);
