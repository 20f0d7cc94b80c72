/**
 * Running `replace`: each -f object is PUT as it is (with the live
 * resourceVersion when the manifest has none, as kubectl's Helper.Replace
 * does), or with --force deleted, waited for until gone, and created.
 */
import { withLastApplied } from '../apply/last-applied.js';
import { isJsonMap, mapAt, type JsonMap } from '../codec/value.js';
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, KtlError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import type { PrintOptions } from '../flags/print.js';
import { compactJson } from '../codec/json.js';
import { resolveResources } from '../resource/args.js';
import { withoutResourceVersion } from '../resource/create-body.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';
import { deleteRef } from './delete.js';
import { ObjectOutput } from './output.js';
import type { ReadyTarget } from '../wait/ready/run.js';
import { throwFailures, withSource, type DryRun } from './report.js';

export interface ReplaceOptions {
  ctx: Context;
  flags: GlobalFlags;
  filenames: string[];
  recursive: boolean;
  print: PrintOptions;
  dryRun: DryRun;
  force: boolean;
  cascade: 'Background' | 'Foreground' | 'Orphan';
  /** seconds; negative: not sent */
  gracePeriod: number;
  /** --force: how long to wait for the deletion; 0 means kubectl's 5 minutes */
  timeoutMs: number;
  validate: 'Strict' | 'Warn' | 'Ignore';
  saveConfig: boolean;
  fieldManager: string;
  subresource?: string;
  /** ktl: --wait=DURATION / --wait-ready: wait until the replaced objects are ready (ms, 0 no limit) */
  readyTimeoutMs?: number;
}

const isNotFound = (err: unknown) => err instanceof ApiError && err.statusCode === 404;
const DEFAULT_FORCE_TIMEOUT_MS = 5 * 60 * 1000;
const POLL_MS = 1000;

export async function runReplace(o: ReplaceOptions): Promise<number> {
  const { connect } = await import('../client/index.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} replace` });
  try {
    const { infos, errors } = await resolveResources(clients, [], {
      namespace: clients.config.namespace,
      filenames: o.filenames,
      recursive: o.recursive,
      enforceNamespace: clients.config.namespaceFromFlag,
      ctx: o.ctx,
      validate: o.validate !== 'Ignore',
    });
    const written: ReadyTarget[] = [];
    const code = o.force ? await forceReplace(o, clients, infos, errors, written) : await replaceAll(o, clients, infos, errors, written);
    if (code === 0 && o.readyTimeoutMs !== undefined && o.dryRun === 'none' && !o.subresource) {
      const { waitUntilReady } = await import('../wait/ready/run.js');
      return await waitUntilReady(o.ctx, clients.rest, written, o.readyTimeoutMs);
    }
    return code;
  } finally {
    clients.close();
  }
}

/** The manifest as kubectl sends it: namespace filled in, last-applied with --save-config. */
function outgoing(o: ReplaceOptions, info: ResourceInfo): JsonMap {
  const copy = structuredClone(info.object ?? {});
  let obj: JsonMap = isJsonMap(copy) ? copy : {};
  if (info.mapping.namespaced && info.namespace) {
    obj = { ...obj, metadata: { ...(mapAt(obj, 'metadata') ?? {}), namespace: info.namespace } };
  }
  return o.saveConfig ? withLastApplied(obj) : obj;
}

function readyTarget(info: ResourceInfo, result: KubeObject): ReadyTarget {
  return { mapping: info.mapping, namespace: info.mapping.namespaced ? info.namespace : '', name: info.name, object: result };
}

function objectPath(info: ResourceInfo, subresource?: string): string {
  return resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name, subresource });
}

async function replaceAll(o: ReplaceOptions, clients: Clients, infos: ResourceInfo[], errors: unknown[], written: ReadyTarget[]): Promise<number> {
  // input that names no object (an empty file) replaces nothing and is no error: kubectl's replace only visits
  const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
  const failures: unknown[] = [];
  for (const info of infos) {
    const obj = outgoing(o, info);
    try {
      let result: KubeObject = obj;
      if (o.dryRun !== 'client') {
        const path = objectPath(info, o.subresource);
        const meta = mapAt(obj, 'metadata') ?? (obj.metadata = {});
        if (!meta.resourceVersion) {
          // Helper.Replace: overwrite the live version; a failed GET still PUTs (the server says NotFound)
          try {
            const live = await clients.rest.getJson<KubeObject>(path);
            if (live.metadata?.resourceVersion) meta.resourceVersion = live.metadata.resourceVersion;
          } catch {
            /* PUT without a resourceVersion */
          }
        }
        const query: Record<string, string> = {};
        if (o.dryRun === 'server') query.dryRun = 'All';
        query.fieldManager = o.fieldManager;
        query.fieldValidation = o.validate;
        result = await clients.rest.update<KubeObject>(path, compactJson(obj), query);
        written.push(readyTarget(info, result));
      }
      await write(o.ctx.io.out, await out.render(result, 'replaced', false));
    } catch (err) {
      failures.push(withSource(err, 'replacing', info.source ?? ''));
    }
  }
  throwFailures(errors, failures, { builderLast: true });
  return 0;
}

async function forceReplace(o: ReplaceOptions, clients: Clients, infos: ResourceInfo[], errors: unknown[], written: ReadyTarget[]): Promise<number> {
  // kubectl's DeleteResult: the reading errors and every failed DELETE stop it before anything is created
  const failures: unknown[] = [];
  const body: Record<string, unknown> = {};
  if (o.gracePeriod >= 0) body.gracePeriodSeconds = o.gracePeriod;
  body.propagationPolicy = o.cascade;
  for (const info of infos) {
    const m = info.mapping;
    try {
      await clients.rest.delete(objectPath(info), JSON.stringify(body));
    } catch (err) {
      if (!isNotFound(err)) failures.push(withSource(err, 'deleting', info.source ?? ''));
      continue;
    }
    await write(o.ctx.io.out, `${deleteRef(m.kind, m.group, info.name)} deleted\n`);
  }
  // kubectl's delete step counts the objects it visited: none (an empty file) says so on stdout, then create fails below
  if (infos.length === 0 && errors.length === 0) await write(o.ctx.io.out, 'No resources found\n');
  throwFailures(errors, failures, { builderLast: true });

  const until = Date.now() + (o.timeoutMs > 0 ? o.timeoutMs : DEFAULT_FORCE_TIMEOUT_MS);
  for (const info of infos) await waitGone(clients, info, until);

  const out = new ObjectOutput(o.print, o.ctx.cwd, 'none');
  let count = 0;
  for (const info of infos) {
    const obj = outgoing(o, info);
    try {
      const query = { fieldManager: o.fieldManager, fieldValidation: o.validate };
      const path = resourcePath(info.mapping, { namespace: info.mapping.namespaced ? info.namespace || undefined : undefined });
      const result = await clients.rest.create<KubeObject>(path, compactJson(withoutResourceVersion(obj)), query);
      count++;
      written.push(readyTarget(info, result));
      await write(o.ctx.io.out, await out.render(result, 'replaced', false));
    } catch (err) {
      failures.push(err);
    }
  }
  throwFailures([], failures);
  if (count === 0) throw new KtlError('no objects passed to replace');
  return 0;
}

/** kubectl polls GET every second until NotFound (wait.PollImmediate). */
async function waitGone(clients: Clients, info: ResourceInfo, until: number): Promise<void> {
  for (;;) {
    try {
      await clients.rest.getJson(objectPath(info));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (Date.now() + POLL_MS > until) throw new KtlError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
