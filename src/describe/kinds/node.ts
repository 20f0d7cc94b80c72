/**
 * Node: roles, taints, lease, conditions, addresses, capacity and
 * allocatable (extended resources included), system info, the
 * non-terminated pods with their share of the node, the allocated totals
 * (hugepages and extended resources too), and events (kubectl searches
 * twice: by the node's uid and by its name as uid, and merges).
 */
import { ApiError } from '../../errors.js';
import { getObject, gvr, listObjects } from '../api.js';
import { describeEvents, searchEvents, type CoreEvent } from '../events.js';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, since, sortedKeys, timeRFC1123Z } from '../format.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from '../prefix-writer.js';
import { podRequestsAndLimits, addSums, sumText, type ResourceSums, type Sum } from '../pod-resources.js';
import { milliValue, q, value, type Quantity } from '../quantity.js';
import { registerDescriber, type Describer } from '../registry.js';
import type { Lease, Node, Pod } from '../wire.js';
import { PODS } from './pod.js';

function pct(part: bigint, whole: bigint): number {
  // float64 division then int64 truncation, as kubectl computes it
  return Math.trunc((Number(part) / Number(whole)) * 100);
}

function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(compareStrings);
}

function isStandardOrHugePages(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
}

function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const capacity = node.status?.capacity ?? {};
  const nodeAllocatable = node.status?.allocatable ?? {};
  const allocatable = Object.keys(nodeAllocatable).length > 0 ? nodeAllocatable : capacity;
  const allocCpu = milliValue(q(allocatable.cpu));
  const allocMem = value(q(allocatable.memory));
  const allocEph = value(q(allocatable['ephemeral-storage']));
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cpuReq = reqs.get('cpu');
    const cpuLim = limits.get('cpu');
    const memReq = reqs.get('memory');
    const memLim = limits.get('memory');
    const m = (s: Sum | undefined) => milliValue(s?.q ?? q('0'));
    const v = (s: Sum | undefined) => value(s?.q ?? q('0'));
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${sumText(cpuReq)} (${pct(m(cpuReq), allocCpu)}%)\t${sumText(cpuLim)} (${pct(m(cpuLim), allocCpu)}%)\t${sumText(memReq)} (${pct(v(memReq), allocMem)}%)\t${sumText(memLim)} (${pct(v(memLim), allocMem)}%)\t${since(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs: ResourceSums = new Map();
  const limits: ResourceSums = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    addSums(reqs, r.reqs);
    addSums(limits, r.limits);
  }
  const row = (name: string, whole: bigint, measure: (x: Quantity) => bigint) => {
    const rq = reqs.get(name);
    const lm = limits.get(name);
    const fr = whole !== 0n ? pct(measure(rq?.q ?? q('0')), whole) : 0;
    const fl = whole !== 0n ? pct(measure(lm?.q ?? q('0')), whole) : 0;
    w.write(LEVEL_1, `${name}\t${sumText(rq)} (${fr}%)\t${sumText(lm)} (${fl}%)\n`);
  };
  row('cpu', allocCpu, milliValue);
  row('memory', allocMem, value);
  row('ephemeral-storage', allocEph, value);
  const names = sortedKeys(allocatable);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) row(name, value(q(allocatable[name])), value);
  for (const name of names.filter((n) => !isStandardOrHugePages(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${name}\t${sumText(reqs.get(name))}\t${sumText(limits.get(name))}\n`);
  }
}

export interface NodeExtras {
  /** the non-terminated pods on the node, or undefined when listing pods was forbidden */
  pods: Pod[] | undefined;
  lease: Lease | Error;
}

export function renderNode(node: Node, extras: NodeExtras, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const md = node.metadata ?? {};
    const spec = node.spec ?? {};
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(md.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    if (extras.lease instanceof Error) w.write(LEVEL_0, `Lease:\tFailed to get lease: ${extras.lease.message}\n`);
    else {
      const ls = extras.lease.spec ?? {};
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${ls.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${ls.acquireTime ? timeRFC1123Z(ls.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${ls.renewTime ? timeRFC1123Z(ls.renewTime) : '<unset>'}\n`);
    }
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type ?? ''} \t${c.status ?? ''} \t${timeRFC1123Z(c.lastHeartbeatTime)} \t${timeRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type ?? ''}:\t${a.address ?? ''}\n`);
    const lists: Array<[string, Record<string, string> | undefined]> = [
      ['Capacity', status.capacity],
      ['Allocatable', status.allocatable],
    ];
    for (const [title, list] of lists) {
      const names = sortedKeys(list);
      if (names.length === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const n of names) w.write(LEVEL_0, `  ${n}:\t${list![n]}\n`);
    }
    const info: Partial<NonNullable<typeof status.nodeInfo>> = status.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs && spec.podCIDRs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (extras.pods) describeNodeResource(extras.pods, node, w, now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events) describeEvents(w, events, now);
  });
}

const describeNode: Describer = async (dc, _namespace, name) => {
  const node = await getObject<Node>(dc, gvr('', 'v1', 'nodes'), '', name);
  let pods: Pod[] | undefined;
  try {
    pods = await listObjects<Pod>(dc, PODS, '', {
      fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
    });
  } catch (err) {
    if (!(err instanceof ApiError && (err.statusCode === 403 || err.reason === 'Forbidden'))) throw err;
  }
  let events: CoreEvent[] | undefined;
  if (dc.settings.showEvents) {
    const ref = { kind: 'Node', name, namespace: '', uid: node.metadata?.uid };
    events = [...(await searchEvents(dc, ref)), ...(await searchEvents(dc, { ...ref, uid: name }))];
  }
  const lease = await getObject<Lease>(dc, gvr('coordination.k8s.io', 'v1', 'leases'), 'kube-node-lease', name).catch((e: Error) => e);
  return renderNode(node, { pods, lease }, events, dc.now);
};

registerDescriber('', 'Node', describeNode);
