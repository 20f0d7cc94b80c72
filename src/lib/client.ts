/**
 * The connected client behind `connect()`: each method runs the same modules
 * as the CLI command of that name (builder-style type resolution, the apply
 * engine, the scaler, rollout status viewers, wait conditions, printers) and
 * returns objects instead of printing.
 */
import { isRecord, pathAt } from '../codec/value.js';
import type { Clients, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { RestConfig } from '../config/types.js';
import type { Context } from '../context.js';
import { ApiError, ConnectionError, KtlError, TimeoutError, messageOf, errnoCode } from '../errors.js';
import type { OpenApiV3Client } from '../apply/openapi.js';
import { abortableSleep, deadline, watchUntil, WaitTimeoutError, type SyncEventType } from '../wait/watch-until.js';
import { MultipleErrors, typedError } from './errors.js';
import { formatObjects, type TableSource } from './format.js';
import { parseDuration } from './duration.js';
import type {
  ApplyOptions,
  ApplyResult,
  DeleteOptions,
  FormatOptions,
  KubeObject,
  ListOptions,
  NamespaceOption,
  ObjectRef,
  OutputFormat,
  ResourceType,
  RolloutStatus,
  RolloutStatusOptions,
  ScaleOptions,
  WaitCondition,
  WatchEvent,
  WatchOptions,
  WaitOptions,
} from './types.js';

/** One object a call is about. */
interface Target {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
}

const apiVersionOf = (m: ResourceMapping) => (m.group ? `${m.group}/${m.version}` : m.version);
const refOf = (m: ResourceMapping, name: string) => `${m.kind.toLowerCase()}${m.group ? `.${m.group}` : ''}/${name}`;

/** Runs fn and rethrows its failure typed. */
async function typed<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw typedError(err);
  }
}

export class KubeClient {
  private openapi?: OpenApiV3Client;

  /** @internal use connect() */
  constructor(
    private readonly ctx: Context,
    private readonly config: RestConfig,
    private readonly clients: Clients,
  ) {}

  /** The default namespace of this connection (the option, else the context's, else "default"). */
  get namespace(): string {
    return this.config.namespace;
  }

  /** The kubeconfig context in use ('' when none). */
  get context(): string {
    return this.config.contextName;
  }

  /** The API server's URL. */
  get server(): string {
    return this.config.cluster.server;
  }

  /** Closes the connections kept alive; the client can no longer be used afterwards. */
  close(): void {
    this.clients.close();
  }

  // -- naming objects --------------------------------------------------------

  private async mappingOf(type: ResourceType): Promise<ResourceMapping> {
    if (typeof type !== 'string' || type === '') throw new KtlError('a resource type is required');
    return this.clients.resolve(type);
  }

  private async mappingForObject(obj: KubeObject): Promise<ResourceMapping> {
    const { apiVersion, kind } = obj;
    if (!apiVersion || !kind) throw new KtlError('the object needs apiVersion and kind');
    let m = (await this.clients.mapper()).forKind(apiVersion, kind);
    m ??= (await this.clients.mapper({ fresh: true })).forKind(apiVersion, kind);
    if (!m) throw new KtlError(`no matches for kind "${kind}" in version "${apiVersion}"`);
    return m;
  }

  private scope(m: ResourceMapping, ns: string | undefined): string {
    return m.namespaced ? ns || this.config.namespace : '';
  }

  /** (TYPE, NAME), ("TYPE/NAME") or (object) -> what to address. */
  private async target(ref: ObjectRef | ResourceType, name: string | undefined, o: NamespaceOption = {}): Promise<Target> {
    if (typeof ref === 'object' && ref !== null) {
      const mapping = await this.mappingForObject(ref);
      const objName = ref.metadata?.name;
      if (!objName) throw new KtlError('the object needs metadata.name');
      return { mapping, namespace: this.scope(mapping, o.namespace || ref.metadata?.namespace), name: objName };
    }
    let type = ref;
    if (name === undefined) {
      const slash = ref.indexOf('/');
      if (slash <= 0 || slash === ref.length - 1) {
        throw new KtlError(`expected "TYPE/NAME" or a type and a name, got "${ref}"`);
      }
      type = ref.slice(0, slash);
      name = ref.slice(slash + 1);
    }
    if (!name) throw new KtlError('a resource name is required');
    const mapping = await this.mappingOf(type);
    return { mapping, namespace: this.scope(mapping, o.namespace), name };
  }

