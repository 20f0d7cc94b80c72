/**
 * `ktl capacity`: what each node can give (allocatable), what the pods on it
 * ask for (requests) and may take (limits), and, with metrics, what they use.
 * Requests and limits are kubectl's `describe node` figures: the same pod
 * arithmetic (describe/pod-resources.ts), the same non-terminated pods, the
 * same quantity texts and the same truncated percentages of allocatable.
 *
 * The report is plain data; its JSON form (`toDocument`) is the documented
 * `-o json|yaml` shape (see docs/capacity.md).
 */
import { addList, addSums, sumText, podRequestsAndLimits, type ResourceSums, type Sum } from '../describe/pod-resources.js';
import { add, cmp, formatOf, milliValue, q, quantityString, value, type Quantity } from '../describe/quantity.js';
import type { Node, Pod } from '../describe/wire.js';

export const STANDARD = ['cpu', 'memory', 'ephemeral-storage'] as const;

/** v1helper.IsExtendedResourceName: a qualified name outside kubernetes.io, not a quota `requests.` name. */
export function isExtendedResource(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const domain = name.slice(0, slash);
  if (domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io')) return false;
  return !name.startsWith('requests.');
}

export function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** What describe node calls allocatable: status.allocatable, or capacity when allocatable is empty. */
export function allocatableOf(node: Node): Record<string, string> {
  const alloc = node.status?.allocatable ?? {};
  return Object.keys(alloc).length > 0 ? alloc : (node.status?.capacity ?? {});
}

/** The integer describe node divides: millis for cpu, whole units for everything else. */
export function measure(resource: string, x: Quantity): bigint {
  return resource === 'cpu' ? milliValue(x) : value(x);
}

/** float64 division, then int64 truncation (kubectl); 0 when nothing is allocatable, as describe node prints. */
export function percent(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Math.trunc((Number(part) / Number(whole)) * 100);
}

/** A usage figure from metrics.k8s.io (cpu, memory). */
export interface Usage {
  q: Quantity;
}

/** One resource on one node (or over all nodes, or for one pod). */
export interface Figures {
  /** undefined for a pod */
  allocatable?: Sum;
  requests?: Sum;
  limits?: Sum;
  usage?: Quantity;
}

export interface PodRow {
  namespace: string;
  name: string;
  resources: Map<string, Figures>;
}

export interface NodeRow {
  name: string;
  /** non-terminated pods counted on the node */
  podCount: number;
  /** allocatable pods ("" when the node does not say) */
  podsAllocatable: string;
  resources: Map<string, Figures>;
  /** whether metrics.k8s.io reported the node (with --util) */
  hasMetrics: boolean;
  pods: PodRow[];
}

export interface Report {
  /** the resources reported, in column order */
  resources: string[];
  nodes: NodeRow[];
  totals: NodeRow;
  util: boolean;
  withPods: boolean;
  /** with --resource: pods not yet on a node (pending) that ask for the resource */
  pending: PodRow[];
}

export interface BuildOptions {
  /** report only this resource (and list the pods that hold it) */
  resource?: string;
  withPods: boolean;
  /** node name -> usage (cpu, memory) when --util */
  nodeUsage?: Map<string, Record<string, string>>;
  /** "namespace/name" -> summed container usage when --util */
  podUsage?: Map<string, Record<string, string>>;
}

function sumOf(text: string | undefined): Sum | undefined {
  return text === undefined ? undefined : { q: q(text), text, added: false };
}

function addSum(a: Sum | undefined, b: Sum | undefined): Sum | undefined {
  if (!b) return a;
  if (!a) return { ...b };
  return { q: add(a.q, b.q), text: a.text, added: true };
}

/** The resources to report: cpu, memory, ephemeral-storage, hugepages, then every extended resource some node has. */
export function resourceNames(nodes: Node[]): string[] {
  const present = new Set<string>();
  for (const n of nodes) for (const k of Object.keys(allocatableOf(n))) present.add(k);
  const sorted = [...present].sort();
  return [...STANDARD, ...sorted.filter(isHugePages), ...sorted.filter(isExtendedResource)];
}

/** Sums usage text by resource (a pod's containers). */
export function sumUsage(list: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, Quantity> = {};
  for (const u of list) for (const [k, v] of Object.entries(u ?? {})) out[k] = out[k] ? add(out[k]!, q(v)) : q(v);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, quantityString(v, 'DecimalSI')]));
}

