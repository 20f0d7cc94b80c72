/**
 * `ktl delete`: resolve what to delete, DELETE each object (printing as it
 * goes), then — unless there were failures, a dry run or --wait=false —
 * wait for every deleted object to be gone, as kubectl does.
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import { write, type Context } from '../context.js';
import { ApiError, KtlError } from '../errors.js';
import { resolveResources } from '../resource/args.js';
import { listError } from '../resource/list-error.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';
import { deadline, watchUntil, WaitTimeoutError } from '../wait/watch-until.js';
import type { GlobalFlags } from '../flags/global.js';
import { sendRaw } from './raw.js';
import type { TargetQuery } from './targets.js';
import { dryRunSuffix, objectRef, throwFailures, withSource, type DryRun } from './report.js';

/** What `ktl delete` was asked to do, its flags read. */
export interface DeleteOptions extends Omit<TargetQuery, 'subresource'> {
  ctx: Context;
  flags: GlobalFlags;
  path: string;
  ignoreNotFound: boolean;
  /** -1: the object's own default */
  gracePeriod: number;
  force: boolean;
  cascade: 'Background' | 'Foreground' | 'Orphan';
  wait: boolean;
  timeoutMs: number;
  dryRun: DryRun;
  output: '' | 'name';
  /** -i: list the objects and delete only after "y" on stdin */
  interactive: boolean;
  /** --raw URI: DELETE it as is (body from the one -f file, if given) and print the answer */
  raw?: string;
}

/** `pod "web"` / `deployment.apps "web"`: delete's own way of naming an object. */
export function deleteRef(kind: string, group: string, name: string): string {
  return `${kind.toLowerCase()}${group ? `.${group}` : ''} "${name}"`;
}

const isNotFound = (err: unknown) => err instanceof ApiError && err.statusCode === 404;

