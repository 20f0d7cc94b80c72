/**
 * A small private argument resolver for the workload commands: TYPE NAME...,
 * TYPE/NAME..., TYPE with -l/--all, and -f files, in kubectl's builder terms.
 * (src/resource/ was not available when these commands were written.)
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clients } from '../../client/index.js';
import { resourcePath, type ResourceMapping } from '../../client/index.js';
import type { KubeObject } from '../../client/rest.js';
import { KtlError } from '../../errors.js';

export interface ResourceInfo {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
  object?: KubeObject;
  source?: string;
}

export interface ResolveOptions {
  namespace: string;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  filenames?: string[];
  recursive?: boolean;
  /** a bare TYPE lists every object of it (rollout, wait -l) */
  typeAloneMeansAll?: boolean;
  /** GET objects named in -f files from the server (kubectl's Latest()) */
  latest?: boolean;
  binName: string;
  cwd: string;
}

export interface Resolved {
  infos: ResourceInfo[];
  /** per-object failures (not found ...), reported after the successes */
  errors: unknown[];
}

export const NO_RESOURCES_MESSAGE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** Throws kubectl's usage-level errors about the shape of the arguments. */
export function checkArgShape(args: string[], o: Pick<ResolveOptions, 'filenames' | 'selector' | 'all' | 'typeAloneMeansAll' | 'binName'>): void {
  const hasFiles = (o.filenames?.length ?? 0) > 0;
  if (args.length === 0 && !hasFiles) throw new KtlError(NO_RESOURCES_MESSAGE);
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length && slashed.length !== args.length) {
    throw new KtlError(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${o.binName} get resource/<resource_name>' instead of '${o.binName} get resource resource/<resource_name>'`,
    );
  }
  if (args.length === 1 && !slashed.length && !o.selector && !o.all && !o.typeAloneMeansAll) {
    throw new KtlError('resource(s) were provided, but no name was specified');
  }
}

async function listFiles(p: string, recursive: boolean, top = true): Promise<string[]> {
  const s = await stat(p).catch(() => undefined);
  if (!s) throw new KtlError(`the path "${p}" does not exist`);
  if (!s.isDirectory()) return [p];
  const out: string[] = [];
  for (const e of (await readdir(p)).sort()) {
    const full = path.join(p, e);
    const st = await stat(full);
    if (st.isDirectory()) {
      if (recursive) out.push(...(await listFiles(full, recursive, false)));
    } else if (/\.(ya?ml|json)$/.test(e)) out.push(full);
  }
  void top;
  return out;
}

export async function readManifestObjects(files: string[], recursive: boolean, cwd: string): Promise<Array<{ obj: KubeObject; source: string }>> {
  const yaml = (await import('js-yaml')).default;
  const out: Array<{ obj: KubeObject; source: string }> = [];
  for (const f of files) {
    const abs = path.resolve(cwd, f);
    for (const file of await listFiles(abs, recursive)) {
      const text = await readFile(file, 'utf8');
      const docs = yaml.loadAll(text) as unknown[];
      for (const d of docs) {
        if (!d || typeof d !== 'object') continue;
        const obj = d as KubeObject;
        if (obj.kind?.endsWith('List') && Array.isArray((obj as { items?: unknown }).items)) {
          for (const item of (obj as unknown as { items: KubeObject[] }).items) out.push({ obj: item, source: f });
        } else out.push({ obj, source: f });
      }
    }
  }
  return out;
}

function listQuery(o: ResolveOptions): Record<string, string | number | undefined> {
  return { labelSelector: o.selector || undefined, fieldSelector: o.fieldSelector || undefined, limit: 500 };
}

/** Resolves command arguments into objects, fetching them from the server. */
export async function resolveArgs(clients: Clients, args: string[], o: ResolveOptions): Promise<Resolved> {
  checkArgShape(args, o);
  const infos: ResourceInfo[] = [];
  const errors: unknown[] = [];
  const ns = (m: ResourceMapping) => (m.namespaced ? o.namespace : '');

  const getOne = async (mapping: ResourceMapping, name: string, namespace: string, source?: string) => {
    try {
      const object = await clients.rest.getJson(resourcePath(mapping, { namespace: namespace || undefined, name }));
      infos.push({ mapping, namespace, name, object, source });
    } catch (err) {
      errors.push(err);
    }
  };

  if (o.filenames?.length) {
    const mapper = await clients.mapper();
    for (const { obj, source } of await readManifestObjects(o.filenames, !!o.recursive, o.cwd)) {
      const mapping = mapper.forKind(obj.apiVersion ?? '', obj.kind ?? '');
      if (!mapping) {
        errors.push(new KtlError(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`));
        continue;
      }
      const namespace = mapping.namespaced ? (obj.metadata?.namespace ?? o.namespace) : '';
      const name = obj.metadata?.name ?? '';
      if (o.latest) await getOne(mapping, name, namespace, source);
      else infos.push({ mapping, namespace, name, object: obj, source });
    }
    return { infos, errors };
  }

  if (args.every((a) => a.includes('/'))) {
    for (const a of args) {
      const i = a.indexOf('/');
      const mapping = await clients.resolve(a.slice(0, i));
      await getOne(mapping, a.slice(i + 1), ns(mapping));
    }
    return { infos, errors };
  }

  const mappings: ResourceMapping[] = [];
  for (const t of args[0]!.split(',').filter(Boolean)) mappings.push(await clients.resolve(t));
  const names = args.slice(1);
  if (names.length) {
    for (const m of mappings) for (const n of names) await getOne(m, n, ns(m));
    return { infos, errors };
  }
  for (const m of mappings) {
    const namespace = m.namespaced && !o.allNamespaces ? o.namespace : undefined;
    const list = await clients.rest.list(resourcePath(m, { namespace }), { query: listQuery(o) });
    for (const item of list.items) {
      infos.push({ mapping: m, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '', object: item });
    }
  }
  return { infos, errors };
}

/** "deployment.apps/web" (kubectl's name printer). */
export function kindName(info: Pick<ResourceInfo, 'mapping' | 'name'>): string {
  const kind = info.mapping.kind.toLowerCase();
  return `${info.mapping.group ? `${kind}.${info.mapping.group}` : kind}/${info.name}`;
}

/** "deployments.apps" (kubectl's resource string in error texts). */
export function groupResourceOf(m: ResourceMapping): string {
  return m.group ? `${m.resource}.${m.group}` : m.resource;
}
