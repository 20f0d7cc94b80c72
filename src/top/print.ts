/**
 * kubectl's metricsutil printer for `top`: columns, units (CPU in
 * millicores, memory in Mi, both rounded as resource.Quantity rounds),
 * percentages of allocatable (or capacity), sorting and --sum. Every cell
 * ends with a tab, so each line carries the column padding at its end, as
 * kubectl's tabwriter output does.
 */
import { add, milliValue, q, value, type Quantity } from '../describe/quantity.js';
import { goSort } from '../describe/go-sort.js';
import { formatTabbed } from '../printers/tabwriter.js';

export type Usage = Record<string, string>;

export interface NodeMetrics {
  metadata: { name: string };
  usage?: Usage;
}

export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  containers?: Array<{ name: string; usage?: Usage }>;
}

const RESOURCES = ['cpu', 'memory'] as const;
type Totals = { cpu: Quantity; memory: Quantity };

const NODE_COLUMNS = ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'];
const POD_COLUMNS = ['NAME', 'CPU(cores)', 'MEMORY(bytes)'];

function totals(usage: Usage | undefined): Totals {
  return { cpu: q(usage?.cpu), memory: q(usage?.memory) };
}

function podTotals(m: PodMetrics): Totals {
  let t: Totals = { cpu: q('0'), memory: q('0') };
  for (const c of m.containers ?? []) t = { cpu: add(t.cpu, q(c.usage?.cpu)), memory: add(t.memory, q(c.usage?.memory)) };
  return t;
}

function usageText(res: 'cpu' | 'memory', x: Quantity): string {
  return res === 'cpu' ? `${milliValue(x)}m` : `${value(x) / (1024n * 1024n)}Mi`;
}

/** A metrics line's cells: name, then per resource its usage and (when known) its share of what is available. */
function metricsCells(name: string, t: Totals, available?: Usage): string[] {
  const cells = [name];
  for (const res of RESOURCES) {
    cells.push(usageText(res, t[res]));
    const avail = available?.[res];
    if (avail !== undefined) {
      // float64(milli) / float64(milli) * 100, truncated toward zero as Go's int64() does
      const fraction = (Number(milliValue(t[res])) / Number(milliValue(q(avail)))) * 100;
      cells.push(`${Number.isFinite(fraction) ? Math.trunc(fraction) : '-9223372036854775808'}%`);
    }
  }
  return cells;
}

const line = (cells: string[]) => cells.map((c) => `${c}\t`).join('') + '\n';

function byDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * kubectl sorts with sort.Sort (not stable), its Less being cmp < 0: rows that tie (the same CPU or memory) come
 * out in pdqsort's order, which differs from a stable sort's once there are more than 12 rows.
 */
function goSortBy<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return goSort(items, (a, b) => cmp(a, b) < 0);
}

function sorter<T>(sortBy: string, total: (x: T) => Totals, name: (x: T) => string): (a: T, b: T) => number {
  if (sortBy === 'cpu') return (a, b) => byDesc(milliValue(total(a).cpu), milliValue(total(b).cpu));
  if (sortBy === 'memory') return (a, b) => byDesc(value(total(a).memory), value(total(b).memory));
  return (a, b) => byName(name(a), name(b));
}

/**
 * `top node`: one line per node with metrics (sorted), then `<unknown>` lines
 * for the listed nodes that had none. `available` maps node name to its
 * allocatable (or capacity) resources, in the node list's order.
 */
export function nodeMetricsText(metrics: NodeMetrics[], available: Map<string, Usage>, noHeaders: boolean, sortBy: string): string {
  if (metrics.length === 0) return '';
  const rest = new Map(available);
  const sorted = goSortBy(metrics, sorter(sortBy, (m: NodeMetrics) => totals(m.usage), (m) => m.metadata.name));
  let text = noHeaders ? '' : line(NODE_COLUMNS);
  for (const m of sorted) {
    text += line(metricsCells(m.metadata.name, totals(m.usage), available.get(m.metadata.name)));
    rest.delete(m.metadata.name);
  }
  for (const name of rest.keys()) text += line([name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return formatTabbed(text);
}

export interface PodPrintOptions {
  containers: boolean;
  withNamespace: boolean;
  noHeaders: boolean;
  sortBy: string;
  sum: boolean;
}

/** `top pod`: pods (or their containers), sorted, and the --sum footer. */
export function podMetricsText(metrics: PodMetrics[], o: PodPrintOptions): string {
  if (metrics.length === 0) return '';
  let width = POD_COLUMNS.length;
  let text = '';
  if (!o.noHeaders) {
    const head: string[] = [];
    if (o.withNamespace) head.push('NAMESPACE');
    if (o.containers) head.push('POD');
    width += head.length;
    text += line([...head, ...POD_COLUMNS]);
  }
  const nameOrder = (a: PodMetrics, b: PodMetrics) =>
    o.withNamespace && a.metadata.namespace !== b.metadata.namespace
      ? byName(a.metadata.namespace ?? '', b.metadata.namespace ?? '')
      : byName(a.metadata.name, b.metadata.name);
  const sorted = goSortBy(metrics, o.sortBy ? sorter(o.sortBy, podTotals, (m) => m.metadata.name) : nameOrder);
  for (const m of sorted) {
    const ns = o.withNamespace ? [m.metadata.namespace ?? ''] : [];
    if (o.containers) {
      const cs = goSortBy(m.containers ?? [], sorter(o.sortBy, (c: { name: string; usage?: Usage }) => totals(c.usage), (c) => c.name));
      for (const c of cs) text += line([...ns, m.metadata.name, ...metricsCells(c.name, totals(c.usage))]);
    } else {
      text += line([...ns, ...metricsCells(m.metadata.name, podTotals(m))]);
    }
  }
  if (o.sum) {
    // kubectl counts the optional columns only when it printed headers
    let sum: Totals = { cpu: q('0'), memory: q('0') };
    for (const m of metrics) {
      const t = podTotals(m);
      sum = { cpu: add(sum.cpu, t.cpu), memory: add(sum.memory, t.memory) };
    }
    text += line([...Array<string>(Math.max(0, width - 2)).fill(''), '________', '________']);
    text += line([...Array<string>(Math.max(0, width - 3)).fill(''), ...metricsCells('', sum)]);
  }
  return formatTabbed(text);
}
