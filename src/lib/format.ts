/**
 * format(objects, '-o value'): the objects through the printers `ktl get -o`
 * uses. One object prints as itself, an array as get prints what it found
 * (a v1 List for json/yaml/templates). The table formats need the server's
 * Table rows, so they work on a connection only (client.format).
 */
import { stringAt } from '../codec/value.js';
import type { ResourceMapping } from '../client/mapper.js';
import { KtlError } from '../errors.js';
import type { OutputFormat as PrinterFormat, PrintOptions } from '../flags/print.js';
import type { Table } from '../printers/table.js';
import type { FormatOptions, KubeObject, OutputFormat } from './types.js';

/** kubectl get's Accept header for server-side tables. */
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

const OBJECT_FORMATS = [
  'json',
  'yaml',
  'name',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'template',
  'templatefile',
] as const satisfies readonly PrinterFormat[];
const NEEDS_TEMPLATE = new Set(OBJECT_FORMATS.filter((f) => !['json', 'yaml', 'name'].includes(f)));

/** How a connected client supplies server tables. */
export interface TableSource {
  mapping(obj: KubeObject): Promise<ResourceMapping>;
  /** the Table responses for these names of one type in one namespace ('' = cluster scope) */
  fetch(mapping: ResourceMapping, namespace: string, names: string[], accept: string): Promise<unknown[]>;
}

export interface FormatEnv {
  cwd: string;
  now: () => Date;
  tables?: TableSource;
}

function parseFormat(format: OutputFormat): { format: PrinterFormat; template: string } {
  if (typeof format !== 'string') throw new KtlError('an output format is required');
  const eq = format.indexOf('=');
  const name = eq >= 0 ? format.slice(0, eq) : format;
  const template = eq >= 0 ? format.slice(eq + 1) : '';
  if (name === 'table' || name === '' || name === 'wide') {
    if (eq >= 0) throw new KtlError(`the ${name || 'table'} format takes no template`);
    return { format: name === 'wide' ? 'wide' : '', template: '' };
  }
  const known = OBJECT_FORMATS.find((f) => f === name);
  if (!known) {
    throw new KtlError(`unknown output format "${format}", allowed formats are: table,wide,${OBJECT_FORMATS.join(',')}`);
  }
  if (NEEDS_TEMPLATE.has(known) && template === '') {
    throw new KtlError(name.startsWith('custom-columns') ? 'custom-columns format specified but no custom columns given' : 'template format specified but no template given');
  }
  return { format: known, template };
}

function asArray(objects: KubeObject | KubeObject[]): KubeObject[] {
  const list = Array.isArray(objects) ? objects : [objects];
  list.forEach((o, i) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new KtlError(`object ${i} is not an object`);
  });
  return list;
}

export async function formatObjects(
  objects: KubeObject | KubeObject[],
  output: OutputFormat,
  opts: FormatOptions,
  env: FormatEnv,
): Promise<string> {
  const { format, template } = parseFormat(output);
  const items = asArray(objects);
  if (format === '' || format === 'wide') {
    if (!env.tables) throw new KtlError(`the ${format || 'table'} format needs the server's columns: use format() of a connected client`);
    return formatTables(items, format === 'wide', opts, env.tables);
  }
  const { createPrinter } = await import('../printers/resource-printer.js');
  const po: PrintOptions = {
    output,
    format,
    template,
    noHeaders: !!opts.noHeaders,
    showLabels: false,
    showKind: false,
    labelColumns: [],
    sortBy: '',
    showManagedFields: !!opts.showManagedFields,
    allowMissingTemplateKeys: true,
  };
  const printer = await createPrinter(po, { cwd: env.cwd });
  // as get: one object as itself, several as the List it prints
  const obj: KubeObject = Array.isArray(objects)
    ? { apiVersion: 'v1', items: items, kind: 'List', metadata: { resourceVersion: '' } }
    : items[0]!;
  let text = '';
  printer.print(obj, (s) => void (text += s));
  return text;
}

const kindString = (m: ResourceMapping) => (m.group ? `${m.kind.toLowerCase()}.${m.group}` : m.kind.toLowerCase());
const keyOf = (ns: string, name: string) => `${ns}\u0000${name}`;

async function formatTables(items: KubeObject[], wide: boolean, opts: FormatOptions, source: TableSource): Promise<string> {
  const { ServerTablePrinter, isTable } = await import('../printers/table.js');
  const { TabWriter } = await import('../printers/tabwriter.js');
  // runs of the same type, in input order (get prints a type's objects together)
  const groups: Array<{ mapping: ResourceMapping; objects: KubeObject[] }> = [];
  for (const obj of items) {
    const mapping = await source.mapping(obj);
    const last = groups[groups.length - 1];
    if (last && last.mapping.group === mapping.group && last.mapping.resource === mapping.resource) last.objects.push(obj);
    else groups.push({ mapping, objects: [obj] });
  }
  const withKind = new Set(groups.map((g) => `${g.mapping.group}/${g.mapping.resource}`)).size > 1;
  let out = '';
  let written = 0;
  const w = new TabWriter((s: string) => {
    out += s;
    written += s.length;
  });
  let separatorPending = false;
  for (const g of groups) {
    const nsOf = (o: KubeObject) => (g.mapping.namespaced ? (o.metadata?.namespace ?? '') : '');
    const namespaces = [...new Set(g.objects.map(nsOf))];
    const withNamespace = g.mapping.namespaced && (opts.withNamespace ?? namespaces.length > 1);
    // the server's rows for every object, by namespace and name
    const rows = new Map<string, NonNullable<Table['rows']>[number]>();
    let columns: Table['columnDefinitions'];
    for (const ns of namespaces) {
      const names = g.objects.filter((o) => nsOf(o) === ns).map((o) => o.metadata?.name ?? '');
      for (const body of await source.fetch(g.mapping, ns, names, TABLE_ACCEPT)) {
        if (!isTable(body)) throw new KtlError(`the server sent no table for ${g.mapping.resource}`);
        if (body.columnDefinitions?.length) columns = body.columnDefinitions;
        for (const row of body.rows ?? []) {
          const md = { name: stringAt(row.object?.metadata, 'name'), namespace: stringAt(row.object?.metadata, 'namespace') };
          rows.set(keyOf(g.mapping.namespaced ? (md.namespace ?? ns) : '', md.name ?? ''), row);
        }
      }
    }
    const table: Table = {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      columnDefinitions: columns ?? [],
      rows: g.objects.map((o) => rows.get(keyOf(nsOf(o), o.metadata?.name ?? ''))).filter((r) => r !== undefined),
    };
    w.flush();
    w.setRememberedWidths([]);
    if (!opts.noHeaders && written > 0) separatorPending = true;
    const printer = new ServerTablePrinter(w, {
      wide,
      noHeaders: !!opts.noHeaders,
      withNamespace,
      kind: withKind ? kindString(g.mapping) : undefined,
      showLabels: !!opts.showLabels,
      labelColumns: [],
    });
    if (separatorPending && (table.rows ?? []).length > 0) {
      w.flush();
      out += '\n';
      separatorPending = false;
    }
    printer.print(table);
  }
  w.flush();
  return out;
}
