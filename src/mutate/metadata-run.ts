/**
 * Running `label` / `annotate`: for each object, apply the changes to a copy
 * and send the JSON merge patch between the two (field manager
 * kubectl-label / kubectl-annotate), or — with --dry-run=client, --local or
 * --list — only change it locally; then print the result, or the list.
 */
import { createMergePatch } from '../apply/json-merge.js';
import { isJsonMap } from '../codec/value.js';
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import type { KubeObject } from '../resource/types.js';
import {
  applyMetadataChanges,
  goJson,
  labelChangeMessage,
  type MetadataChanges,
  type MetadataField,
} from './metadata-update.js';
import { ObjectOutput } from './output.js';
import type { DryRun } from './report.js';
import { recordOn } from '../flags/record.js';
import { findTargets, forEachTarget, type LiveInfo, type TargetQuery } from './targets.js';

export interface MetadataOptions extends TargetQuery {
  ctx: Context;
  factory: Factory;
  field: MetadataField;
  changes: MetadataChanges;
  overwrite: boolean;
  list: boolean;
  local: boolean;
  resourceVersion: string;
  dryRun: DryRun;
  print: PrintOptions;
  fieldManager: string;
  /** --record: the kubernetes.io/change-cause to set with the change */
  changeCause?: string;
}

export async function runMetadataUpdate(o: MetadataOptions): Promise<number> {
  try {
    const targets = await findTargets(o.factory, o, { local: o.local });
    const clients = o.local ? undefined : await o.factory.clients();
    const single = targets.singleItemImplied;
    if (o.resourceVersion && !single) throw new KtlError('--resource-version may only be used with a single resource');
    // kubectl makes a printer per object: several YAML documents come without `---` between them
    await forEachTarget(targets, (info) => updateOne(o, clients, info, new ObjectOutput(o.print, o.ctx.cwd, o.dryRun), single));
    return 0;
  } finally {
    o.factory.close();
  }
}

async function updateOne(
  o: MetadataOptions,
  clients: Clients | undefined,
  info: LiveInfo,
  output: ObjectOutput,
  single: boolean,
): Promise<void> {
  const io = o.ctx.io;
  const obj = structuredClone(info.object);
  if (o.resourceVersion && obj.metadata) delete obj.metadata.resourceVersion;
  const original = structuredClone(obj);
  const before = goJson(original);
  const opts = { overwrite: o.overwrite, resourceVersion: o.resourceVersion };
  let result: KubeObject;
  if (o.dryRun === 'client' || o.local || o.list || !clients) {
    applyMetadataChanges(obj, o.field, o.changes, opts);
    result = obj;
  } else {
    if (o.field === 'labels') {
      const current = obj.metadata?.labels ?? {};
      for (const k of o.changes.remove) {
        if (!Object.prototype.hasOwnProperty.call(current, k)) await write(io.out, `label ${JSON.stringify(k)} not found.\n`);
      }
    }
    applyMetadataChanges(obj, o.field, o.changes, opts);
    recordOn(obj, o.changeCause);
    // both are JSON objects (copies of what was read); the guard only says so to the compiler
    const patch = isJsonMap(original) && isJsonMap(obj) ? createMergePatch(original, obj) : {};
    const query: Record<string, string> = { fieldManager: o.fieldManager };
    if (o.dryRun === 'server') query.dryRun = 'All';
    const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name });
    result = await clients.rest.patch<KubeObject>(path, 'merge', goJson(patch), query);
  }
  const after = goJson(obj);
  const message = o.field === 'labels' ? labelChangeMessage(before, after, o.overwrite) : 'annotated';
  if (o.list) {
    await write(io.out, listing(o.field, result, single));
    return;
  }
  await write(io.out, await output.render(result, message, false));
}

/** --list: "k=v" lines (sorted; kubectl's order is Go's random map order), under a header unless one object was named. */
function listing(field: MetadataField, obj: KubeObject, single: boolean): string {
  const values = obj.metadata?.[field] ?? {};
  const indent = single ? '' : ' ';
  let s = '';
  if (!single) {
    const apiVersion = obj.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    s += `Listing ${field} for ${obj.kind ?? ''}.${group}/${obj.metadata?.name ?? ''}:\n`;
  }
  for (const k of Object.keys(values).sort()) s += `${indent}${k}=${values[k]}\n`;
  return s;
}
