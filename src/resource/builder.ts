/**
 * The one resource builder (cli-runtime's resource.Builder): every command
 * that takes objects says what the user typed — arguments, -f/-R, -l,
 * --field-selector, --all, -A, the namespace — and gets back infos, the
 * failures met while resolving them, and whether one object was implied.
 * `latest()` reads each object from the server (lists become one info per
 * item), `continueOnError()` keeps every failure in its place instead of
 * stopping, and `visit` runs a command's work over the result kubectl's way.
 *
 * Usage, from a command:
 *   const r = await f.builder().args(args).filenames(files).selector(sel)
 *     .namespace(ns, { enforce }).latest().continueOnError().do();
 *   const failures = await r.visit(async (info) => { ... });
 */
import { stat } from '../fs-async.js';
import path from 'node:path';
import type { Clients } from '../client/index.js';
import { apiVersionOf, type ResourceMapping } from '../client/mapper.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { InputErrors, KtlError } from '../errors.js';
import { MISSING_RESOURCE_MESSAGE, parseResourceArgs, resolveResources, type ResolveOptions } from './args.js';
import type { KubeObject, ResourceInfo } from './types.js';
import { listError } from './list-error.js';
import { missingNamespace } from './missing-namespace.js';

/** One step of the result, in the order kubectl's visitor meets it: an object, or why one is missing. */
export type BuilderItem = { info: ResourceInfo } | { error: unknown; builder?: boolean };

/**
 * Where the failures met while resolving go relative to the command's own
 * (see visit): `in-place` as Visit() meets them; `first` / `last` all of them
 * before / after (kubectl's Infos() then a loop: rollout, scale, set);
 * `input-last` only the input's (unreadable or unmapped -f documents) after,
 * as one group (patch).
 */
export type BuilderErrorOrder = 'in-place' | 'first' | 'last' | 'input-last';

export interface BuilderResult {
  /** the objects found (with `object` filled in after latest()) */
  infos: ResourceInfo[];
  /**
   * what could not be read or mapped (the input), then what could not be
   * fetched: kubectl's Infos() error, listed as the loop-style commands
   * (rollout, scale, set, expose) report it. `items` has them in place.
   */
  errors: unknown[];
  /** infos and errors together, in the order kubectl meets them */
  items: BuilderItem[];
  /** the arguments name exactly one object (one TYPE NAME, TYPE/NAME or one plain file) */
  singleItemImplied: boolean;
  /**
   * Runs `fn` on each info in order, going on past a failed one, and returns
   * every failure (the builder's and fn's) in kubectl's order (see
   * BuilderErrorOrder; default in-place).
   */
  visit(fn: (info: ResourceInfo) => Promise<void>, o?: { errors?: BuilderErrorOrder }): Promise<unknown[]>;
}

/** What the builder needs from its surroundings: the factory gives it. */
export interface BuilderDeps {
  ctx: Context;
  clients: () => Promise<Clients>;
  /** the request namespace and whether it came from -n (used unless namespace() is called) */
  defaultNamespace: () => Promise<{ namespace: string; enforce: boolean }>;
}

export class ResourceBuilder {
  private ns?: { namespace: string; enforce: boolean };
  private files: string[] = [];
  private recurse = false;
  private labelSelector = '';
  private fieldSel = '';
  private selectAll = false;
  private allNs = false;
  private resourceArgs: string[] = [];
  private emptySelector = true;
  private noResources?: string;
  private fetch = false;
  private keepGoing = false;
  private sub?: string;
  private validateDocs?: boolean;
  private offline = false;
  private pageSize?: number;

  constructor(private readonly deps: BuilderDeps) {}