  private objectPath(t: Target, subresource?: string): string {
    return resourcePath(t.mapping, { namespace: t.namespace || undefined, name: t.name, subresource });
  }

  private collectionPath(t: Pick<Target, 'mapping' | 'namespace'>): string {
    return resourcePath(t.mapping, { namespace: t.namespace || undefined });
  }

  // -- reading ---------------------------------------------------------------

  /** One object: `get('deployment', 'web')`, `get('deploy/web')`, `get(obj)`. */
  get<T = KubeObject>(ref: ObjectRef, opts?: NamespaceOption): Promise<T>;
  get<T = KubeObject>(type: ResourceType, name: string, opts?: NamespaceOption): Promise<T>;
  get<T = KubeObject>(ref: ObjectRef, nameOrOpts?: string | NamespaceOption, maybeOpts?: NamespaceOption): Promise<T> {
    const [name, o] = typeof nameOrOpts === 'string' ? [nameOrOpts, maybeOpts] : [undefined, nameOrOpts];
    return typed(async () => {
      const t = await this.target(ref, name, o);
      const obj = await this.clients.rest.getJson<T>(this.objectPath(t));
      return withType(t.mapping, obj);
    });
  }

  /** Every object of a type (in the namespace, or all of them), each with apiVersion and kind. */
  list<T = KubeObject>(type: ResourceType, o: ListOptions = {}): Promise<T[]> {
    return typed(async () => {
      const mapping = await this.mappingOf(type);
      const namespace = o.allNamespaces ? '' : this.scope(mapping, o.namespace);
      const list = await this.clients.rest.list<T>(this.collectionPath({ mapping, namespace }), {
        query: selectorQuery(o),
        limit: o.chunkSize ?? 500,
      });
      return list.items.map((i) => withType(mapping, i));
    });
  }

  /**
   * Events for a type (or one object with `name`), as an async iterator:
   * `for await (const ev of k.watch('pods')) ...`. Breaking out of the loop
   * or aborting `signal` closes the connection. A stream the server ends is
   * resumed from the last resourceVersion seen; an ERROR event is thrown
   * (GoneError when the resourceVersion is too old: list again).
   */
  watch<T = KubeObject>(type: ResourceType, o: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    const self = this;
    return {
      [Symbol.asyncIterator]: () => self.watchEvents<T>(type, o)[Symbol.asyncIterator](),
    };
  }

