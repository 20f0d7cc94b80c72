/**
 * get -w / --watch-only / --output-watch-events: list, print, then watch from
 * the list's resourceVersion and print each event's rows without a header.
 * Beyond kubectl: a dropped stream is resumed from the last resourceVersion
 * seen, and a 410 Gone relists. Ends cleanly on --request-timeout and Ctrl-C.
 */
import { ApiError, KtlError } from '../../errors.js';
import { isTableFormat } from '../../flags/print.js';
import { colorEnabled } from '../../printers/color-mode.js';
import { compactJson } from '../../codec/json.js';
import { createPrinter, omitManagedFields } from '../../printers/resource-printer.js';
import { defaultTable, ServerTablePrinter, type Table } from '../../printers/table.js';
import { TabWriter } from '../../printers/tabwriter.js';
import { resourcePath } from '../../client/rest.js';
import { write } from '../../context.js';
import type { KubeObject, ResourceInfo } from '../../resource/types.js';
import { multipleKinds, listItems, OutBuffer, tableOf, TABLE_ACCEPT, type GetRun } from './shared.js';
import { getNamed } from '../../client/rest.js';

interface Listed {
  rv: string;
  table?: Table;
  items: KubeObject[];
}

export async function runWatch(run: GetRun, infos: ResourceInfo[]): Promise<number> {
  const { o, clients } = run;
  // kubectl's builder for a watch (SingleResourceType, no ContinueOnError): TYPE/NAME pairs of two types end before any request
  const fromFiles = o.files.filenames.length > 0;
  const sameResource = (i: ResourceInfo) => i.mapping.group === infos[0]!.mapping.group && i.mapping.resource === infos[0]!.mapping.resource;
  if (!fromFiles && !infos.every(sameResource)) throw new KtlError('you may only specify a single resource type');
  // the first document or object that could not be read ends it
  if (run.errors.length) throw run.errors[0]!;
  if (infos.length === 0) return 0;
  // kubectl's builder fetches each named object first (Latest): a missing one ends here, before any listing
  const fetched: KubeObject[] = [];
  for (const info of infos) {
    if (!info.name) continue;
    const namespace = info.mapping.namespaced ? info.namespace || undefined : undefined;
    fetched.push(await getNamed<KubeObject>(clients.rest, resourcePath(info.mapping, { namespace, name: info.name }), namespace));
  }
  const kindOf = (i: ResourceInfo) => `${i.mapping.group}/${i.mapping.version}/${i.mapping.kind}`;
  if (infos.some((i) => kindOf(i) !== kindOf(infos[0]!))) {
    throw new KtlError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
  }
  if (infos.length > 1) {
    // kubectl prints the objects it fetched, then finds it cannot watch them: several sources (names, files) or one file of several objects
    await printFetched(run, infos[0]!, fetched);
    const sources = fromFiles ? new Set(infos.map((i) => i.source)).size : infos.length;
    if (sources > 1) throw new KtlError('you may only watch a single resource or type of resource at a time');
    throw new KtlError(`watch is only supported on individual resources and resource collections - ${infos.length} resources were found`);
  }
  if (o.print.sortBy) {
    await write(o.ctx.io.errOut, `warning: --${o.watchOnly ? 'watch-only' : 'watch'} requested, --sort-by will be ignored for watch events received\n`);
  }
  const info = infos[0]!;
  const table = isTableFormat(o.print.format);
  const accept = table && o.serverPrint ? TABLE_ACCEPT : 'application/json';
  const path = resourcePath(info.mapping, { namespace: info.namespace || undefined });
  const query: Record<string, string> = {};
  if (o.select.selector) query.labelSelector = o.select.selector;
  const fieldSelectors = [o.select.fieldSelector, info.name ? `metadata.name=${info.name}` : ''].filter(Boolean);
  if (fieldSelectors.length) query.fieldSelector = fieldSelectors.join(',');

  const out = new OutBuffer(o.ctx.io.out);
  const now = () => o.ctx.now();
  const colorizer = table && colorEnabled(o.color, o.ctx.io.isTTY, o.ctx.env) ? new (await import('../../printers/color.js')).TableColorizer() : undefined;
  const w = new TabWriter((s) => out.push(colorizer ? colorizer.colorize(s) : s));
  const tablePrinter = new ServerTablePrinter(
    w,
    {
      wide: o.print.format === 'wide',
      noHeaders: o.print.noHeaders,
      withNamespace: o.select.allNamespaces && info.mapping.namespaced,
      kind: multipleKinds(infos) || o.print.showKind ? kindString(info) : undefined,
      showLabels: o.print.showLabels,
      labelColumns: o.print.labelColumns,
    },
    colorizer?.noteLine,
  );
  const objectPrinter = table ? undefined : await createPrinter(o.print, { cwd: o.ctx.cwd });
  const strip = (obj: KubeObject) => (o.print.showManagedFields ? obj : omitManagedFields(obj));

  const printTable = (t: Table, eventType?: string) => {
    tablePrinter.print(t, o.outputWatchEvents ? { eventType: eventType ?? 'ADDED' } : {});
    w.flush();
  };
  const printObject = (obj: KubeObject, eventType: string) => {
    if (o.outputWatchEvents && (o.print.format === 'json' || o.print.format === '')) {
      out.push(`{"type":${JSON.stringify(eventType)},"object":${compactJson(strip(obj))}}\n`);
    } else if (o.outputWatchEvents && o.print.format === 'yaml') {
      objectPrinter!.print({ type: eventType, object: obj } satisfies KubeObject, out.push);
    } else {
      objectPrinter!.print(obj, out.push);
    }
  };

  const list = async (): Promise<Listed> => {
    let rv = '';
    const items: KubeObject[] = [];
    let merged: Table | undefined;
    for await (const page of clients.rest.listPages<KubeObject>(path, { query, limit: o.chunkSize, accept })) {
      const body = page;
      rv = body.metadata?.resourceVersion ?? rv;
      if (table) {
        const t = tableOf(body) ?? defaultTable(listItems(body), now());
        merged = merged ? { ...merged, rows: [...(merged.rows ?? []), ...(t.rows ?? [])] } : t;
      } else items.push(...listItems(body));
    }
    return { rv, table: merged, items };
  };

  // --request-timeout bounds each request, the watch too (client-go's http.Client.Timeout):
  // a watch cut by it ends the command as the server's end of the watch does
  const abort = new AbortController();
  const timeoutMs = clients.config.requestTimeoutMs;
  // as kubectl: a signal while watching ends ktl with status 1 (what was printed is flushed first)
  const stopListening = o.ctx.exitOnTermination(() => w.flush());
  try {
    const first = await list();
    let rv = first.rv;
    if (!o.watchOnly) {
      if (table) {
        if (first.table && (first.table.rows ?? []).length > 0) printTable(first.table);
      } else {
        for (const item of first.items) printObject(item, 'ADDED');
      }
      await out.drain();
    }
    let failures = 0;
    while (!abort.signal.aborted) {
      let gone = false;
      let dropped = false;
      try {
        // a table's rows never show the row objects' managed fields: they are not parsed
        const batches = clients.rest.watchBatches<KubeObject>(path, {
          query,
          resourceVersion: rv,
          accept,
          signal: abort.signal,
          dropManagedFields: accept === TABLE_ACCEPT,
          timeoutMs,
        });
        for await (const batch of batches) {
          for (const ev of batch) {
            if (ev.type === 'ERROR') {
              const status = ev.object;
              if (status.code === 410) {
                gone = true;
                break;
              }
              throw new ApiError(status.code ?? 500, status);
            }
            if (ev.type === 'BOOKMARK') {
              rv = ev.object.metadata?.resourceVersion ?? rv;
              continue;
            }
            const obj = ev.object;
            if (table) {
              const t = tableOf(obj) ?? defaultTable([obj], now());
              const rowRv = t.rows?.[0]?.object?.metadata?.resourceVersion ?? t.metadata?.resourceVersion;
              if (rowRv) rv = rowRv;
              printTable(t, ev.type);
            } else {
              rv = obj.metadata?.resourceVersion ?? rv;
              printObject(obj, ev.type);
            }
            failures = 0;
          }
          // the events that came together are written together
          await out.drain();
          if (gone) break;
        }
      } catch (e) {
        if (abort.signal.aborted) break;
        if (e instanceof ApiError && e.statusCode === 410) gone = true;
        else if (e instanceof ApiError) throw e;
        else {
          // a dropped connection: resume from the last resourceVersion seen
          if (++failures > MAX_RESUMES) throw e;
          dropped = true;
          await sleep(Math.min(100 * 2 ** failures, 2000), abort.signal);
        }
      }
      // the server ended the watch normally: done, as kubectl
      if (!gone && !dropped) break;
      if (gone) {
        // our resourceVersion is too old: list again and carry on from there
        const again = await list();
        rv = again.rv;
        if (table) {
          if (again.table && (again.table.rows ?? []).length > 0) printTable(again.table);
        } else for (const item of again.items) printObject(item, 'ADDED');
        await out.drain();
      }
    }
  } finally {
    stopListening();
    w.flush();
    await out.drain();
  }
  return 0;
}

