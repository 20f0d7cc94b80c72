/**
 * REST verbs over the transport: JSON get/create/update/patch/delete, paged
 * lists with continue tokens, and watch streams. Paths come from
 * resourcePath(); nothing here knows about printing.
 */
import { ApiError, type ApiStatus } from '../errors.js';
import { checkNameSegment, checkNamespaceSegment, checkSubresourceSegment, escapePathSegment } from './path-segment.js';
import { parseJsonBody, type Query, type RequestSpec, type StreamResponse, type Transport } from './transport.js';
import { LineSplitter, withoutManagedFields } from './watch-lines.js';

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ObjectList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** One watch event: the object, or a Status for ERROR events (narrowed by `type`). */
export type WatchEvent<T = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: ApiStatus & KubeObject };

export interface ListOptions {
  query?: Query;
  /** page size (default 500, kubectl's --chunk-size); 0 = one unpaged request */
  limit?: number;
  accept?: string;
  signal?: AbortSignal;
}

export const DEFAULT_CHUNK_SIZE = 500;

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/**
 * /api/v1/namespaces/ns/pods/name/log or /apis/apps/v1/deployments. Throws
 * kubectl's "invalid resource name" / "invalid namespace" errors for segments
 * that would address another path (see path-segment.ts).
 */
export function resourcePath(
  gvr: { group: string; version: string; resource: string },
  opts: { namespace?: string; name?: string; subresource?: string } = {},
): string {
  // every name, namespace and subresource is checked here, before it becomes a path
  if (opts.namespace) checkNamespaceSegment(opts.namespace);
  if (opts.name !== undefined) checkNameSegment(opts.name);
  if (opts.subresource) for (const s of opts.subresource.split('/')) checkSubresourceSegment(s);
  const parts = [gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`];
  if (opts.namespace) parts.push('namespaces', escapePathSegment(opts.namespace));
  parts.push(gvr.resource);
  if (opts.name !== undefined) parts.push(escapePathSegment(opts.name));
  if (opts.subresource) parts.push(opts.subresource);
  return parts.join('/');
}

export class RestClient {
  constructor(readonly transport: Transport) {}

  async getJson<T = KubeObject>(path: string, spec: Partial<RequestSpec> = {}): Promise<T> {
    const res = await this.transport.request({ ...spec, path, method: 'GET' });
    return res.json<T>();
  }

  async create<T = KubeObject>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.send<T>('POST', path, body, 'application/json', query);
  }

  async update<T = KubeObject>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.send<T>('PUT', path, body, 'application/json', query);
  }

  async patch<T = KubeObject>(path: string, type: PatchType, body: unknown, query?: Query): Promise<T> {
    return this.send<T>('PATCH', path, body, PATCH_CONTENT_TYPES[type], query);
  }

  async delete<T = KubeObject>(path: string, body?: unknown, query?: Query): Promise<T> {
    return this.send<T>('DELETE', path, body, 'application/json', query);
  }

  private async send<T>(method: string, path: string, body: unknown, contentType: string, query?: Query): Promise<T> {
    const res = await this.transport.request({
      method,
      path,
      query,
      contentType: body === undefined ? undefined : contentType,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return res.text() ? res.json<T>() : ({} as T);
  }

  /**
   * Lists page by page (limit + continue), yielding each page as it arrives so
   * callers can print before the whole list is in. The next page is asked for
   * before a page is handed over, so the server prepares it while the caller
   * works on this one (the same requests, in the same order); a caller that
   * stops early has that request aborted, and its failure, if any, is seen
   * only by a caller that asks for the page.
   */
  async *listPages<T = KubeObject>(path: string, opts: ListOptions = {}): AsyncGenerator<ObjectList<T>> {
    const limit = opts.limit ?? DEFAULT_CHUNK_SIZE;
    const stop = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    const fetchPage = async (token: string | undefined): Promise<ObjectList<T>> => {
      const query: Query = { ...(opts.query ?? {}) };
      if (limit > 0) query.limit = limit;
      if (token) query.continue = token;
      const page = await this.getJson<ObjectList<T>>(path, { query, accept: opts.accept, signal });
      page.metadata ??= {};
      page.items ??= [];
      return page;
    };
    let next: Promise<ObjectList<T>> | undefined = fetchPage(undefined);
    try {
      while (next) {
        const page: ObjectList<T> = await next;
        const token = limit > 0 ? page.metadata.continue || undefined : undefined;
        next = token === undefined ? undefined : fetchPage(token);
        if (next) {
          // handled where it is awaited; a caller that stops early never asks
          next.catch(() => undefined);
          // one turn of the event loop: the request leaves before the caller's work on this page
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        yield page;
      }
    } finally {
      if (next) stop.abort();
    }
  }

  /** All pages merged into one list (metadata from the last page, continue cleared). */
  async list<T = KubeObject>(path: string, opts: ListOptions = {}): Promise<ObjectList<T>> {
    let out: ObjectList<T> | undefined;
    for await (const page of this.listPages<T>(path, opts)) {
      if (!out) out = { ...page, items: [...page.items] };
      else {
        out.items.push(...page.items);
        out.metadata = page.metadata;
      }
    }
    out!.metadata = { ...out!.metadata };
    delete out!.metadata.continue;
    delete out!.metadata.remainingItemCount;
    return out!;
  }

  /** Opens any request as a stream (logs, raw downloads). */
  stream(spec: RequestSpec): Promise<StreamResponse> {
    return this.transport.stream(spec);
  }

  /**
   * Watches a collection: yields events until the server ends the stream or
   * the signal aborts. ERROR events are yielded, not thrown, so callers can
   * relist on 410 Gone.
   */
  async *watch<T = KubeObject>(path: string, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    for await (const batch of this.watchBatches<T>(path, opts)) yield* batch;
  }

  /**
   * The events of a watch as they arrive: each batch holds the events that
   * ended in one read from the connection (one, unless the server sent
   * several at once), so a caller can print a burst with one write.
   */
  async *watchBatches<T = KubeObject>(path: string, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>[]> {
    const query: Query = { ...(opts.query ?? {}), watch: 'true' };
    if (opts.resourceVersion) query.resourceVersion = opts.resourceVersion;
    const started = Date.now();
    const res = await this.transport.stream({ path, query, accept: opts.accept, signal: opts.signal, timeoutMs: 0 });
    const onAbort = () => res.close();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // client-go's http.Client.Timeout (--request-timeout) bounds the whole
    // request, body included: the stream is cut, the stream watcher logs it at
    // -v=5 and the watch ends as if the server had ended it
    let timedOut = false;
    const limit = opts.timeoutMs ?? 0;
    const timer =
      limit > 0
        ? setTimeout(
            () => {
              timedOut = true;
              res.close();
            },
            Math.max(0, limit - (Date.now() - started)),
          )
        : undefined;
    const parse = (line: string): WatchEvent<T> => {
      if (opts.dropManagedFields) {
        const short = withoutManagedFields(line);
        if (short !== line) {
          try {
            return JSON.parse(short) as WatchEvent<T>;
          } catch {
            // the whole line's error, in Go's words, below
          }
        }
      }
      return parseJsonBody<WatchEvent<T>>(line);
    };
    try {
      const lines = new LineSplitter();
      for await (const chunk of res.body as AsyncIterable<Buffer | string>) {
        if (timedOut) break;
        const batch: WatchEvent<T>[] = [];
        for (const line of lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
          if (!line.trim()) continue;
          try {
            batch.push(parse(line));
          } catch (err) {
            // the events before a line that does not parse are still the caller's
            if (batch.length > 0) yield batch;
            throw err;
          }
        }
        if (batch.length > 0) yield batch;
      }
      const last = timedOut ? undefined : lines.end();
      if (last?.trim()) yield [parse(last)];
    } catch (err) {
      if (!opts.signal?.aborted && !timedOut) throw err;
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      res.close();
    }
    if (timedOut && !opts.signal?.aborted) {
      this.transport.klog.info(5, 'streamwatcher.go:123', 'Unable to decode an event from the watch stream', [
        ['err', 'net/http: request canceled (Client.Timeout or context cancellation while reading body)'],
      ]);
    }
  }
}

export interface WatchOptions {
  query?: Query;
  resourceVersion?: string;
  signal?: AbortSignal;
  accept?: string;
  /**
   * the caller reads server-side Tables and never a row object's managed
   * fields: they are cut from each event's text before it is parsed
   */
  dropManagedFields?: boolean;
  /** --request-timeout: the watch ends (quietly, logged at -v=5) this many ms after it was asked for; 0 or absent: no limit */
  timeoutMs?: number;
}

/** apimachinery's IsNotFound: the NotFound reason, or a 404 without a reason of its own. */
export function isNotFound(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.reason === 'NotFound' || (err.statusCode === 404 && err.reason === ''));
}

/**
 * cli-runtime's Info.Get: when a named object is not found in a namespace
 * (other than `default`), kubectl asks whether the namespace exists and
 * reports `namespaces "X" not found` instead when it does not. Returns the
 * error to report.
 */
export async function notFoundCause(rest: RestClient, err: unknown, namespace: string | undefined): Promise<unknown> {
  if (!isNotFound(err) || !namespace || namespace === 'default') return err;
  try {
    await rest.getJson(`/api/v1/namespaces/${escapePathSegment(namespace)}`);
  } catch (nsErr) {
    if (isNotFound(nsErr)) return nsErr;
  }
  return err;
}

/** getJson of a named object, its failure reported as notFoundCause says. */
export async function getNamed<T>(rest: RestClient, path: string, namespace: string | undefined, opts?: Parameters<RestClient['getJson']>[1]): Promise<T> {
  try {
    return await rest.getJson<T>(path, opts);
  } catch (err) {
    throw await notFoundCause(rest, err, namespace);
  }
}
