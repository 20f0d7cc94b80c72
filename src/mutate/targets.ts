/**
 * The objects an imperative write command (label, annotate, patch) works on,
 * fetched as kubectl's builder does with ContinueOnError + Latest: TYPE NAME
 * and TYPE/NAME are each a GET, a type with -l / --field-selector / --all is
 * a LIST, -f manifests are re-read from the server — or, with --local, taken
 * as they are. Failures keep their place among the objects.
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { KtlError } from '../errors.js';
import { parseResourceArgs, resolveResources } from '../resource/args.js';
import { readManifests } from '../resource/manifests.js';
import { throwFailures } from './report.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';

/** A found object, or why one was not found (`builder`: the input could not be read or mapped). */
export type Target = { info: TargetInfo } | { error: unknown; builder?: boolean };

/** A live object; for -f input also the object as the manifest gave it (namespace filled in). */
export type TargetInfo = ResourceInfo & { object: KubeObject; manifest?: KubeObject };

export interface TargetQuery {
  args: string[];
  filenames: string[];
  recursive: boolean;
  selector: string;
  fieldSelector: string;
  all: boolean;
  allNamespaces: boolean;
  /** GET this subresource of each named object (patch --subresource) */
  subresource?: string;
}

/**
 * True when the arguments name exactly one object (cli-runtime's
 * "single item implied"): one TYPE NAME or TYPE/NAME, or one file.
 */
export function singleItemImplied(q: TargetQuery, binName: string): boolean {
  if (q.filenames.length > 0) return q.filenames.length === 1 && !q.filenames[0]!.includes(',') && q.filenames[0] !== '-';
  if (q.selector || q.fieldSelector || q.all) return false;
  const p = parseResourceArgs(q.args, binName);
  return p.tuples.length === 1 || (p.types.length === 1 && p.names.length === 1);
}

/** Objects from -f without a server (--local). */
export async function localTargets(ctx: Context, q: TargetQuery): Promise<Target[]> {
  const manifests = await readManifests(ctx, { filenames: q.filenames, recursive: q.recursive });
  return manifests.map((m) => {
    const obj = m.object;
    const apiVersion = obj.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion;
    const kind = obj.kind ?? '';
    const info = {
      mapping: { group, version, kind, resource: kind.toLowerCase(), namespaced: true } as unknown as ResourceInfo['mapping'],
      namespace: obj.metadata?.namespace ?? '',
      name: obj.metadata?.name ?? '',
      object: obj,
      source: m.source,
      docIndex: m.docIndex,
    };
    return { info };
  });
}

/** Live objects for the query, in kubectl's order, each GET/LIST failure in its place. */
export async function serverTargets(ctx: Context, clients: Clients, q: TargetQuery): Promise<Target[]> {
  const { infos, errors, sequence } = await resolveResources(clients, q.args, {
    namespace: clients.config.namespace,
    allNamespaces: q.allNamespaces,
    selector: q.selector,
    fieldSelector: q.fieldSelector,
    all: q.all,
    filenames: q.filenames,
    recursive: q.recursive,
    enforceNamespace: clients.config.namespaceFromFlag,
    ctx,
  });
  const out: Target[] = [];
  // -f: read errors keep their place among the objects, as kubectl's visitor meets them
  for (const item of sequence ?? [...errors, ...infos]) {
    if (item instanceof Error) {
      out.push({ error: item, builder: true });
      continue;
    }
    const info = item;
    const m = info.mapping;
    if (info.name !== '') {
      try {
        const object = await clients.rest.getJson<KubeObject>(resourcePath(m, { namespace: info.namespace || undefined, name: info.name, subresource: q.subresource }));
        const manifest =
          info.object && m.namespaced ? { ...info.object, metadata: { ...info.object.metadata, namespace: info.namespace } } : info.object;
        out.push({ info: { ...info, object, manifest } });
      } catch (error) {
        out.push({ error });
      }
      continue;
    }
    if (q.filenames.length > 0) {
      out.push({ error: new KtlError('resource name may not be empty') });
      continue;
    }
    const query: Record<string, string> = {};
    if (q.selector) query.labelSelector = q.selector;
    if (q.fieldSelector) query.fieldSelector = q.fieldSelector;
    try {
      const list = await clients.rest.list<KubeObject>(resourcePath(m, { namespace: info.namespace || undefined }), { query });
      const apiVersion = m.group ? `${m.group}/${m.version}` : m.version;
      for (const item of list.items) {
        const object = { apiVersion, kind: m.kind, ...item };
        out.push({ info: { mapping: m, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '', object } });
      }
    } catch (error) {
      out.push({ error });
    }
  }
  return out;
}

/**
 * Visits each found target in order, keeping going past failures, then
 * reports them all and exits 1 if any. Lookup errors are listed in their
 * place (label, annotate: kubectl re-reads each object as it visits it);
 * with `builderLast` input errors come at the end (patch).
 */
export async function forEachTarget(
  targets: Target[],
  visit: (info: TargetInfo) => Promise<void>,
  opts: { builderLast?: boolean } = {},
): Promise<void> {
  const failures: unknown[] = [];
  const builder: unknown[] = [];
  for (const t of targets) {
    if ('error' in t) {
      (opts.builderLast && t.builder ? builder : failures).push(t.error);
      continue;
    }
    try {
      await visit(t.info);
    } catch (err) {
      failures.push(err);
    }
  }
  throwFailures(builder, failures, { builderLast: true });
}