  /** The request namespace; `enforce`: it came from -n, so -f objects in another namespace are an error. */
  namespace(namespace: string, o: { enforce?: boolean } = {}): this {
    this.ns = { namespace, enforce: !!o.enforce };
    return this;
  }
  /** -f (repeatable, comma lists already split or not) and -R. */
  filenames(o: { filenames: string[]; recursive?: boolean }): this {
    this.files = o.filenames;
    this.recurse = !!o.recursive;
    return this;
  }
  /** -l */
  selector(s: string | undefined): this {
    this.labelSelector = s ?? '';
    return this;
  }
  fieldSelector(s: string | undefined): this {
    this.fieldSel = s ?? '';
    return this;
  }
  /** --all: every object of the named types */
  selectAllParam(all: boolean | undefined): this {
    this.selectAll = !!all;
    return this;
  }
  allNamespaces(all: boolean | undefined): this {
    this.allNs = !!all;
    return this;
  }
  /** TYPE, TYPE NAME..., TYPE/NAME..., TYPE1,TYPE2 [NAME...], categories */
  args(args: readonly string[]): this {
    this.resourceArgs = [...args];
    return this;
  }
  /**
   * kubectl's RequireObject-less form: a TYPE alone means all of its objects
   * (get, rollout). Pass false for commands where a TYPE alone needs -l,
   * --field-selector or --all (scale, set, wait); they also get
   * cli-runtime's longer "You must provide one or more resources" text.
   */
  allowEmptySelector(allow: boolean): this {
    this.emptySelector = allow;
    if (!allow) this.noResources ??= MISSING_RESOURCE_MESSAGE;
    return this;
  }
  /** The text when neither arguments nor -f were given. */
  noResourcesMessage(text: string): this {
    this.noResources = text;
    return this;
  }
  /** Latest() + Flatten(): GET every named object, LIST every type into one info per item. */
  latest(): this {
    this.fetch = true;
    return this;
  }
  /** Flatten() comes with latest() here: lists are always flattened into their items. */
  flatten(): this {
    return this;
  }
  /**
   * ContinueOnError(): a failed GET or LIST becomes a failure in its place
   * (without it, a failed LIST stops the command; a failed GET is still collected).
   */
  continueOnError(): this {
    this.keepGoing = true;
    return this;
  }
  /** GET this subresource of each named object (patch --subresource). */
  subresource(s: string | undefined): this {
    this.sub = s || undefined;
    return this;
  }
  /** Check -f documents as kubectl's client-side validation does. */
  validate(on: boolean): this {
    this.validateDocs = on;
    return this;
  }
  /** RequestChunksIfNeeded(--chunk-size): the page size of latest()'s lists (0: one unpaged request). */
  chunkSize(n: number): this {
    this.pageSize = n;
    return this;
  }
  /** Local(): -f objects as they are, without a server (--local). */
  local(on = true): this {
    this.offline = on;
    return this;
  }

