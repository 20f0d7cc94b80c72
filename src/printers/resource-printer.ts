/**
 * The object printers behind -o (everything but the default table): json,
 * yaml, name, jsonpath*, go-template*, custom-columns*. One interface;
 * chosen from PrintOptions by createPrinter().
 */
import { KtlError, messageOf } from '../errors.js';
import { loadTemplate, type PrintOptions } from '../flags/print.js';
import { isKubeObject, type KubeObject } from '../resource/types.js';
import { isRecord } from '../codec/value.js';
import type { CustomColumn } from './custom-columns.js';
import { compareCodePoints, printJson } from '../codec/json.js';

export interface ResourcePrinter {
  /**
   * Renders one object (a List prints all its items where the format is
   * per-object). Partial output is written before an error is thrown.
   */
  print(obj: KubeObject, write: (s: string) => void): void;
}

/** "deployment.apps/web": lower-case kind, then the group. */
export function qualifiedName(obj: KubeObject): string {
  const apiVersion = obj.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const kind = (obj.kind ?? '').toLowerCase();
  return `${kind}${group ? `.${group}` : ''}/${obj.metadata?.name ?? ''}`;
}

/** kubectl's name printer (-o name, "pod/x created"): an object without a name is "<unknown>". */
export function printedName(obj: KubeObject): string {
  return obj.metadata?.name ? qualifiedName(obj) : qualifiedName({ ...obj, metadata: { ...obj.metadata, name: '<unknown>' } });
}

/** Lists built here (not read from a server): JSON keeps their own key order, as Go prints a struct. */
const clientLists = new WeakSet<object>();

/**
 * Several objects as one v1 List, the way kubectl's apply prints what it
 * applied: `kind, apiVersion, metadata: {}, items` (items as the server sent them).
 */
export function listOf(items: readonly KubeObject[]): KubeObject {
  const list: KubeObject = { kind: 'List', apiVersion: 'v1', metadata: {}, items: [...items] };
  clientLists.add(list);
  return list;
}

/** One object as it is, several as listOf(): what kubectl prints for -o json|yaml|jsonpath... at the end of apply. */
export function oneOrList(items: readonly KubeObject[]): KubeObject {
  return items.length === 1 ? items[0]! : listOf(items);
}

/** JSON for -o json: Go's sorted map keys, except a client-built List's own keys. */
function jsonOf(obj: KubeObject, sortKeys: boolean): string {
  if (!clientLists.has(obj)) return printJson(obj, { sortKeys });
  return printJson({ ...obj, items: sortedDeep(obj.items) }, { sortKeys: false });
}

/** The same value with every object's keys in Go's map order (code points). */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out: Record<string, unknown> = {};
  if (!isRecord(v)) return v;
  for (const k of Object.keys(v).sort(compareCodePoints)) out[k] = sortedDeep(v[k]);
  return out;
}

/** The items of a List (a kind ending in List, with an items array); undefined for any other object. */
function listItems(obj: KubeObject): unknown[] | undefined {
  const items: unknown = obj.items;
  return Array.isArray(items) && typeof obj.kind === 'string' && obj.kind.endsWith('List') ? items : undefined;
}

/** A copy without metadata.managedFields (on the object and on list items). */
export function omitManagedFields<T extends KubeObject>(obj: T): T {
  const items = listItems(obj);
  if (items) {
    const copy = { ...obj, items: items.map((i) => (isKubeObject(i) ? omitManagedFields(i) : i)) };
    if (clientLists.has(obj)) clientLists.add(copy);
    return copy;
  }
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

export interface PrinterContext {
  cwd: string;
  /** for the default (no -o) output of mutating commands: "deployment.apps/web created" */
  operation?: string;
  /**
   * -o json sorts keys as Go does for server objects (maps); false keeps
   * insertion order, as Go prints the structs of client-built objects.
   * Default true.
   */
  sortKeys?: boolean;
}

/** Builds the printer for a non-table format (async: -file formats read their file). */
export async function createPrinter(o: PrintOptions, pc: PrinterContext): Promise<ResourcePrinter> {
  const template = await loadTemplate(o, pc.cwd);
  // kubectl hides managedFields only in json and yaml output; templates see the whole object
  const strip = (obj: KubeObject) => (o.showManagedFields ? obj : omitManagedFields(obj));
  const keep = (obj: KubeObject) => obj;
  switch (o.format) {
    case 'json':
      return { print: (obj, w) => w(jsonOf(strip(obj), pc.sortKeys ?? true)) };
    case 'yaml': {
      // each output format's code is loaded when it is asked for: a table or -o json loads none of them
      const { marshalYaml } = await import('./yaml.js');
      let n = 0;
      return { print: (obj, w) => w((n++ > 0 ? '---\n' : '') + marshalYaml(strip(obj))) };
    }
    case '':
    case 'wide':
    case 'name': {
      const op = o.format === 'name' ? '' : pc.operation ?? '';
      const line = (obj: KubeObject) => `${printedName(obj)}${op ? ` ${op}` : ''}\n`;
      return {
        print: (obj, w) => {
          const items = listItems(obj);
          w(items ? items.filter(isKubeObject).map(line).join('') : line(obj));
        },
      };
    }
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      const { printJsonPath } = await import('./jsonpath.js');
      return {
        print: (obj, w) => {
          try {
            w(
              printJsonPath(template, keep(obj), {
                allowMissingKeys: o.allowMissingTemplateKeys,
                outputJson: o.format === 'jsonpath-as-json',
              }),
            );
          } catch (e) {
            throw new KtlError(messageOf(e));
          }
        },
      };
    }
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile': {
      const { printGoTemplate } = await import('./go-template.js');
      return {
        print: (obj, w) => {
          const r = printGoTemplate(template, keep(obj), { allowMissingKeys: o.allowMissingTemplateKeys, sortRawKeys: pc.sortKeys ?? true });
          w(r.stdout);
          if (r.error) throw new KtlError(r.error.message);
        },
      };
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      const { parseCustomColumnsFile, parseCustomColumnsSpec, printCustomColumns } = await import('./custom-columns.js');
      let columns: CustomColumn[];
      try {
        columns = o.format === 'custom-columns' ? parseCustomColumnsSpec(template) : parseCustomColumnsFile(template);
      } catch (e) {
        throw new KtlError(messageOf(e));
      }
      return {
        print: (obj, w) => {
          const items = listItems(obj)?.filter(isKubeObject) ?? [obj];
          const r = printCustomColumns(columns, items, { noHeaders: o.noHeaders });
          w(r.stdout);
          if (r.error) throw new KtlError(r.error.message);
        },
      };
    }
  }
}
