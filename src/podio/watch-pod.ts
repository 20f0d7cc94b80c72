/**
 * Watching one pod until a condition holds, as kubectl's
 * watchtools.UntilWithSync over a ListWatch with the field selector
 * metadata.name=NAME: list, then watch from the list's resourceVersion, and
 * list again when the watch expires or closes. A DELETED event is kubectl's
 * NotFound (`pods "" not found`). Used by `run` (its waitForPod) and
 * `debug -i` (waiting for the debugging container).
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import { stringAt } from '../codec/value.js';
import { ApiError, ExitError } from '../errors.js';
import { POD_GVR, type Pod } from './pods.js';

/** Says whether the pod is what was waited for; may throw to end the wait. */
export type PodCondition<P extends Pod> = (pod: P) => boolean | Promise<boolean>;

export async function watchPodUntil<P extends Pod>(clients: Clients, namespace: string, name: string, done: PodCondition<P>, signal: AbortSignal): Promise<P> {
  const path = resourcePath(POD_GVR, { namespace });
  const query = { fieldSelector: `metadata.name=${name}` };
  for (;;) {
    const list = await clients.rest.list<P>(path, { query, limit: 0, signal });
    for (const p of list.items) if (await done(p)) return p;
    let rv = list.metadata.resourceVersion;
    try {
      for await (const ev of clients.rest.watch<P>(path, { query, resourceVersion: rv, signal })) {
        if (ev.type === 'DELETED') throw new ApiError(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'pods "" not found', code: 404 });
        if (ev.type === 'ERROR') break;
        if (ev.type === 'BOOKMARK') continue;
        const p = ev.object;
        rv = stringAt(p.metadata, 'resourceVersion') ?? rv;
        if (await done(p)) return p;
      }
    } catch (e) {
      if (e instanceof ApiError && e.statusCode !== 410) throw e;
      if (!(e instanceof ApiError) && !signal.aborted) throw e;
    }
    if (signal.aborted) throw new ExitError(1);
    // the watch ended (expired or closed): list again, as an informer does
  }
}
