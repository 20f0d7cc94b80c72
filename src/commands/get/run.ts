/**
 * get's work: resolve what was asked for, fetch it (server-side tables for
 * the default and wide output, plain JSON otherwise), print it, then report
 * every failure. Mirrors kubectl's get: found objects print, each missing
 * one gets its own error line, exit 1.
 */
import { stat } from '../../fs-async.js';
import path from 'node:path';
import { connect, type Clients } from '../../client/index.js';
import { resourcePath } from '../../client/rest.js';
import { requestUriPath } from '../../client/request-uri.js';
import { write } from '../../context.js';
import { ApiError, ErrorList, ExitError, failIfAny, KtlError, ResponseBodyError, type KtlError as KtlErrorT, messageOf } from '../../errors.js';
import { EmptyNameError, InvalidPathSegmentError } from '../../client/path-segment.js';
import { isTableFormat } from '../../flags/print.js';
import { colorEnabled } from '../../printers/color-mode.js';
import { marshalJson } from '../../codec/json.js';
import { mapAt, stringMapAt } from '../../codec/value.js';
import { createPrinter, omitManagedFields } from '../../printers/resource-printer.js';
import { listError } from '../../resource/list-error.js';
import type { sortObjectsBy as SortObjectsBy, sortTableRowsBy as SortTableRowsBy, UnsortableError as UnsortableErrorT } from '../../printers/sort.js';
import { defaultTable, ServerTablePrinter, type Table } from '../../printers/table.js';
import { TabWriter } from '../../printers/tabwriter.js';
import { isBulk, resolveResources } from '../../resource/args.js';
import type { KubeObject, ResourceInfo } from '../../resource/types.js';
import { listItems, multipleKinds, OutBuffer, tableOf, TABLE_ACCEPT, type GetOptions, type GetRun } from './shared.js';
import { getNamed } from '../../client/rest.js';



/** printers/sort.ts (and JSONPath), loaded by runGet for --sort-by only */
let sortObjectsBy: typeof SortObjectsBy = () => {
  throw new Error('internal error: --sort-by without the sorter loaded');
};
let sortTableRowsBy: typeof SortTableRowsBy = () => {
  throw new Error('internal error: --sort-by without the sorter loaded');
};

let UnsortableError: typeof UnsortableErrorT | undefined;

/**
 * A --sort-by failure: a field kubectl cannot compare ends it through
 * klog.Exitf (an F line from sorter.go, exit 1); anything else is an error.
 */
function sortFailure(run: GetRun, e: unknown): never {
  if (UnsortableError && e instanceof UnsortableError) {
    run.clients.log.fatal(e.source, e.message);
    throw new ExitError(1);
  }
  throw new KtlError(messageOf(e));
}

