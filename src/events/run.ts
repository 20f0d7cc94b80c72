/**
 * `ktl events`' work, as kubectl 1.33's events command does it: list the
 * events of a namespace (or all, or of one object with --for), keep the
 * --types asked for, sort by when they were last seen, and print kubectl's
 * LAST SEEN / TYPE / REASON / OBJECT / MESSAGE table (or -o). With -w it
 * watches instead (no list first: the server's initial ADDED events come
 * first, as kubectl shows them), printing each event as it arrives.
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { CoreEvent } from '../describe/events.js';
import { eventInterval } from '../describe/events.js';
import { goSort } from '../describe/go-sort.js';
import { escapeTerminal } from '../describe/prefix-writer.js';
import { parseTimestamp } from '../printers/age.js';
import type { ResourcePrinter } from '../printers/resource-printer.js';
import { KUBECTL_TABLE_OPTIONS, TabWriter } from '../printers/tabwriter.js';
import type { KubeObject } from '../resource/types.js';

export interface EventsRunOptions {
  ctx: Context;
  clients: Clients;
  namespace: string;
  allNamespaces: boolean;
  watch: boolean;
  noHeaders: boolean;
  /** --types, deduplicated and sorted */
  types: string[];
  /** --for, resolved */
  forObject?: { kind: string; apiVersion: string; name: string };
  chunkSize: number;
  /** -o printer; undefined for kubectl's table */
  printer?: ResourcePrinter;
  /** the -o format ('' for the table) */
  outputFormat: string;
}

const EVENTS = { group: '', version: 'v1', resource: 'events' };

function wanted(o: EventsRunOptions, type: string | undefined): boolean {
  if (o.types.length === 0) return true;
  return o.types.some((t) => t.toLowerCase() === (type ?? '').toLowerCase());
}

/** The time kubectl sorts by: the series' last observation, else lastTimestamp, else eventTime. */
function sortTime(e: CoreEvent): number {
  const t = e.series ? micros(e.series.lastObservedTime) : (micros(e.lastTimestamp) ?? micros(e.eventTime));
  return t ?? Number.NEGATIVE_INFINITY;
}

/** A timestamp in microseconds: eventTime and a series' lastObservedTime are MicroTime, and events a microsecond apart sort apart. */
function micros(value: unknown): number | undefined {
  const d = parseTimestamp(value);
  if (!d) return undefined;
  // Date keeps milliseconds; the fraction's 4th to 6th digits are the rest
  const fraction = typeof value === 'string' ? (/\.(\d+)/.exec(value)?.[1] ?? '') : '';
  return d.getTime() * 1000 + Number(fraction.padEnd(6, '0').slice(3, 6));
}

/** An event as kubectl's typed client holds it once its type is set: kind and apiVersion first. */
function typed(e: CoreEvent): CoreEvent {
  const { kind: _k, apiVersion: _a, ...rest } = e;
  return { kind: 'Event', apiVersion: 'v1', ...rest };
}

/** The table printer: headers once, rows through a tabwriter that remembers widths (kubectl's GetNewTabWriter). */
class EventTable {
  private headersPrinted = false;
  private readonly parts: string[] = [];
  private readonly tw = new TabWriter((s) => this.parts.push(s), KUBECTL_TABLE_OPTIONS);

  constructor(
    private readonly noHeaders: boolean,
    private readonly allNamespaces: boolean,
    private readonly now: () => Date,
  ) {}

  add(events: CoreEvent[]): void {
    if (!this.noHeaders && !this.headersPrinted) {
      this.tw.write(`${this.allNamespaces ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`);
      this.headersPrinted = true;
    }
    const now = this.now();
    for (const e of events) {
      const io = e.involvedObject ?? {};
      const ns = this.allNamespaces ? `${e.metadata?.namespace ?? ''}\t` : '';
      this.tw.write(
        `${ns}${eventInterval(e, now)}\t${escapeTerminal(e.type ?? '')}\t${escapeTerminal(e.reason ?? '')}\t${escapeTerminal(io.kind ?? '')}/${escapeTerminal(io.name ?? '')}\t${escapeTerminal((e.message ?? '').trim())}\n`,
      );
    }
  }

  take(): string {
    this.tw.flush();
    return this.parts.splice(0).join('');
  }
}

/**
 * -o output as kubectl's events command writes it: through the same tabwriter
 * as its table (tabs a template prints become aligned spaces), and with the
 * printer's error dropped (what it wrote is printed, and the run succeeds).
 */
class PrinterOutput {
  private readonly parts: string[] = [];
  private readonly tw = new TabWriter((s) => this.parts.push(s), KUBECTL_TABLE_OPTIONS);

  print(printer: ResourcePrinter, obj: KubeObject): void {
    try {
      printer.print(obj, (s) => this.tw.write(s));
    } catch {
      // ignored, as kubectl does
    }
  }

  take(): string {
    this.tw.flush();
    return this.parts.splice(0).join('');
  }
}

function query(o: EventsRunOptions): Record<string, string> {
  if (!o.forObject) return {};
  const f = o.forObject;
  return { fieldSelector: `involvedObject.kind=${f.kind},involvedObject.apiVersion=${f.apiVersion},involvedObject.name=${f.name}` };
}

export async function runEvents(o: EventsRunOptions): Promise<number> {
  const path = resourcePath(EVENTS, { namespace: o.allNamespaces ? undefined : o.namespace || undefined });
  if (o.watch) return watchEvents(o, path);
  const list = await o.clients.rest.list<CoreEvent>(path, { query: query(o), limit: o.chunkSize });
  const items = list.items.filter((e) => wanted(o, e.type)).map(typed);
  if (items.length === 0) {
    await write(o.ctx.io.errOut, o.allNamespaces ? 'No events found.\n' : `No events found in ${o.namespace} namespace.\n`);
    return 0;
  }
  // sort.Sort: equal times end up in Go's (unstable) order, as kubectl prints them
  const sorted = goSort(items, (a, b) => sortTime(a) < sortTime(b));
  if (o.printer) {
    // kubectl's name printer fails on the list it builds and the error is dropped: nothing is printed
    if (o.outputFormat === 'name') return 0;
    const out = new PrinterOutput();
    out.print(o.printer, { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: sorted });
    await write(o.ctx.io.out, out.take());
    return 0;
  }
  const table = new EventTable(o.noHeaders, o.allNamespaces, o.ctx.now);
  table.add(sorted);
  await write(o.ctx.io.out, table.take());
  return 0;
}

async function watchEvents(o: EventsRunOptions, path: string): Promise<number> {
  const abort = new AbortController();
  // as kubectl: a signal while watching ends ktl with status 1
  const stop = o.ctx.exitOnTermination(() => abort.abort());
  const table = new EventTable(o.noHeaders, o.allNamespaces, o.ctx.now);
  const printed = new PrinterOutput();
  try {
    const q = query(o);
    for await (const ev of o.clients.rest.watch<CoreEvent>(path, { query: q, signal: abort.signal, timeoutMs: o.clients.config.requestTimeoutMs })) {
      if (ev.type === 'DELETED' || ev.type === 'BOOKMARK') continue;
      if (ev.type === 'ERROR') break;
      const e = ev.object;
      if (!wanted(o, e.type)) continue;
      if (o.printer) {
        printed.print(o.printer, typed(e));
        await write(o.ctx.io.out, printed.take());
      } else {
        table.add([e]);
        await write(o.ctx.io.out, table.take());
      }
    }
  } finally {
    stop();
  }
  return 0;
}