  /** cli-runtime's singleItemImplied for what has been given so far. */
  async singleItemImplied(): Promise<boolean> {
    if (this.files.length > 0) {
      const f = this.files;
      if (f.length !== 1 || f[0]!.includes(',') || f[0] === '-' || /^https?:\/\//.test(f[0]!)) return false;
      const st = await stat(path.resolve(this.deps.ctx.cwd, f[0]!)).catch(() => undefined);
      return !st?.isDirectory();
    }
    if (this.labelSelector || this.fieldSel || this.selectAll) return false;
    const p = parseResourceArgs(this.resourceArgs, this.deps.ctx.binName);
    return p.tuples.length === 1 || (p.types.length === 1 && p.names.length === 1);
  }

  /** Resolves (and with latest(), fetches) everything; usage problems throw with kubectl's texts. */
  async do(): Promise<BuilderResult> {
    const items = this.offline ? await this.localItems() : await this.serverItems();
    return result(items, await this.singleItemImplied());
  }

  private async localItems(): Promise<BuilderItem[]> {
    const { readManifests } = await import('./manifests.js'); // -f only: YAML is not loaded otherwise
    const manifests = await readManifests(this.deps.ctx, { filenames: this.files, recursive: this.recurse });
    return manifests.map((m) => {
      const obj = m.object;
      const [group, version] = splitApiVersion(obj.apiVersion ?? '');
      const kind = obj.kind ?? '';
      // no discovery without a server: a mapping good enough to name and print the object
      const mapping: ResourceMapping = {
        group,
        version,
        kind,
        resource: kind.toLowerCase(),
        singular: kind.toLowerCase(),
        namespaced: true,
        verbs: [],
        shortNames: [],
        categories: [],
        subresources: [],
      };
      const info: ResourceInfo = {
        mapping,
        namespace: obj.metadata?.namespace ?? '',
        name: obj.metadata?.name ?? '',
        object: obj,
        source: m.source,
        docIndex: m.docIndex,
      };
      return { info };
    });
  }

  private async serverItems(): Promise<BuilderItem[]> {
    const clients = await this.deps.clients();
    const ns = this.ns ?? (await this.deps.defaultNamespace());
    const opts: ResolveOptions = {
      namespace: ns.namespace,
      enforceNamespace: ns.enforce,
      allNamespaces: this.allNs,
      selector: this.labelSelector,
      fieldSelector: this.fieldSel,
      all: this.selectAll,
      filenames: this.files,
      recursive: this.recurse,
      allowEmptySelector: this.emptySelector,
      noResourcesMessage: this.noResources,
      validate: this.validateDocs,
      ctx: this.deps.ctx,
      binName: this.deps.ctx.binName,
    };
    const { infos, errors, sequence } = await resolveResources(clients, this.resourceArgs, opts);
    const resolved: BuilderItem[] = (sequence ?? [...errors, ...infos]).map((x) =>
      x instanceof Error ? { error: x, builder: true } : { info: x },
    );
    if (!this.fetch) return resolved;
    const out: BuilderItem[] = [];
    for (const item of resolved) {
      if ('error' in item) out.push(item);
      else out.push(...(await this.fetchLatest(clients, item.info)));
    }
    return out;
  }

  /** One info read again from the server: its object, or a list's items. */
  private async fetchLatest(clients: Clients, info: ResourceInfo): Promise<BuilderItem[]> {
    const m = info.mapping;
    const namespace = info.namespace || undefined;
    if (info.name !== '') {
      try {
        const object = await clients.rest.getJson<KubeObject>(resourcePath(m, { namespace, name: info.name, subresource: this.sub }));
        // -f input: the object as the manifest gave it, namespace filled in (label/patch compare against it)
        const manifest =
          info.object && m.namespaced ? { ...info.object, metadata: { ...info.object.metadata, namespace: info.namespace } } : info.object;
        return [{ info: { ...info, object, manifest } }];
      } catch (error) {
        return [{ error: await missingNamespace(clients, error, info.namespace) }];
      }
    }
    if (this.files.length > 0 && this.keepGoing) return [{ error: new KtlError('resource name may not be empty') }];
    const query: Record<string, string> = {};
    if (this.labelSelector) query.labelSelector = this.labelSelector;
    if (this.fieldSel) query.fieldSelector = this.fieldSel;
    try {
      const list = await clients.rest.list<KubeObject>(resourcePath(m, { namespace }), { query, limit: this.pageSize });
      // list items come without their type; the builder's unstructured lists fill it in
      const apiVersion = apiVersionOf(m);
      return list.items.map((item) => ({
        info: { mapping: m, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '', object: { apiVersion, kind: m.kind, ...item } },
      }));
    } catch (err) {
      const error = listError(err, m, this.labelSelector, this.fieldSel);
      if (!this.keepGoing) throw error;
      return [{ error }];
    }
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

/** A BuilderResult over items already found (tests and commands with their own input use it too). */
export function result(items: BuilderItem[], singleItemImplied: boolean): BuilderResult {
  const infos = items.flatMap((i) => ('info' in i ? [i.info] : []));
  const input = items.flatMap((i) => ('error' in i && i.builder ? [i.error] : []));
  const errors = [...input, ...items.flatMap((i) => ('error' in i && !i.builder ? [i.error] : []))];
  return {
    infos,
    errors,
    items,
    singleItemImplied,
    async visit(fn, o = {}) {
      const order = o.errors ?? 'in-place';
      const builder: unknown[] = [];
      const failures: unknown[] = [];
      for (const item of items) {
        if ('error' in item) {
          const moved = order === 'first' || order === 'last' || (order === 'input-last' && item.builder);
          (moved ? builder : failures).push(item.error);
          continue;
        }
        try {
          await fn(item.info);
        } catch (err) {
          failures.push(err);
        }
      }
      if (order === 'first') return [...builder, ...failures];
      if (order === 'input-last' && builder.length > 1) return [...failures, new InputErrors(builder)];
      return [...failures, ...builder];
    },
  };
}