export async function runGet(o: GetOptions): Promise<number> {
  if (o.print.sortBy) ({ sortObjectsBy, sortTableRowsBy, UnsortableError } = await import('../../printers/sort.js'));
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} get` });
  try {
    if (o.raw !== undefined) return await runRaw(o, clients);
    const namespace = clients.config.namespace;
    // cli-runtime's selector visit (types without names) refuses a subresource before it maps the types
    if (o.subresource && isBulk(o.args, o.files.filenames)) throw new KtlError('subresource cannot be used when bulk resources are specified');
    // a watch's builder takes one resource type: `a,b` (as typed, repeats dropped) ends before the types are looked up
    const watching = o.watch || o.watchOnly;
    if (watching && o.args[0] !== undefined && !o.args[0].includes('/') && new Set(o.args[0].split(',')).size > 1) {
      throw new KtlError('you may only specify a single resource type');
    }
    const { infos, errors } = await resolveResources(clients, o.args, {
      namespace,
      allNamespaces: o.select.allNamespaces,
      selector: o.select.selector,
      fieldSelector: o.select.fieldSelector,
      filenames: o.files.filenames,
      recursive: o.files.recursive,
      ctx: o.ctx,
      binName: o.ctx.binName,
      selectorAfterFetch: true,
    });
    const run: GetRun = { o, clients, namespace, errors: [...errors] };
    if (o.watch || o.watchOnly) {
      const { runWatch } = await import('./watch.js');
      return await runWatch(run, infos);
    }
    const tables = isTableFormat(o.print.format);
    if (tables) await printTables(run, infos);
    else await printGeneric(run, infos);
    const empty = run.errors.filter((e) => e instanceof EmptyNameError).length;
    // one object named (others may be empty names), or only one name and it is empty
    const oneNamed = o.files.filenames.length === 0 && ((infos.length === 1 && infos[0]!.name !== '') || (infos.length === 0 && empty === 1));
    return reportErrors(run, !tables || oneNamed);
  } finally {
    clients.close();
  }
}

async function runRaw(o: GetOptions, clients: Clients): Promise<number> {
  // only the URI's path and query are used, as client-go's Request.RequestURI does (scheme and host are dropped)
  const res = await clients.transport.request({ path: requestUriPath(o.raw!), method: 'GET', rawPath: true, requestUri: true });
  await write(o.ctx.io.out, res.body.toString('utf8'));
  return 0;
}

/**
 * kubectl collects get's errors into one list and prints each as a line,
 * API errors in their "Error from server" form, others without "error: ",
 * even when there is only one.
 */
function reportErrors(run: GetRun, plain: boolean): number {
  // outside tables, or for one named object, kubectl returns them as one aggregate: one alone is a plain error
  const errs = run.errors;
  if (plain && errs.length === 1 && !(errs[0] instanceof ApiError)) throw errs[0];
  failIfAny(errs, 'api');
  return 0;
}

/** Failures of one object's request, collected as kubectl's get collects them: the server's, or a name/namespace refused before sending. */
function isRequestError(e: unknown): e is KtlError {
  return e instanceof ApiError || e instanceof InvalidPathSegmentError || e instanceof ResponseBodyError;
}

function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && (e.statusCode === 404 || e.reason === 'NotFound');
}

function requestPath(info: ResourceInfo, subresource?: string): string {
  return resourcePath(info.mapping, {
    namespace: info.namespace || undefined,
    name: info.name || undefined,
    subresource: info.name ? subresource : undefined,
  });
}

function selectorQuery(o: GetOptions, includeObject?: 'Object' | 'None'): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.select.selector) q.labelSelector = o.select.selector;
  if (o.select.fieldSelector) q.fieldSelector = o.select.fieldSelector;
  if (includeObject) q.includeObject = includeObject;
  return q;
}

/**
 * What each row of a server Table must carry. --sort-by reads whole objects
 * (kubectl asks for them too). The NAMESPACE column (-A), -L and
 * --show-labels read the row's metadata: the server's default, as kubectl
 * leaves it. Any other table prints only the cells, so ktl asks for no
 * objects at all (includeObject=None): the same rows and output, a much
 * smaller response (each pod's metadata, managedFields included, is most of
 * a list's bytes), less for the server to encode and for ktl to parse.
 */
function rowObjects(o: GetOptions, verbosity: number): 'Object' | 'None' | undefined {
  if (o.print.sortBy !== '') return 'Object';
  if (o.select.allNamespaces || o.print.showLabels || o.print.labelColumns.length > 0) return undefined;
  // from -v=6 on the request URLs are logged: then ktl sends kubectl's own requests, which scripts
  // (kubectl's test suite among them) match against the log
  if (verbosity >= 6) return undefined;
  return 'None';
}

/** "deployment.apps" for kind/name cells. */
function kindString(info: ResourceInfo): string {
  const k = info.mapping.kind.toLowerCase();
  return info.mapping.group ? `${k}.${info.mapping.group}` : k;
}

const sameMapping = (a: ResourceInfo, b: ResourceInfo) => a.mapping.group === b.mapping.group && a.mapping.resource === b.mapping.resource;


/** Fetches one info as Tables (pages for lists); a plain object or list falls back to NAME/AGE. */
async function* fetchTables(run: GetRun, info: ResourceInfo): AsyncGenerator<Table> {
  const { o, clients } = run;
  const now = o.ctx.now();
  const query = selectorQuery(o, o.serverPrint ? rowObjects(o, clients.config.verbosity) : undefined);
  const accept = o.serverPrint ? TABLE_ACCEPT : 'application/json';
  const asTable = (body: KubeObject): Table => {
    const table = tableOf(body);
    if (table) return table;
    if (Array.isArray(body.items)) return defaultTable(body.items, now);
    return defaultTable([body], now);
  };
  if (info.name) {
    // a named object takes no selectors
    const { labelSelector: _l, fieldSelector: _f, ...q } = query;
    const body = await getNamed<KubeObject>(clients.rest, requestPath(info, o.subresource), info.namespace, { accept, query: q });
    yield asTable(body);
    return;
  }
  const limit = o.print.sortBy !== '' ? 0 : o.chunkSize;
  try {
    for await (const page of clients.rest.listPages<KubeObject>(requestPath(info), { query, limit, accept })) {
      // listPages fills in items: a page that is no Table is a list of objects
      yield tableOf(page) ?? defaultTable(page.items, now);
    }
  } catch (e) {
    throw listError(e, info.mapping, o.select.selector, o.select.fieldSelector);
  }
}

/**
 * kubectl's TableSorter for one table's rows. When no row has the field it
 * sorts nothing and the rows are lost: kubectl prints no row (then "No
 * resources found") and exits 0, which is kept here.
 */
function sortTable(run: GetRun, t: Table, sortBy: string): Table {
  const rows = t.rows ?? [];
  if (rows.length <= 1) return t;
  const objs = rows.map((r) => r.object ?? {});
  let sorted: unknown[] | undefined;
  try {
    sorted = sortTableRowsBy(objs, sortBy);
  } catch (e) {
    sortFailure(run, e);
  }
  if (!sorted) return { ...t, rows: [] };
  const byObj = new Map<unknown, number[]>();
  objs.forEach((ob, i) => byObj.set(ob, [...(byObj.get(ob) ?? []), i]));
  return { ...t, rows: sorted.map((ob) => rows[byObj.get(ob)!.shift()!]!) };
}

/** The default and wide output: server tables through one tabwriter, a header block per type. */
async function printTables(run: GetRun, infos: ResourceInfo[]): Promise<void> {
  const { o } = run;
  // with more than one list or named object, kubectl sorts the Table objects themselves by the
  // field (its RuntimeSort over what it fetched): a field no Table has fails the whole command
  if (o.print.sortBy && infos.length > 1) {
    const asTable = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '' } };
    try {
      sortObjectsBy([asTable, asTable], o.print.sortBy);
    } catch (e) {
      sortFailure(run, e);
    }
  }
  const out = new OutBuffer(o.ctx.io.out);
  const colorizer = colorEnabled(o.color, o.ctx.io.isTTY, o.ctx.env) ? new (await import('../../printers/color.js')).TableColorizer() : undefined;
  const w = new TabWriter((s) => out.push(colorizer ? colorizer.colorize(s) : s));
  // kubectl reads every object before it prints: the kinds shown are those of what it got, not of what
  // was asked for (get pods,svc p1 with no service p1 prints plain pod names). The first response of
  // each (a named object, a list's first page) is read here; later pages stream as before.
  const fetched: { info: ResourceInfo; tables: AsyncGenerator<Table>; first?: Table; failed: boolean }[] = [];
  for (const info of infos) {
    const tables = fetchTables(run, info);
    try {
      const first = await tables.next();
      // an object -l filters out is as if it had not been asked for
      if (!first.done && !(await keepFetched(o, first.value))) continue;
      fetched.push({ info, tables, first: first.done ? undefined : first.value, failed: false });
    } catch (e) {
      keepError(run, info, e);
      fetched.push({ info, tables, failed: true });
    }
  }
  const got = fetched.filter((f) => !f.failed).map((f) => f.info);
  const withKind = multipleKinds(got) || o.print.showKind;
  let allNamespaced = !o.select.allNamespaces;
  // with -A, kubectl's printer flags keep the NAMESPACE column once a namespaced type turned it on:
  // a cluster-scoped type printed after one shows it with blank cells (get pods,nodes -A)
  let withNamespace = false;
  let printer: ServerTablePrinter | undefined;
  let last: ResourceInfo | undefined;
  let separatorPending = false;
  for (const { info, tables, first, failed } of fetched) {
    if (failed) continue;
    allNamespaced = allNamespaced && info.mapping.namespaced;
    if (!last || !sameMapping(last, info)) {
      w.flush();
      w.setRememberedWidths([]);
      if (last && !o.print.noHeaders && out.written > 0) separatorPending = true;
      withNamespace = withNamespace || (o.select.allNamespaces && info.mapping.namespaced);
      printer = new ServerTablePrinter(
        w,
        {
          wide: o.print.format === 'wide',
          noHeaders: o.print.noHeaders,
          withNamespace,
          kind: withKind ? kindString(info) : undefined,
          showLabels: o.print.showLabels,
          labelColumns: o.print.labelColumns,
        },
        colorizer?.noteLine,
      );
      last = info;
    }
    const print = async (t: Table) => {
      const table = o.print.sortBy ? sortTable(run, t, o.print.sortBy) : t;
      if (separatorPending && (table.rows ?? []).length > 0) {
        out.push('\n');
        separatorPending = false;
      }
      printer!.print(table);
      await out.drain();
    };
    try {
      if (first) await print(first);
      for await (const table of tables) await print(table);
    } catch (e) {
      keepError(run, info, e);
    }
  }
  w.flush();
  await out.drain();
  if (out.written === 0 && !o.ignoreNotFound && run.errors.length === 0) {
    await write(
      o.ctx.io.errOut,
      allNamespaced ? `No resources found in ${run.namespace} namespace.\n` : 'No resources found\n',
    );
  }
}


/**
 * -l with -f: cli-runtime filters what Latest fetched by its labels. A
 * server Table carries none, so in the table output only a selector that
 * matches no labels keeps a file's object (kubectl prints "No resources
 * found"); the other outputs see the object's own labels.
 */
async function keepFetched(o: GetOptions, fetched: unknown): Promise<boolean> {
  if (o.files.filenames.length === 0 || !o.select.selector) return true;
  const { matchesSelector, parseSelector } = await import('../../mutate/selector.js');
  return matchesSelector(parseSelector(o.select.selector), stringMapAt(mapAt(fetched, 'metadata'), 'labels') ?? {});
}

/** A failed fetch of one info: collected (or, for a missing name under --ignore-not-found, dropped); anything else ends the run. */
function keepError(run: GetRun, info: ResourceInfo, e: unknown): void {
  if (run.o.ignoreNotFound && isNotFound(e) && info.name) return;
  if (!(e instanceof Error)) throw e;
  if (e instanceof KtlError && !isRequestError(e)) throw e;
  run.errors.push(e);
}

/** True when the user named exactly one object (TYPE NAME, TYPE/NAME, one -f file). */
async function singleItemImplied(run: GetRun, infos: ResourceInfo[]): Promise<boolean> {
  const { o } = run;
  if (o.files.filenames.length > 0) {
    const f = o.files.filenames;
    if (f.length !== 1 || f[0]!.includes(',') || f[0] === '-' || /^https?:\/\//.test(f[0]!)) return false;
    const st = await stat(path.resolve(o.ctx.cwd, f[0]!)).catch(() => undefined);
    return !st?.isDirectory();
  }
  return namedCount(run, infos) === 1;
}

/**
 * How many objects were named, as kubectl counts them to decide whether one
 * was asked for: the infos with a name, and the empty names (refused by the
 * builder, where kubectl's request for each fails), unless a list is among them.
 */
function namedCount(run: GetRun, infos: ResourceInfo[]): number {
  if (infos.some((i) => i.name === '')) return 0;
  return infos.length + run.errors.filter((e) => e instanceof EmptyNameError).length;
}

/** Everything but tables: one object as is, otherwise a v1 List of everything found. */
async function printGeneric(run: GetRun, infos: ResourceInfo[]): Promise<void> {
  const { o, clients } = run;
  const single = await singleItemImplied(run, infos);
  // one file: kubectl returns its reading errors instead of printing anything
  if (single && run.errors.length === 1) throw run.errors[0];
  if (single && run.errors.length > 1) throw new ErrorList(run.errors, 'bare');
  const query = selectorQuery(o);
  const printer = await createPrinter(o.print, { cwd: o.ctx.cwd });
  const out = new OutBuffer(o.ctx.io.out);
  const streamJson = o.print.format === 'json' && !single && !o.print.sortBy;
  const strip = (obj: KubeObject) => (o.print.showManagedFields ? obj : omitManagedFields(obj));
  const items: KubeObject[] = [];
  // -o yaml of a list: each item written into the List's text as it comes and then let go. The text is
  // printed at the end, as kubectl prints it: an item YAML refuses means an error and no output.
  const yamlList = o.print.format === 'yaml' && !single && !o.print.sortBy ? new (await import('../../printers/yaml.js')).YamlListWriter() : undefined;
  let streamed = 0;
  const emit = async (batch: KubeObject[]) => {
    if (yamlList) {
      for (const item of batch) {
        yamlList.add(strip(item));
        streamed++;
      }
      // kept in out, which is drained only at the end
      out.push(yamlList.text());
      return;
    }
    if (!streamJson) {
      items.push(...batch);
      return;
    }
    for (const item of batch) {
      if (streamed === 0) out.push('{\n    "apiVersion": "v1",\n    "items": [\n');
      else out.push(',\n');
      out.push('        ' + marshalJson(strip(item), { prefix: '        ' }));
      streamed++;
      // written as it grows, so the text of a page's items does not live (and get copied by the collector) until its end
      if (out.pending >= 1 << 16) await out.drain();
    }
    await out.drain();
  };
  for (const info of infos) {
    try {
      if (info.name) {
        const obj = await getNamed<KubeObject>(clients.rest, requestPath(info, o.subresource), info.namespace, { accept: 'application/json' });
        if (await keepFetched(o, obj)) await emit([obj]);
      } else {
        try {
          for await (const page of clients.rest.listPages<KubeObject>(requestPath(info), { query, limit: o.chunkSize })) {
            await emit(listItems(page));
          }
        } catch (e) {
          throw listError(e, info.mapping, o.select.selector, o.select.fieldSelector);
        }
      }
    } catch (e) {
      if (o.ignoreNotFound && isNotFound(e) && info.name) continue;
      if (!isRequestError(e)) throw e;
      if (single) throw e;
      run.errors.push(e);
    }
  }
  if (streamJson) {
    if (streamed === 0 && o.ignoreNotFound) return;
    out.push(streamed === 0 ? '{\n    "apiVersion": "v1",\n    "items": [],\n' : '\n    ],\n');
    out.push('    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
    await out.drain();
    return;
  }
  if (yamlList) {
    if (streamed === 0 && o.ignoreNotFound) return;
    out.push(yamlList.end());
    await out.drain();
    return;
  }
  if (items.length === 0 && o.ignoreNotFound) return;
  let obj: KubeObject;
  if (single && items.length === 1) obj = items[0]!;
  else {
    let list = items;
    if (o.print.sortBy) {
      try {
        list = sortObjectsBy(items, o.print.sortBy);
      } catch (e) {
        sortFailure(run, e);
      }
    }
    obj = { apiVersion: 'v1', items: list, kind: 'List', metadata: { resourceVersion: '' } };
  }
  try {
    printer.print(obj, out.push);
  } finally {
    await out.drain();
  }
}
