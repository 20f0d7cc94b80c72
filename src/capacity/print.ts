/**
 * `ktl capacity` tables: kubectl-style columns (upper-case headers, cells
 * laid out by kubectl's tabwriter), one line per node, its pods under it
 * with --pods, and a totals line whose NODE is `*` (kube-capacity's
 * convention: `*` stands for "all"). Amounts are describe node's texts,
 * percentages are of the node's allocatable.
 */
import { KtlError } from '../errors.js';
import { formatRows } from '../printers/tabwriter.js';
import {
  amountText,
  compareQuantities,
  freeOf,
  freeText,
  isExtendedResource,
  measure,
  percentOf,
  usagePercent,
  usageText,
  type Figures,
  type NodeRow,
  type PodRow,
  type Report,
} from './report.js';
import { milliValue } from '../describe/quantity.js';

export const SORT_FIELDS = ['allocatable', 'requests', 'limits', 'util', 'free'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export interface SortKey {
  resource: string;
  field: SortField;
}

/**
 * --sort-by: `name`, or RESOURCE.FIELD (cpu.requests, memory.util,
 * nvidia.com/gpu.free ...); with --resource the bare FIELD names that resource.
 */
function isSortField(s: string): s is SortField {
  return SORT_FIELDS.some((f) => f === s);
}

export function parseSortBy(text: string, resource: string | undefined, util: boolean): SortKey | undefined {
  if (text === '' || text === 'name') return undefined;
  const dot = text.lastIndexOf('.');
  let res = dot > 0 ? text.slice(0, dot) : '';
  const field = dot > 0 ? text.slice(dot + 1) : text;
  if (!res && resource) res = resource;
  if (!res || !isSortField(field)) {
    throw new KtlError(`--sort-by must be "name" or RESOURCE.FIELD (e.g. cpu.requests) with FIELD one of ${SORT_FIELDS.join(', ')}, got "${text}"`);
  }
  if (field === 'util' && !util) throw new KtlError(`--sort-by=${text} needs --util`);
  return { resource: res, field };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A row's share of allocatable as a float (no allocatable: nothing held sorts as 0, something held first). */
function fraction(resource: string, part: bigint, whole: bigint): number {
  if (whole === 0n) return part === 0n ? 0 : Infinity;
  return Number(part) / Number(whole);
}

/** Compares two rows by a key, largest first; `of` gives the allocatable the row's share is measured against. */
function compareBy(key: SortKey, a: Figures | undefined, b: Figures | undefined, ofA: Figures | undefined, ofB: Figures | undefined): number {
  const rn = key.resource;
  const share = (f: Figures | undefined, of: Figures | undefined): number => {
    if (key.field === 'util') {
      if (!f?.usage) return -Infinity;
      return fraction(rn, milliValue(f.usage), milliValue(of?.allocatable?.q ?? { num: 0n, scale: 0 }));
    }
    const part = key.field === 'requests' ? f?.requests : f?.limits;
    return fraction(rn, measure(rn, part?.q ?? { num: 0n, scale: 0 }), measure(rn, of?.allocatable?.q ?? { num: 0n, scale: 0 }));
  };
  if (key.field === 'allocatable') return compareQuantities(b?.allocatable?.q, a?.allocatable?.q);
  if (key.field === 'free') return compareQuantities(b ? freeOf(b) : undefined, a ? freeOf(a) : undefined);
  const x = share(a, ofA);
  const y = share(b, ofB);
  return x === y ? 0 : x > y ? -1 : 1;
}

/** Nodes (and each node's pods) in display order: by name, or by the key (largest first, then by name). */
export function sortReport(r: Report, key: SortKey | undefined): void {
  const podOrder = (a: PodRow, b: PodRow) => byName(a.namespace, b.namespace) || byName(a.name, b.name);
  r.nodes.sort((a, b) => (key ? compareBy(key, a.resources.get(key.resource), b.resources.get(key.resource), a.resources.get(key.resource), b.resources.get(key.resource)) : 0) || byName(a.name, b.name));
  for (const n of r.nodes) {
    const of = n.resources.get(key?.resource ?? '');
    n.pods.sort((a, b) => (key && key.field !== 'allocatable' && key.field !== 'free' ? compareBy(key, a.resources.get(key.resource), b.resources.get(key.resource), of, of) : 0) || podOrder(a, b));
  }
  r.pending.sort(podOrder);
}

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
}

type Kind = 'node' | 'pod' | 'total' | 'pending';
interface Line {
  kind: Kind;
  node: NodeRow;
  pod?: PodRow;
}
interface Column {
  header: string;
  cell: (l: Line) => string;
}

const withPct = (text: string, pct: number) => `${text} (${pct}%)`;

function figures(l: Line, rn: string): { f: Figures; of: Figures } {
  const of = l.node.resources.get(rn) ?? {};
  return { f: l.pod ? l.pod.resources.get(rn)! : of, of };
}

function resourceColumns(rn: string, label: string, o: TableOptions, util: boolean): Column[] {
  const cols: Column[] = [];
  if (o.wide) cols.push({ header: `${label} ALLOCATABLE`, cell: (l) => (l.kind === 'pod' ? '-' : amountText(figures(l, rn).of.allocatable)) });
  cols.push({
    header: `${label} REQUESTS`,
    cell: (l) => {
      const { f, of } = figures(l, rn);
      return l.kind === 'pending' ? amountText(f.requests) : withPct(amountText(f.requests), percentOf(rn, f.requests, of.allocatable));
    },
  });
  cols.push({
    header: `${label} LIMITS`,
    cell: (l) => {
      const { f, of } = figures(l, rn);
      return l.kind === 'pending' ? amountText(f.limits) : withPct(amountText(f.limits), percentOf(rn, f.limits, of.allocatable));
    },
  });
  if (util && (rn === 'cpu' || rn === 'memory')) {
    cols.push({
      header: `${label} UTIL`,
      cell: (l) => {
        const { f, of } = figures(l, rn);
        if (l.kind === 'pending') return '-';
        if (!f.usage) return '<unknown>';
        return withPct(usageText(rn, f.usage), usagePercent(f.usage, of.allocatable));
      },
    });
  }
  return cols;
}

/** An extended resource in one cell: requested/allocatable on node lines, the pod's request on pod lines. */
function extendedColumn(rn: string): Column {
  return {
    header: rn.toUpperCase(),
    cell: (l) => {
      const { f, of } = figures(l, rn);
      if (l.kind === 'pod') return amountText(f.requests);
      if (!of.allocatable && !of.requests) return '-';
      return `${amountText(of.requests)}/${amountText(of.allocatable)}`;
    },
  };
}

function lines(r: Report): Line[] {
  const out: Line[] = [];
  for (const n of r.nodes) {
    out.push({ kind: 'node', node: n });
    if (r.withPods) for (const p of n.pods) out.push({ kind: 'pod', node: n, pod: p });
  }
  // pending pods asking for the resource (--resource), before the totals they are not part of
  const none: NodeRow = { name: '<pending>', podCount: 0, podsAllocatable: '', resources: new Map(), hasMetrics: false, pods: [] };
  for (const p of r.pending) out.push({ kind: 'pending', node: none, pod: p });
  out.push({ kind: 'total', node: r.totals });
  return out;
}

/** The node view (and --pods): one line per node, its pods under it, the totals line last. */
export function capacityTable(r: Report, o: TableOptions): string {
  const cols: Column[] = [{ header: 'NODE', cell: (l) => l.node.name }];
  if (r.withPods) {
    cols.push({ header: 'NAMESPACE', cell: (l) => (l.pod ? l.pod.namespace : '*') });
    cols.push({ header: 'POD', cell: (l) => (l.pod ? l.pod.name : '*') });
  }
  const shown = r.resources.filter((rn) => rn === 'cpu' || rn === 'memory' || (o.wide && rn === 'ephemeral-storage') || isExtendedResource(rn) || (o.wide && hasHugePages(r, rn)));
  for (const rn of shown) {
    if (isExtendedResource(rn)) cols.push(extendedColumn(rn));
    else cols.push(...resourceColumns(rn, rn.toUpperCase(), o, r.util));
  }
  if (o.wide) cols.push({ header: 'PODS', cell: (l) => (l.pod ? '-' : `${l.node.podCount}/${l.node.podsAllocatable || '0'}`) });
  const rows = lines(r).map((l) => cols.map((c) => c.cell(l)));
  if (!o.noHeaders) rows.unshift(cols.map((c) => c.header));
  return formatRows(rows);
}

function hasHugePages(r: Report, rn: string): boolean {
  if (!rn.startsWith('hugepages-')) return false;
  return r.nodes.some((n) => (n.resources.get(rn)?.allocatable?.q.num ?? 0n) !== 0n);
}

/**
 * --resource NAME: per node what is allocatable, requested, limited and
 * free, the pods holding it under their node, the totals line last.
 */
export function resourceTable(r: Report, o: TableOptions): string {
  const rn = r.resources[0]!;
  const cols: Column[] = [
    { header: 'NODE', cell: (l) => l.node.name },
    { header: 'NAMESPACE', cell: (l) => (l.pod ? l.pod.namespace : '*') },
    { header: 'POD', cell: (l) => (l.pod ? l.pod.name : '*') },
    { header: 'ALLOCATABLE', cell: (l) => (l.pod ? '-' : amountText(figures(l, rn).of.allocatable)) },
    ...resourceColumns(rn, '', { ...o, wide: false }, r.util).map((c) => ({ ...c, header: c.header.trim() })),
    { header: 'FREE', cell: (l) => (l.pod ? '-' : freeText(figures(l, rn).of)) },
  ];
  if (o.wide) cols.push({ header: 'PODS', cell: (l) => (l.pod ? '-' : `${l.node.podCount}/${l.node.podsAllocatable || '0'}`) });
  const rows = lines(r).map((l) => cols.map((c) => c.cell(l)));
  if (!o.noHeaders) rows.unshift(cols.map((c) => c.header));
  return formatRows(rows);
}

/** Shares at or above these are yellow / red on a terminal. */
export const WARN_PERCENT = 75;
export const FULL_PERCENT = 90;

/**
 * ktl's terminal decoration of a laid-out capacity table (applied after the
 * layout, so widths never change): the header dim, `(N%)` cells yellow from
 * 75% and red from 90% (over 100% is overcommitted), an extended resource
 * `requested/allocatable` red when nothing is left, the totals line bold.
 */
export async function colorizeTable(text: string, hasHeader: boolean): Promise<string> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  const lines = text.split('\n');
  return lines
    .map((l, i) => {
      if (l === '') return l;
      if (i === 0 && hasHeader) return chalk.dim(l);
      let out = l.replace(/\d+(\.\d+)?[A-Za-z]* \((-?\d+)%\)/g, (m, _f, p: string) => {
        const n = Number(p);
        return n >= FULL_PERCENT ? chalk.red(m) : n >= WARN_PERCENT ? chalk.yellow(m) : m;
      });
      out = out.replace(/(?<=\s)(\d+)\/(\d+)(?=\s|$)/g, (m, a: string, b: string) => (Number(b) > 0 && Number(a) >= Number(b) ? chalk.red(m) : m));
      return l.startsWith('* ') ? chalk.bold(out) : out;
    })
    .join('\n');
}