  private async *watchEvents<T>(type: ResourceType, o: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    let mapping: ResourceMapping;
    try {
      mapping = await this.mappingOf(type);
    } catch (err) {
      throw typedError(err);
    }
    const namespace = o.allNamespaces ? '' : this.scope(mapping, o.namespace);
    const path = this.collectionPath({ mapping, namespace });
    const query: Record<string, string> = selectorQuery(o);
    if (o.name) query.fieldSelector = [`metadata.name=${o.name}`, o.fieldSelector].filter(Boolean).join(',');
    query.allowWatchBookmarks = 'true';
    let rv = o.resourceVersion;
    let failures = 0;
    for (;;) {
      if (o.signal?.aborted) return;
      let sawEnd = false;
      let sawEvent = false;
      try {
        for await (const ev of untilAborted(this.clients.rest.watch<T>(path, { query, resourceVersion: rv, signal: o.signal }), o.signal)) {
          if (ev.type === 'ERROR') {
            const st = ev.object;
            throw typedError(new ApiError(st.code ?? 500, st, 'GET', path));
          }
          sawEvent = true;
          failures = 0;
          const obj = ev.object;
          const next = pathAt(obj, 'metadata', 'resourceVersion');
          if (typeof next === 'string' && next) rv = next;
          if (ev.type === 'BOOKMARK') {
            if (o.bookmarks) yield { type: 'BOOKMARK', object: obj };
            if (o.signal?.aborted) return;
            continue;
          }
          yield { type: ev.type, object: withType(mapping, obj) };
          if (o.signal?.aborted) return;
        }
        sawEnd = true;
      } catch (err) {
        if (o.signal?.aborted) return;
        // a dropped connection or a restarting server: resumed from the last
        // resourceVersion, as kubectl's watches are; given up after 6 failed tries in a row
        if (!isTransient(err) || ++failures > 6) throw typedError(err);
      }
      // the server ended the stream (its timeout) or it broke: go on from the
      // last resourceVersion; none yet means nothing was sent, so starting over is exact
      if (!sawEnd || !sawEvent) await abortableSleep(Math.min(200 * 2 ** failures, 30_000), o.signal);
    }
  }

  // -- writing ---------------------------------------------------------------

  /**
   * kubectl apply for objects or a YAML/JSON text (several documents, List
   * kinds): client-side (three-way strategic merge patch with the
   * last-applied annotation, JSON merge patch for custom resources) or
   * server-side. Results in input order. One failure is thrown as itself,
   * several as MultipleErrors (the other objects were applied).
   */
  apply<T = KubeObject>(input: KubeObject | KubeObject[] | string, o: ApplyOptions = {}): Promise<Array<ApplyResult<T>>> {
    return typed(async () => {
      const { parseManifestItems } = await import('../resource/manifests.js');
      const { Applier } = await import('../apply/client-side.js');
      const { OpenApiV3Client } = await import('../apply/openapi.js');
      const { applyBatch } = await import('../apply/batch.js');
      const source = o.source ?? '';
      const manifests =
        typeof input === 'string'
          ? parseManifestItems(input, source, { validate: o.validate !== 'Ignore' })
          : (Array.isArray(input) ? input : [input]).map((object, docIndex) => {
              if (object === null || typeof object !== 'object' || Array.isArray(object)) {
                throw new KtlError(`object ${docIndex} is not an object`);
              }
              return { object: structuredClone(object), source, docIndex };
            });
      if (manifests.length === 0) throw new KtlError('no objects passed to apply');
      const serverSide = !!o.serverSide;
      const dryRun = o.dryRun ?? 'none';
      this.openapi ??= new OpenApiV3Client(this.clients.transport, this.config.cacheDir);
      const applier = new Applier(this.clients, this.openapi, {
        dryRun,
        fieldManager: o.fieldManager ?? (serverSide ? 'kubectl' : 'kubectl-client-side-apply'),
        fieldValidation: o.validate ?? 'Strict',
        serverSide,
        forceConflicts: !!o.forceConflicts,
        force: false,
        gracePeriod: -1,
        cascade: 'background',
        timeoutMs: 0,
        binName: this.ctx.binName,
      });
      const explicitNs = !!o.namespace;
      const results: Array<ApplyResult<T>> = [];
      const failures: unknown[] = [];
      const { builderErrors } = await applyBatch(
        this.clients,
        applier,
        manifests,
        {
          namespace: o.namespace || this.config.namespace,
          namespaceFromFlag: explicitNs,
          concurrency: Math.max(1, o.concurrency ?? 8),
        },
        async (_i, out) => {
          if ('error' in out) {
            failures.push(typedError(out.error));
            return;
          }
          results.push({
            ref: refOf(out.target.mapping, out.target.name),
            operation: out.result.operation,
            object: out.result.object as T,
            warnings: out.result.warnings.map((w) => w.replace(/^Warning: /, '').replace(/\n$/, '')),
          });
        },
      );
      const errors = [...builderErrors.map(typedError), ...failures];
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new MultipleErrors(errors);
      return results;
    });
  }