/**
 * Builds the report from the listed nodes and the non-terminated pods
 * (already narrowed by namespace and pod selector). Pods on nodes not listed
 * are ignored; node order is the list's (sorting is the printer's business).
 */
export function buildReport(nodes: Node[], pods: Pod[], o: BuildOptions): Report {
  let names = resourceNames(nodes);
  if (o.resource) names = [o.resource];
  const byNode = new Map<string, Pod[]>();
  const unscheduled: Pod[] = [];
  for (const p of pods) {
    const node = p.spec?.nodeName;
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (!node) {
      unscheduled.push(p);
      continue;
    }
    (byNode.get(node) ?? byNode.set(node, []).get(node)!).push(p);
  }
  const util = !!o.nodeUsage;
  const rows: NodeRow[] = [];
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const alloc = allocatableOf(n);
    const reqs: ResourceSums = new Map();
    const limits: ResourceSums = new Map();
    const podRows: PodRow[] = [];
    const onNode = byNode.get(name) ?? [];
    for (const p of onNode) {
      const r = podRequestsAndLimits(p);
      addSums(reqs, r.reqs);
      addSums(limits, r.limits);
      if (o.withPods || o.resource) {
        const key = `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
        const usage = o.podUsage?.get(key);
        const res = new Map<string, Figures>();
        for (const rn of names) res.set(rn, { requests: r.reqs.get(rn), limits: r.limits.get(rn), usage: usage?.[rn] !== undefined ? q(usage[rn]) : undefined });
        podRows.push({ namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '', resources: res });
      }
    }
    const usage = o.nodeUsage?.get(name);
    const res = new Map<string, Figures>();
    for (const rn of names) {
      res.set(rn, { allocatable: sumOf(alloc[rn]), requests: reqs.get(rn), limits: limits.get(rn), usage: usage?.[rn] !== undefined ? q(usage[rn]) : undefined });
    }
    rows.push({
      name,
      podCount: onNode.length,
      podsAllocatable: alloc.pods ?? '',
      resources: res,
      hasMetrics: usage !== undefined,
      pods: podRows,
    });
  }
  let shown = rows;
  const pending: PodRow[] = [];
  if (o.resource) {
    // the nodes that have the resource or hold pods asking for it; the pods that ask for it
    const rn = o.resource;
    const holds = (f: Figures | undefined) => !!f && ((f.requests && f.requests.q.num !== 0n) || (f.limits && f.limits.q.num !== 0n));
    for (const r of rows) r.pods = r.pods.filter((p) => holds(p.resources.get(rn)));
    shown = rows.filter((r) => r.resources.get(rn)?.allocatable !== undefined || r.pods.length > 0);
    for (const p of unscheduled) {
      const r = podRequestsAndLimits(p);
      const f: Figures = { requests: r.reqs.get(rn), limits: r.limits.get(rn) };
      if (holds(f)) pending.push({ namespace: p.metadata?.namespace ?? '', name: p.metadata?.name ?? '', resources: new Map([[rn, f]]) });
    }
  }
  return { resources: names, nodes: shown, totals: totalsOf(shown, names, util), util, withPods: o.withPods || !!o.resource, pending };
}

function totalsOf(rows: NodeRow[], names: string[], util: boolean): NodeRow {
  const res = new Map<string, Figures>();
  let podCount = 0;
  let podsAlloc: Sum | undefined;
  for (const r of rows) {
    podCount += r.podCount;
    podsAlloc = addSum(podsAlloc, sumOf(r.podsAllocatable || undefined));
  }
  for (const rn of names) {
    const t: Figures = {};
    for (const r of rows) {
      const f = r.resources.get(rn)!;
      t.allocatable = addSum(t.allocatable, f.allocatable);
      t.requests = addSum(t.requests, f.requests);
      t.limits = addSum(t.limits, f.limits);
      if (util && f.usage) t.usage = t.usage ? add(t.usage, f.usage) : f.usage;
    }
    res.set(rn, t);
  }
  return { name: '*', podCount, podsAllocatable: podsAlloc ? sumText(podsAlloc) : '', resources: res, hasMetrics: rows.some((r) => r.hasMetrics), pods: [] };
}

// ---------------------------------------------------------------------------
// figures as text and numbers

const ZERO: Quantity = { num: 0n, scale: 0 };

export function amountText(s: Sum | undefined): string {
  return sumText(s);
}

/** The percentage of `of` (a node's allocatable) that `part` is. */
export function percentOf(resource: string, part: Sum | Quantity | undefined, of: Sum | undefined): number {
  const pq = part === undefined ? ZERO : 'q' in part ? part.q : part;
  return percent(measure(resource, pq), measure(resource, of?.q ?? ZERO));
}

/** allocatable - requests, in the allocatable's format. */
export function freeOf(f: Figures): Quantity {
  const a = f.allocatable?.q ?? ZERO;
  const r = f.requests?.q ?? ZERO;
  return add(a, { num: -r.num, scale: r.scale });
}

export function freeText(f: Figures): string {
  const free = freeOf(f);
  return quantityString(free, formatOf(f.allocatable?.text));
}

/** Usage as `top` prints it: cpu in millicores, memory in Mi, anything else as a quantity. */
export function usageText(resource: string, u: Quantity): string {
  if (resource === 'cpu') return `${milliValue(u)}m`;
  if (resource === 'memory') return `${value(u) / (1024n * 1024n)}Mi`;
  return quantityString(u, 'DecimalSI');
}

/** top's percentage: usage millis over allocatable millis, truncated. */
export function usagePercent(u: Quantity, of: Sum | undefined): number {
  return percent(milliValue(u), milliValue(of?.q ?? ZERO));
}

export function compareQuantities(a: Quantity | undefined, b: Quantity | undefined): number {
  return cmp(a ?? ZERO, b ?? ZERO);
}

// ---------------------------------------------------------------------------
// the -o json|yaml document

export interface ResourceDoc {
  allocatable?: string;
  requests: string;
  requestsPercent?: number;
  limits: string;
  limitsPercent?: number;
  free?: string;
  usage?: string;
  usagePercent?: number;
}

function resourceDoc(rn: string, f: Figures, of: Sum | undefined, isNode: boolean, util: boolean): ResourceDoc {
  const d: ResourceDoc = { requests: sumText(f.requests), limits: sumText(f.limits) };
  if (isNode) d.allocatable = f.allocatable ? sumText(f.allocatable) : '0';
  if (of && measure(rn, of.q) !== 0n) {
    d.requestsPercent = percentOf(rn, f.requests, of);
    d.limitsPercent = percentOf(rn, f.limits, of);
  }
  if (isNode) d.free = freeText(f);
  if (util && f.usage) {
    d.usage = usageText(rn, f.usage);
    if (of && milliValue(of.q) !== 0n) d.usagePercent = usagePercent(f.usage, of);
  }
  return d;
}

function nodeDoc(r: NodeRow, names: string[], util: boolean, withPods: boolean, isTotal: boolean): Record<string, unknown> {
  const resources: Record<string, ResourceDoc> = {};
  for (const rn of names) {
    const f = r.resources.get(rn)!;
    resources[rn] = resourceDoc(rn, f, f.allocatable, true, util);
  }
  const d: Record<string, unknown> = isTotal ? { nodes: 0 } : { name: r.name };
  d.pods = { count: r.podCount, allocatable: r.podsAllocatable || '0' };
  d.resources = resources;
  if (withPods && !isTotal) {
    d.podList = r.pods.map((p) => {
      const pr: Record<string, ResourceDoc> = {};
      for (const rn of names) pr[rn] = resourceDoc(rn, p.resources.get(rn)!, r.resources.get(rn)!.allocatable, false, util);
      return { namespace: p.namespace, name: p.name, resources: pr };
    });
  }
  return d;
}

/** The documented -o json|yaml shape: kind CapacityReport, apiVersion ktl.dev/v1alpha1. */
export function toDocument(r: Report): Record<string, unknown> {
  const totals = nodeDoc(r.totals, r.resources, r.util, false, true);
  totals.nodes = r.nodes.length;
  const doc: Record<string, unknown> = {
    apiVersion: 'ktl.dev/v1alpha1',
    kind: 'CapacityReport',
    resources: r.resources,
    nodes: r.nodes.map((n) => nodeDoc(n, r.resources, r.util, r.withPods, false)),
    totals,
  };
  if (r.pending.length > 0) {
    const rn = r.resources[0]!;
    doc.pending = r.pending.map((p) => ({ namespace: p.namespace, name: p.name, resources: { [rn]: resourceDoc(rn, p.resources.get(rn)!, undefined, false, false) } }));
  }
  return doc;
}
