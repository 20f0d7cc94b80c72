/**
 * Watch one named object until a condition holds, the way client-go's
 * UntilWithSync does for kubectl: list it (fieldSelector metadata.name=NAME,
 * resourceVersion=0), then watch from the list's resourceVersion. A watch
 * that ends (server timeout, dropped connection) is resumed from the last
 * resourceVersion seen; 410 Gone or a failed resume triggers a fresh list,
 * and unreachable servers are retried with backoff until the deadline.
 */
import { ApiError, ConnectionError, TimeoutError, messageOf, errnoCode } from '../errors.js';
import type { KubeObject, RestClient } from '../client/rest.js';
import { isKubeObject } from '../resource/types.js';

export type SyncEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Returns true when the wait is over. May throw to end it with an error. */
export type SyncHandler = (type: SyncEventType, obj: KubeObject) => boolean | Promise<boolean>;

export interface WatchUntilOptions {
  /** aborted when the caller's timeout expires */
  signal?: AbortSignal;
  /** first and longest pause between failed attempts, ms */
  backoffMs?: [number, number];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** a list found no such object (and none was known): return true to end the wait */
  onMissing?: () => boolean;
  /** called after each list/watch request is opened (tests count these) */
  onRequest?: (kind: 'list' | 'watch') => void;
}

/** "timed out waiting for the condition": wait.ErrWaitTimeout's text. */
export class WaitTimeoutError extends TimeoutError {
  constructor(message = 'timed out waiting for the condition') {
    super(message);
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const isGone = (err: unknown) => err instanceof ApiError && (err.statusCode === 410 || err.reason === 'Expired' || err.reason === 'Gone');

/** Errors worth retrying: the connection, or a server that is restarting. */
export function isTransientWatchError(err: unknown): boolean {
  return isTransient(err);
}

function isTransient(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  if (err instanceof ApiError) return err.statusCode === 429 || err.statusCode >= 500;
  const code = errnoCode(err) ?? '';
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) || /aborted|socket hang up/i.test(messageOf(err));
}

/**
 * Delivers ADDED/MODIFIED/DELETED for the named object to `handler` until it
 * returns true. Throws WaitTimeoutError when the signal aborts first.
 */
export async function watchUntil(
  rest: RestClient,
  collectionPath: string,
  name: string,
  handler: SyncHandler,
  opts: WatchUntilOptions = {},
): Promise<void> {
  const { signal } = opts;
  const sleep = opts.sleep ?? abortableSleep;
  const [minBackoff, maxBackoff] = opts.backoffMs ?? [800, 30_000];
  const fieldSelector = `metadata.name=${name}`;
  let known: KubeObject | undefined;
  let rv: string | undefined;
  let needList = true;
  let backoff = minBackoff;
  const timedOut = () => new WaitTimeoutError();

  const deliver = async (type: SyncEventType, obj: KubeObject): Promise<boolean> => handler(type, obj);

  for (;;) {
    if (signal?.aborted) throw timedOut();
    try {
      if (needList) {
        opts.onRequest?.('list');
        const list = await rest.getJson<{ metadata?: { resourceVersion?: string }; items?: KubeObject[] }>(collectionPath, {
          query: { fieldSelector, limit: 500, resourceVersion: '0' },
          signal,
        });
        const item = (list.items ?? []).find((o) => o.metadata?.name === name);
        rv = list.metadata?.resourceVersion;
        needList = false;
        if (item) {
          const type: SyncEventType = known ? 'MODIFIED' : 'ADDED';
          known = item;
          if (await deliver(type, item)) return;
        } else if (known) {
          const gone = known;
          known = undefined;
          if (await deliver('DELETED', gone)) return;
        } else if (opts.onMissing?.()) return;
      }
      opts.onRequest?.('watch');
      const timeoutSeconds = 300 + Math.floor(Math.random() * 300);
      const events = rest.watch(collectionPath, {
        query: { allowWatchBookmarks: 'true', fieldSelector, timeoutSeconds },
        resourceVersion: rv,
        signal,
      });
      let sawEvent = false;
      for await (const ev of untilAborted(events, signal)) {
        if (ev.type === 'ERROR') {
          const st = ev.object;
          if (st.code === 410 || st.reason === 'Expired' || st.reason === 'Gone') {
            needList = true;
            break;
          }
          throw new ApiError(st.code ?? 500, st);
        }
        sawEvent = true;
        const obj: unknown = ev.object;
        if (!isKubeObject(obj)) continue;
        if (obj.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
        if (ev.type === 'BOOKMARK') continue;
        if (obj.metadata?.name !== name) continue;
        if (ev.type === 'DELETED') {
          known = undefined;
          if (await deliver('DELETED', obj)) return;
        } else {
          const type: SyncEventType = known ? 'MODIFIED' : 'ADDED';
          known = obj;
          if (await deliver(type, obj)) return;
        }
      }
      // the stream ended: resume from the last resourceVersion (the loop does it);
      // a stream that closes at once, again and again, is paced by the backoff
      if (sawEvent) backoff = minBackoff;
      else if (!needList) {
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    } catch (err) {
      if (signal?.aborted) throw timedOut();
      if (isGone(err)) {
        needList = true;
        continue;
      }
      if (!isTransient(err)) throw err;
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }
}

/**
 * Iterates a stream of events but stops as soon as the signal aborts, even
 * when the underlying iterator would never settle after its socket is
 * destroyed (nothing would then keep the process alive, and it would exit 0).
 */
async function* untilAborted<T>(source: AsyncGenerator<T>, signal?: AbortSignal): AsyncGenerator<T> {
  if (!signal) {
    yield* source;
    return;
  }
  const it = source[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // keeps the event loop alive while we wait, like the socket would
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next === 'aborted') {
        void it.return(undefined).catch(() => {});
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearInterval(keepAlive);
    signal.removeEventListener('abort', onAbort);
  }
}

/** An AbortSignal that fires after `ms` (none when ms <= 0 means "no limit"). */
export function deadline(ms: number | undefined): { signal?: AbortSignal; cancel(): void } {
  if (ms === undefined || ms <= 0 || !Number.isFinite(ms)) return { cancel() {} };
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), ms);
  return { signal: ac.signal, cancel: () => clearTimeout(t) };
}