  /**
   * Deletes one object and, unless `wait: false`, waits until it is gone
   * (kubectl's default). Returns what the server answered (the object with
   * its deletionTimestamp, or a Status).
   */
  delete(ref: ObjectRef, opts?: DeleteOptions): Promise<KubeObject | undefined>;
  delete(type: ResourceType, name: string, opts?: DeleteOptions): Promise<KubeObject | undefined>;
  delete(ref: ObjectRef, nameOrOpts?: string | DeleteOptions, maybeOpts?: DeleteOptions): Promise<KubeObject | undefined> {
    const [name, o = {}] = typeof nameOrOpts === 'string' ? [nameOrOpts, maybeOpts] : [undefined, nameOrOpts];
    return typed(async () => {
      const t = await this.target(ref, name, o);
      const body: Record<string, unknown> = { propagationPolicy: o.propagationPolicy ?? 'Background' };
      if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
      if (o.dryRun === 'server') body.dryRun = ['All'];
      let res: KubeObject & { details?: { uid?: string } };
      try {
        res = await this.clients.rest.delete(this.objectPath(t), JSON.stringify(body));
      } catch (err) {
        if (o.ignoreNotFound && err instanceof ApiError && err.statusCode === 404) return undefined;
        throw err;
      }
      if (o.wait !== false && o.dryRun !== 'server') {
        const uid = res.kind === 'Status' ? res.details?.uid : res.metadata?.uid;
        await this.waitGone(t, uid, parseDuration(o.timeout, 0));
      }
      return res;
    });
  }

  private async waitGone(t: Target, uid: string | undefined, timeoutMs: number): Promise<void> {
    const limit = deadline(timeoutMs);
    try {
      await watchUntil(
        this.clients.rest,
        this.collectionPath(t),
        t.name,
        (type, obj) => type === 'DELETED' || (!!uid && obj.metadata?.uid !== uid),
        { signal: limit.signal, onMissing: () => true },
      );
    } catch (err) {
      if (err instanceof WaitTimeoutError) throw new TimeoutError(`timed out waiting for the condition on ${t.mapping.resource}/${t.name}`);
      throw err;
    } finally {
      limit.cancel();
    }
  }

  /**
   * Sets the replicas through the scale subresource (as kubectl scale, with
   * its preconditions); returns the Scale object the server now holds.
   */
  scale(ref: ObjectRef, replicas: number, opts?: ScaleOptions): Promise<KubeObject>;
  scale(type: ResourceType, name: string, replicas: number, opts?: ScaleOptions): Promise<KubeObject>;
  scale(ref: ObjectRef, a: string | number, b?: number | ScaleOptions, c?: ScaleOptions): Promise<KubeObject> {
    const [name, replicas, o = {}] = typeof a === 'string' ? [a, typeof b === 'number' ? b : NaN, c] : [undefined, a, typeof b === 'number' ? undefined : b];
    return typed(async () => {
      if (!Number.isInteger(replicas) || replicas < 0) throw new KtlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      const t = await this.target(ref, name, o);
      const { scaleOne } = await import('../rollout/scale.js');
      const path = this.objectPath(t, 'scale');
      await scaleOne(this.clients.rest, path, {
        replicas,
        currentReplicas: o.currentReplicas ?? -1,
        resourceVersion: o.resourceVersion ?? '',
        serverDryRun: o.dryRun === 'server',
      });
      return this.clients.rest.getJson<KubeObject>(path);
    });
  }

  // -- waiting ---------------------------------------------------------------

