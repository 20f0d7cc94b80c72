/**
 * Pod-level pieces shared by the Pod describer and the workload describers:
 * the Pod Template block, topology spread constraints and the QoS class.
 */
import { describeContainers } from './containers.js';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, sortedKeys, stableSort } from './format.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';
import { add, cmp, q, type Quantity } from './quantity.js';
import { formatLabelSelector } from './selectors.js';
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { describeVolumes } from './volumes.js';
import type { Pod, PodTemplateSpec, ResourceRequirements, TopologySpreadConstraint } from './wire.js';

/** DescribePodTemplate */
export function describePodTemplate(template: PodTemplateSpec | V1PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const md = template.metadata ?? {};
  const spec = template.spec ?? { containers: [] };
  printLabelsMultiline(w, '  Labels', md.labels);
  if (Object.keys(md.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', md.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** describeTopologySpreadConstraints: sorted by topology key. */
export function describeTopologySpreadConstraints(tscs: TopologySpreadConstraint[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs || tscs.length === 0) return;
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  stableSort(tscs, (a, b) => compareStrings(a.topologyKey ?? '', b.topologyKey ?? '') < 0).forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let s = `${t.topologyKey ?? ''}:${t.whenUnsatisfiable ?? ''} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

const QOS_RESOURCES = new Set(['cpu', 'memory']);
const ZERO: Quantity = { num: 0n, scale: 0 };

function addPositive(into: Map<string, Quantity>, list: Record<string, string> | undefined): void {
  for (const name of sortedKeys(list)) {
    if (!QOS_RESOURCES.has(name)) continue;
    const v = q(list![name]);
    if (cmp(v, ZERO) <= 0) continue;
    into.set(name, into.has(name) ? add(into.get(name)!, v) : v);
  }
}

function hasCpuAndMemoryLimits(list: Record<string, string> | undefined): boolean {
  const ok = (n: string) => list?.[n] !== undefined && cmp(q(list[n]), ZERO) > 0;
  return ok('cpu') && ok('memory');
}

/** qos.GetPodQOS: status.qosClass, else computed from requests and limits. */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const spec = pod.spec;
  const sources: ResourceRequirements[] = spec?.resources
    ? [spec.resources]
    : [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.resources ?? {});
  for (const r of sources) {
    addPositive(requests, r.requests);
    addPositive(limits, r.limits);
    if (!hasCpuAndMemoryLimits(r.limits)) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || cmp(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