const MAX_RESUMES = 5;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

function kindString(info: ResourceInfo): string {
  const k = info.mapping.kind.toLowerCase();
  return info.mapping.group ? `${k}.${info.mapping.group}` : k;
}

/** The objects a watch of several named objects fetched, printed as kubectl prints them before it gives up: one table, or object by object. */
async function printFetched(run: GetRun, info: ResourceInfo, objects: KubeObject[]): Promise<void> {
  const { o, clients } = run;
  const out = new OutBuffer(o.ctx.io.out);
  if (isTableFormat(o.print.format)) {
    const rows: Table['rows'] = [];
    let table: Table | undefined;
    for (const obj of objects) {
      const path = resourcePath(info.mapping, { namespace: info.mapping.namespaced ? obj.metadata?.namespace || undefined : undefined, name: obj.metadata?.name });
      const t = (o.serverPrint ? tableOf(await clients.rest.getJson(path, { accept: TABLE_ACCEPT })) : undefined) ?? defaultTable([obj], o.ctx.now());
      table ??= t;
      rows.push(...(t.rows ?? []));
    }
    const w = new TabWriter((s) => out.push(s));
    new ServerTablePrinter(w, {
      wide: o.print.format === 'wide',
      noHeaders: o.print.noHeaders,
      withNamespace: o.select.allNamespaces && info.mapping.namespaced,
      kind: o.print.showKind ? kindString(info) : undefined,
      showLabels: o.print.showLabels,
      labelColumns: o.print.labelColumns,
    }).print({ ...table!, rows }, {});
    w.flush();
  } else {
    const printer = await createPrinter(o.print, { cwd: o.ctx.cwd });
    for (const obj of objects) printer.print(o.print.showManagedFields ? obj : omitManagedFields(obj), out.push);
  }
  await out.drain();
}