  /**
   * kubectl rollout status for a Deployment, DaemonSet or StatefulSet:
   * watches until the rollout is complete (or once, with `watch: false`).
   * Throws on a progress deadline, a deleted object, or `timeout`.
   */
  rolloutStatus(ref: ObjectRef, opts?: RolloutStatusOptions): Promise<RolloutStatus>;
  rolloutStatus(type: ResourceType, name: string, opts?: RolloutStatusOptions): Promise<RolloutStatus>;
  rolloutStatus(ref: ObjectRef, nameOrOpts?: string | RolloutStatusOptions, maybeOpts?: RolloutStatusOptions): Promise<RolloutStatus> {
    const [name, o = {}] = typeof nameOrOpts === 'string' ? [nameOrOpts, maybeOpts] : [undefined, nameOrOpts];
    return typed(async () => {
      const t = await this.target(ref, name, o);
      const { rolloutStatus, hasStatusViewer } = await import('../rollout/status.js');
      const { noStatusViewer } = await import('../rollout/kinds.js');
      const { group, kind } = t.mapping;
      if (!hasStatusViewer(group, kind)) throw noStatusViewer(group, kind);
      const revision = o.revision ?? 0;
      if (!Number.isInteger(revision) || revision < 0) throw new KtlError(`revision must be a positive integer: ${revision}`);
      let last: RolloutStatus | undefined;
      const limit = deadline(parseDuration(o.timeout, 0));
      try {
        await watchUntil(
          this.clients.rest,
          this.collectionPath(t),
          t.name,
          (type, obj) => {
            if (type === 'DELETED') throw new KtlError('object has been deleted');
            const st = rolloutStatus(group, kind, obj, revision);
            const status = { message: st.message.replace(/\n$/, ''), done: st.done };
            if (!last || last.message !== status.message) o.onProgress?.(status);
            last = status;
            return st.done || o.watch === false;
          },
          {
            signal: limit.signal,
            onMissing: () => {
              throw new ApiError(404, {
                kind: 'Status',
                apiVersion: 'v1',
                status: 'Failure',
                message: `${t.mapping.group ? `${t.mapping.resource}.${t.mapping.group}` : t.mapping.resource} "${t.name}" not found`,
                reason: 'NotFound',
                details: { name: t.name, group: t.mapping.group, kind: t.mapping.resource },
                code: 404,
              });
            },
          },
        );
      } finally {
        limit.cancel();
      }
      return last!;
    });
  }

  /**
   * kubectl wait for one object: until the condition holds (returns the
   * object as last seen), until it is deleted (returns undefined), or until
   * it exists ("create"). Throws TimeoutError after `timeout` (default 30s).
   */
  waitFor(ref: ObjectRef, condition: WaitCondition, opts?: WaitOptions): Promise<KubeObject | undefined>;
  waitFor(type: ResourceType, name: string, condition: WaitCondition, opts?: WaitOptions): Promise<KubeObject | undefined>;
  waitFor(ref: ObjectRef, a: string | WaitCondition, b?: WaitCondition | WaitOptions, c?: WaitOptions): Promise<KubeObject | undefined> {
    const named = typeof ref === 'string' && !ref.includes('/');
    const [name, cond, o = {}] = named
      ? [typeof a === 'string' ? a : undefined, typeof b === 'string' || typeof b === 'function' ? b : undefined, c]
      : [undefined, a, typeof b === 'object' ? b : undefined];
    return typed(async () => {
      const met = await this.conditionFn(cond);
      const t = await this.target(ref, name, o);
      const timeoutMs = parseDuration(o.timeout, 30_000);
      let final: KubeObject | undefined;
      const check = (type: SyncEventType, obj: KubeObject): boolean => {
        final = type === 'DELETED' ? undefined : withType(t.mapping, obj);
        if (met.kind === 'delete') return type === 'DELETED';
        if (type === 'DELETED') return false;
        return met.kind === 'create' || met.test(final!);
      };
      if (timeoutMs === 0) {
        // as kubectl --timeout=0: look once
        let obj: KubeObject | undefined;
        try {
          obj = await this.clients.rest.getJson<KubeObject>(this.objectPath(t));
        } catch (err) {
          if (!(met.kind === 'delete' && err instanceof ApiError && err.statusCode === 404)) throw err;
        }
        if (obj === undefined ? met.kind === 'delete' : check('ADDED', obj)) return final;
        throw new TimeoutError(`condition not met for ${t.mapping.resource}/${t.name}`);
      }
      const limit = deadline(timeoutMs);
      try {
        await watchUntil(this.clients.rest, this.collectionPath(t), t.name, check, {
          signal: limit.signal,
          onMissing: () => met.kind === 'delete',
        });
      } catch (err) {
        if (err instanceof WaitTimeoutError) throw new TimeoutError(`timed out waiting for the condition on ${t.mapping.resource}/${t.name}`);
        throw err;
      } finally {
        limit.cancel();
      }
      return final;
    });
  }

