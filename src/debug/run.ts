/**
 * `ktl debug` once its flags are read: each named pod or node (or -f object)
 * in turn, as kubectl's Run visits them, stopping at the first failure:
 * - a pod: an ephemeral container added through the pods/ephemeralcontainers
 *   subresource (a strategic merge patch), or with --copy-to a copy created
 *   (and with --replace the original deleted);
 * - a node: a pod named node-debugger-NODE-xxxxx created on it;
 * then, with --attach (or -i), the attach session to the debugging container.
 */
import { isJsonMap, mapAt, mapsAt } from '../codec/value.js';
import { compactJson } from '../codec/json.js';
import { resourcePath, type KubeObject } from '../client/rest.js';
import { write } from '../context.js';
import { ApiError, KtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import { generateCopy, generateEphemeral, generateNodePod, NON_ROOT_WARNING, nonRootWarning, type GenerateOptions } from './generate.js';
import type { JsonMap } from './profiles.js';

export interface DebugOptions extends GenerateOptions {
  targetNames: string[];
  filenames: string[];
  attach: boolean;
  replace: boolean;
}

const PODS = { group: '', version: 'v1', resource: 'pods' };

/** What the command leaves for attaching: the pod and its debugging container. */
export interface DebugTarget {
  namespace: string;
  pod: string;
  container: string;
}

export async function runDebug(f: Factory, o: DebugOptions, attach: (t: DebugTarget) => Promise<void>): Promise<number> {
  const { namespace } = await f.namespace();
  // ResourceNames("pods", ...): a bare name is a pod. An empty one is kept as
  // a name, and kubectl's request for it fails once the names before it are done.
  const empty = o.targetNames.indexOf('');
  const names = empty < 0 ? o.targetNames : o.targetNames.slice(0, empty);
  const emptyName = () => new KtlError('resource name may not be empty');
  if (empty === 0 && o.filenames.length === 0) throw emptyName();
  const args = names.map((n) => (n.includes('/') ? n : `pods/${n}`));
  let b = f.builder();
  if (args.length) b = b.args(args);
  if (o.filenames.length) b = b.filenames({ filenames: o.filenames });
  const r = await b.latest().do();
  if (r.errors.length > 0 && r.infos.length === 0) throw r.errors[0];
  const clients = await f.clients();
  const out: string[] = [];
  const flush = async () => {
    if (out.length) await write(f.io.out, out.splice(0).join(''));
  };
  o = { ...o, say: (s) => void out.push(s) };
  for (const info of r.infos) {
    // -f: kubectl debugs the object as the file gives it
    const given = info.manifest ?? info.object ?? {};
    const obj: JsonMap = isJsonMap(given) ? given : {};
    const kind = info.mapping.kind;
    const core = info.mapping.group === '';
    let target: DebugTarget;
    if (core && kind === 'Node') {
      const { pod, container } = generateNodePod(String(mapAt(obj, 'metadata')?.name ?? info.name), o);
      await flush();
      const created = await clients.rest.create<KubeObject>(resourcePath(PODS, { namespace }), JSON.stringify(pod));
      target = { namespace: created.metadata?.namespace ?? namespace, pod: created.metadata?.name ?? '', container };
    } else if (core && kind === 'Pod') {
      target = o.copyTo ? await debugByCopy(f, obj, o, flush) : await debugByEphemeral(f, obj, o, flush);
    } else {
      const gv = info.mapping.group ? `${info.mapping.group}/${info.mapping.version}` : `/${info.mapping.version}`;
      throw new KtlError(`"${gv}, Kind=${kind}" not supported by debug`);
    }
    if (o.attach && target.container) await attach(target);
  }
  if (r.errors.length > 0) throw r.errors[0];
  if (empty >= 0) throw emptyName();
  return 0;
}

async function debugByEphemeral(f: Factory, pod: JsonMap, o: DebugOptions, flush: () => Promise<void>): Promise<DebugTarget> {
  const meta = mapAt(pod, 'metadata') ?? {};
  const namespace = String(meta.namespace ?? '');
  const name = String(meta.name ?? '');
  const { container, patch } = generateEphemeral(pod, o);
  await flush();
  if (nonRootWarning(container, pod)) await write(f.io.errOut, NON_ROOT_WARNING);
  const clients = await f.clients();
  let result: KubeObject;
  try {
    result = await clients.rest.patch<KubeObject>(resourcePath(PODS, { namespace, name, subresource: 'ephemeralcontainers' }), 'strategic', compactJson(patch));
  } catch (e) {
    // a 404 without details: the subresource itself is missing
    if (e instanceof ApiError && e.statusCode === 404 && e.reason === 'NotFound' && !e.status.details?.name) {
      throw new KtlError(`ephemeral containers are disabled for this cluster (error from server: ${JSON.stringify(e.message)})`);
    }
    throw e;
  }
  return { namespace: result.metadata?.namespace ?? namespace, pod: result.metadata?.name ?? name, container: String(container.name) };
}

async function debugByCopy(f: Factory, pod: JsonMap, o: DebugOptions, flush: () => Promise<void>): Promise<DebugTarget> {
  const meta = mapAt(pod, 'metadata') ?? {};
  const namespace = String(meta.namespace ?? '');
  const { pod: copy, container } = generateCopy(pod, o);
  await flush();
  const dc = mapsAt(mapAt(copy, 'spec'), 'containers').find((c) => c.name === container);
  if (nonRootWarning(dc, copy)) await write(f.io.errOut, NON_ROOT_WARNING);
  const clients = await f.clients();
  const created = await clients.rest.create<KubeObject>(resourcePath(PODS, { namespace }), JSON.stringify(copy));
  if (o.replace) {
    await clients.rest.delete(resourcePath(PODS, { namespace, name: String(meta.name ?? '') }), JSON.stringify({ gracePeriodSeconds: 0 }));
  }
  return { namespace: created.metadata?.namespace ?? namespace, pod: created.metadata?.name ?? o.copyTo, container };
}