export async function runDelete(o: DeleteOptions): Promise<number> {
  const { connect } = await import('../client/index.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} delete` });
  try {
    if (o.raw !== undefined) return await sendRaw(o.ctx, clients, 'DELETE', o.raw, o.filenames);
    return await deleteAll(clients, o);
  } finally {
    clients.close();
  }
}

async function deleteAll(clients: Clients, o: DeleteOptions): Promise<number> {
  const io = o.ctx.io;
  const selecting = o.all || o.selector !== '' || o.fieldSelector !== '';
  const { parseResourceArgs } = await import('../resource/args.js');
  if (o.filenames.length === 0 && !selecting) {
    const parsed = parseResourceArgs(o.args, o.ctx.binName);
    if (parsed.tuples.length === 0 && parsed.names.length === 0) {
      throw new KtlError('resource(s) were provided, but no name was specified');
    }
  }
  const { infos, errors } = await resolveResources(clients, o.args, {
    namespace: clients.config.namespace,
    allNamespaces: o.allNamespaces,
    selector: o.selector,
    fieldSelector: o.fieldSelector,
    all: o.all,
    filenames: o.filenames,
    recursive: o.recursive,
    enforceNamespace: clients.config.namespaceFromFlag,
    ctx: o.ctx,
  });
  const failures: unknown[] = [];
  const deleted: Array<{ info: ResourceInfo; uid?: string }> = [];
  let found = 0;
  let warnClusterScope = clients.config.namespaceFromFlag && !o.allNamespaces;
  const suffix = dryRunSuffix(o.dryRun);
  const operation = (o.force ? 'force deleted' : 'deleted') + suffix;

  const deleteOne = async (info: ResourceInfo): Promise<void> => {
    found++;
    if (warnClusterScope && !info.mapping.namespaced) {
      await write(io.errOut, 'Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnClusterScope = false;
    }
    const m = info.mapping;
    const print = () =>
      write(io.out, o.output === 'name' ? `${m.kind.toLowerCase()}${m.group ? `.${m.group}` : ''}/${info.name}\n` : `${deleteRef(m.kind, m.group, info.name)} ${operation}\n`);
    if (o.dryRun === 'client') {
      await print();
      return;
    }
    const body: Record<string, unknown> = {};
    if (o.gracePeriod >= 0) body.gracePeriodSeconds = o.gracePeriod;
    body.propagationPolicy = o.cascade;
    if (o.dryRun === 'server') body.dryRun = ['All'];
    let res: KubeObject & { details?: { uid?: string } };
    try {
      res = await clients.rest.delete(resourcePath(m, { namespace: info.namespace || undefined, name: info.name }), JSON.stringify(body));
    } catch (err) {
      if (o.ignoreNotFound && isNotFound(err)) return;
      failures.push(withSource(err, 'deleting', info.source ?? ''));
      return;
    }
    await print();
    const uid = res.kind === 'Status' ? res.details?.uid : res.metadata?.uid;
    deleted.push({ info, uid });
  };

  // every object first (a whole type selected by -l / --field-selector / --all is listed)
  const targets: ResourceInfo[] = [];
  for (const info of infos) {
    if (info.name !== '') {
      targets.push(info);
      continue;
    }
    const query: Record<string, string> = {};
    if (o.selector) query.labelSelector = o.selector;
    if (o.fieldSelector) query.fieldSelector = o.fieldSelector;
    try {
      const items = (await clients.rest.list(resourcePath(info.mapping, { namespace: info.namespace || undefined }), { query, limit: 0 })).items;
      for (const item of items) {
        targets.push({ mapping: info.mapping, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '', object: item });
      }
    } catch (err) {
      failures.push(listError(err, info.mapping, o.selector, o.fieldSelector));
    }
  }
  if (o.interactive && targets.length > 0) {
    const list = targets.map((t) => `${objectRef(t.mapping.kind, t.mapping.group, t.name)}\n`).join('');
    await write(io.out, `You are about to delete the following ${targets.length} resource(s):\n${list}Do you want to continue? (y/n): `);
    if ((await readWord(o.ctx.io.in)).toLowerCase() !== 'y') {
      await write(io.out, 'deletion is cancelled\n');
      return 0;
    }
  }
  for (const t of targets) await deleteOne(t);

  if (failures.length || errors.length) {
    throwFailures(errors, failures, { builderLast: true });
  }
  if (found === 0) {
    await write(io.out, 'No resources found\n');
    return 0;
  }
  if (!o.wait || o.dryRun !== 'none') return 0;
  const limit = deadline(o.timeoutMs > 0 ? o.timeoutMs : 168 * 3600 * 1000);
  // as kubectl: a signal while waiting ends ktl with status 1
  const unregister = o.ctx.exitOnTermination(() => limit.cancel());
  try {
    for (const d of deleted) await waitDeleted(clients, d.info, d.uid, limit.signal);
  } finally {
    unregister();
    limit.cancel();
  }
  return 0;
}

/** The first whitespace-separated word on the stream ("" at end of input), as Go's fmt.Scan reads it. */
export function readWord(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = (word: string) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onEnd);
      input.pause();
      resolve(word);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const m = /^\s*(\S+)\s/.exec(text);
      if (m) done(m[1]!);
    };
    const onEnd = () => done(text.trim().split(/\s+/)[0] ?? '');
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
    input.resume();
  });
}

/** Waits until the object is gone (or replaced by another with a new uid). */
async function waitDeleted(clients: Clients, info: ResourceInfo, uid: string | undefined, signal?: AbortSignal): Promise<void> {
  const m = info.mapping;
  const ns = info.namespace || undefined;
  const onWhat = `${m.resource}/${info.name}`;
  try {
    const live = await clients.rest.getJson(resourcePath(m, { namespace: ns, name: info.name }), { signal });
    if (uid && live.metadata?.uid !== uid) return;
  } catch (err) {
    if (isNotFound(err)) return;
    if (err instanceof ApiError && (err.statusCode === 403 || err.statusCode === 405)) return;
    if (signal?.aborted) throw new KtlError(`timed out waiting for the condition on ${onWhat}`);
    throw err;
  }
  try {
    await watchUntil(
      clients.rest,
      resourcePath(m, { namespace: ns }),
      info.name,
      (type, obj) => type === 'DELETED' || (!!uid && obj.metadata?.uid !== uid),
      { signal, onMissing: () => true },
    );
  } catch (err) {
    if (err instanceof WaitTimeoutError) throw new KtlError(`timed out waiting for the condition on ${onWhat}`);
    if (err instanceof ApiError && (err.statusCode === 403 || err.statusCode === 405)) return;
    throw err;
  }
}