  private async conditionFn(
    cond: WaitCondition | undefined,
  ): Promise<{ kind: 'delete' } | { kind: 'create' } | { kind: 'test'; test: (o: KubeObject) => boolean }> {
    if (typeof cond === 'function') return { kind: 'test', test: cond };
    if (typeof cond !== 'string') throw new KtlError('a wait condition is required');
    const { parseWaitFor, conditionMet, jsonPathMet } = await import('../wait/conditions.js');
    const w = parseWaitFor(cond);
    if (w.kind === 'delete' || w.kind === 'create') return w;
    if (w.kind === 'condition') return { kind: 'test', test: (obj) => conditionMet(obj, w.name, w.value) };
    return { kind: 'test', test: (obj) => jsonPathMet(obj, w) };
  }

  // -- printing --------------------------------------------------------------

  /**
   * The objects as `ktl get -o FORMAT` prints them: one object as itself,
   * an array as get prints a list. "table" and "wide" ask the server for
   * its table rows of these objects (so they show the objects as they are
   * now; objects gone from the server are left out).
   */
  format(objects: KubeObject | KubeObject[], format: OutputFormat, opts: FormatOptions = {}): Promise<string> {
    return typed(() => formatObjects(objects, format, opts, { cwd: this.ctx.cwd, now: this.ctx.now, tables: this.tableSource() }));
  }

  private tableSource(): TableSource {
    return {
      mapping: (obj) => this.mappingForObject(obj),
      fetch: async (mapping, namespace, names, accept) => {
        const path = this.collectionPath({ mapping, namespace });
        if (names.length === 1) {
          return [await this.clients.rest.getJson(this.objectPath({ mapping, namespace, name: names[0]! }), { accept })];
        }
        const pages = [];
        for await (const page of this.clients.rest.listPages(path, { accept })) pages.push(page);
        return pages;
      },
    };
  }
}

/**
 * The events of a stream until the signal aborts, even when the stream
 * would not settle after its socket is destroyed.
 */
async function* untilAborted<T>(source: AsyncGenerator<T>, signal?: AbortSignal): AsyncGenerator<T> {
  if (!signal) return yield* source;
  let onAbort = () => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([source.next(), aborted]);
      if (next === 'aborted' || next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    void source.return(undefined).catch(() => {});
  }
}

/** Errors worth retrying a watch for: the connection, or a server that is restarting. */
function isTransient(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  if (err instanceof ApiError) return err.statusCode === 429 || err.statusCode >= 500;
  const code = errnoCode(err) ?? '';
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) || /aborted|socket hang up/i.test(messageOf(err));
}

function selectorQuery(o: { labelSelector?: string; fieldSelector?: string }): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.labelSelector) q.labelSelector = o.labelSelector;
  if (o.fieldSelector) q.fieldSelector = o.fieldSelector;
  return q;
}

/** List items and watch events may come without their type: fill it in from the mapping. */
function withType<T>(m: ResourceMapping, obj: T): T {
  if (!isRecord(obj) || (obj.apiVersion && obj.kind)) return obj;
  return { apiVersion: apiVersionOf(m), kind: m.kind, ...obj };
}
