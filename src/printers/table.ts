/**
 * ServerTablePrinter: prints meta.k8s.io Table responses the way kubectl's
 * human-readable printer does: decorations (NAMESPACE column, kind/name,
 * -L label columns, LABELS), priority filtering for -o wide, cell escaping
 * and truncation, headers once per column set. Text goes to a TabWriter,
 * which the caller flushes (kubectl flushes at a type change and at the end).
 */
import { escapeTerminal, formatGoValue } from './go-format.js';
import { translateTimestampSince } from './age.js';
import type { TabWriter } from './tabwriter.js';
import type { KubeObject } from '../resource/types.js';
import { isRecord } from '../codec/value.js';

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
}

export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
  conditions?: unknown;
}

export interface Table {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions?: TableColumn[];
  rows?: TableRow[];
}

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  /** add a NAMESPACE column (-A on a namespaced type) */
  withNamespace: boolean;
  /** "pod" or "deployment.apps": prefixes the name cell (several types, --show-kind) */
  kind?: string;
  showLabels: boolean;
  labelColumns: string[];
  /** prepend an EVENT column with this value (--output-watch-events) */
  eventType?: string;
}

export function isTable(obj: unknown): obj is Table {
  return isRecord(obj) && obj.kind === 'Table' && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('meta.k8s.io/');
}

/** k=v,k2=v2 sorted by key, or <none>. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** One cell's text: strings cut at the first line break (marked ...), everything else as Go's %v. */
export function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const i = cell.search(/[\f\n\r]/);
    return i >= 0 ? escapeTerminal(cell.slice(0, i)) + '...' : escapeTerminal(cell);
  }
  return escapeTerminal(formatGoValue(cell));
}

/** A client-side NAME/AGE table for objects when the server sent no Table. */
export function defaultTable(objects: KubeObject[], now: Date): Table {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', format: '', priority: 0 },
    ],
    rows: objects.map((o) => ({
      cells: [o.metadata?.name ?? '', translateTimestampSince(o.metadata?.creationTimestamp, now)],
      object: o,
    })),
  };
}

/** kubectl's decorateTable: the printed columns and the cells of each row. */
export function decorateTable(table: Table, o: TableOptions): { columns: TableColumn[]; rows: unknown[][] } {
  const defs = table.columnDefinitions ?? [];
  const rows = (table.rows ?? []).map((r) => ({ cells: [...r.cells], object: r.object }));
  const includeLabels = o.labelColumns.length > 0 || o.showLabels;
  let nameColumn = -1;
  if (o.kind) nameColumn = defs.findIndex((c) => c.format === 'name' && c.type === 'string');
  const columns: TableColumn[] = [];
  if (o.withNamespace) columns.push({ name: 'Namespace', type: 'string', priority: 0 });
  columns.push(...defs);
  for (const l of o.labelColumns) columns.push({ name: l.split('/').pop() ?? l, type: 'string', priority: 0 });
  if (o.showLabels) columns.push({ name: 'Labels', type: 'string', priority: 0 });
  const width = columns.length;
  const decorated = rows.map((r) => {
    let cells = r.cells;
    if (!(includeLabels || o.withNamespace || nameColumn !== -1)) return cells;
    if (nameColumn !== -1) cells[nameColumn] = `${o.kind}/${formatGoValue(cells[nameColumn])}`;
    const meta = r.object?.metadata;
    if (!meta) {
      if (o.withNamespace) cells = [undefined, ...cells];
      while (cells.length < width) cells.push(undefined);
      return cells;
    }
    if (o.withNamespace) cells = [meta.namespace ?? '', ...cells];
    if (includeLabels) {
      for (const key of o.labelColumns) cells.push(meta.labels?.[key] ?? '');
      if (o.showLabels) cells.push(formatLabels(meta.labels));
    }
    return cells;
  });
  if (o.eventType === undefined) return { columns, rows: decorated };
  // the EVENT column comes first, before NAMESPACE; kubectl's cells are
  // padded to the longest event type (MODIFIED), so the column is that wide
  return {
    columns: [{ name: 'Event', type: 'string', priority: 0 }, ...columns],
    rows: decorated.map((cells) => [o.eventType!.padEnd(8), ...cells]),
  };
}

/** The tab-separated lines for a decorated table (header first unless noHeaders or no rows). */
export function tableLines(table: Table, o: TableOptions, printHeader: boolean): { header?: string; rows: string[] } {
  const { columns, rows } = decorateTable(table, o);
  const shown = columns.map((c) => o.wide || !c.priority);
  const header =
    printHeader && rows.length > 0
      ? columns
          .filter((_, i) => shown[i])
          .map((c) => c.name.toUpperCase())
          .join('\t')
      : undefined;
  const lines = rows.map((cells) => {
    const parts: string[] = [];
    for (let i = 0; i < cells.length && i < columns.length; i++) if (shown[i]) parts.push(formatCell(cells[i]));
    return parts.join('\t');
  });
  return { header, rows: lines };
}

/** A line-kind observer for colouring: called once per line, in output order. */
export type LineKindSink = (kind: 'header' | 'row') => void;

/**
 * Prints successive Tables of one resource type (pages, watch events): the
 * header once per column set, as kubectl's printer remembers it.
 */
export class ServerTablePrinter {
  private lastColumns?: string;
  /** the column definitions lastColumns is the JSON of */
  private lastDefs: TableColumn[] = [];
  private printedHeaders = false;

  constructor(
    private readonly w: TabWriter,
    private readonly options: TableOptions,
    private readonly onLine?: LineKindSink,
  ) {}

  /** Returns the number of lines written. */
  print(table: Table, overrides: Partial<TableOptions> = {}): number {
    const o = { ...this.options, ...overrides };
    const defs = table.columnDefinitions ?? [];
    const key = JSON.stringify(defs);
    let noHeaders = o.noHeaders;
    if (this.printedHeaders && (defs.length === 0 || key === this.lastColumns)) noHeaders = true;
    let t = table;
    if (defs.length === 0 && this.lastColumns) {
      t = { ...table, columnDefinitions: this.lastDefs };
    } else if (key !== this.lastColumns) {
      this.lastColumns = key;
      this.lastDefs = defs;
      this.printedHeaders = false;
    }
    if ((table.rows ?? []).length > 0) this.printedHeaders = true;
    const { header, rows } = tableLines(t, o, !noHeaders);
    let n = 0;
    if (header !== undefined) {
      this.onLine?.('header');
      this.w.write(header + '\n');
      n++;
    }
    for (const r of rows) {
      this.onLine?.('row');
      this.w.write(r + '\n');
      n++;
    }
    return n;
  }
}
