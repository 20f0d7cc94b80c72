/**
 * One collection kept in memory, the way a client-go informer does: a list
 * (narrowed by field/label selectors), then a watch from the list's
 * resourceVersion, resumed when the stream ends, listed again on 410 Gone,
 * retried with backoff while the server is unreachable. `onChange` runs after
 * the first list and after each event.
 */
import { ApiError } from '../../errors.js';
import type { KubeObject, RestClient } from '../../client/rest.js';
import type { Query } from '../../client/transport.js';
import { abortableSleep, isTransientWatchError } from '../watch-until.js';

export interface InformerOptions {
  fieldSelector?: string;
  labelSelector?: string;
  signal: AbortSignal;
  onChange: () => void;
  backoffMs?: [number, number];
}

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

export class Informer {
  readonly items = new Map<string, KubeObject>();
  synced = false;

  constructor(
    private readonly rest: RestClient,
    readonly path: string,
    private readonly opts: InformerOptions,
  ) {}

  get(namespace: string, name: string): KubeObject | undefined {
    return this.items.get(`${namespace}/${name}`);
  }

  list(): KubeObject[] {
    return [...this.items.values()];
  }

  /** Runs until the signal aborts (resolves) or a lasting error (rejects). */
  async run(): Promise<void> {
    const { signal } = this.opts;
    const [minBackoff, maxBackoff] = this.opts.backoffMs ?? [800, 30_000];
    let backoff = minBackoff;
    let rv: string | undefined;
    let needList = true;
    const selectors: Query = {};
    if (this.opts.fieldSelector) selectors.fieldSelector = this.opts.fieldSelector;
    if (this.opts.labelSelector) selectors.labelSelector = this.opts.labelSelector;
    while (!signal.aborted) {
      try {
        if (needList) {
          const list = await this.rest.list(this.path, { query: selectors, signal });
          this.items.clear();
          for (const o of list.items) this.items.set(keyOf(o), o);
          rv = list.metadata.resourceVersion;
          needList = false;
          this.synced = true;
          this.opts.onChange();
        }
        let sawEvent = false;
        const events = this.rest.watch(this.path, {
          query: { ...selectors, allowWatchBookmarks: 'true', timeoutSeconds: 300 + Math.floor(Math.random() * 300) },
          resourceVersion: rv,
          signal,
        });
        for await (const ev of events) {
          if (ev.type === 'ERROR') {
            const st = ev.object;
            if (st.code === 410 || st.reason === 'Expired' || st.reason === 'Gone') {
              needList = true;
              break;
            }
            throw new ApiError(st.code ?? 500, st);
          }
          sawEvent = true;
          const obj = ev.object;
          if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK' || !obj?.metadata) continue;
          if (ev.type === 'DELETED') this.items.delete(keyOf(obj));
          else this.items.set(keyOf(obj), obj);
          this.opts.onChange();
        }
        if (sawEvent) backoff = minBackoff;
        else if (!needList) {
          await abortableSleep(backoff, signal);
          backoff = Math.min(backoff * 2, maxBackoff);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ApiError && (err.statusCode === 410 || err.reason === 'Expired' || err.reason === 'Gone')) {
          needList = true;
          continue;
        }
        if (!isTransientWatchError(err)) throw err;
        await abortableSleep(backoff, signal);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }
}
