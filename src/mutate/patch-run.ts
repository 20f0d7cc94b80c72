/**
 * Running `patch`: for each object (GET first, as kubectl's builder does),
 * PATCH with the user's body (YAML turned into JSON, field manager
 * kubectl-patch) — or, with --local / --dry-run=client, apply the patch
 * locally — then print "patched" or "patched (no change)".
 */
import { compactJson } from '../codec/json.js';
import { CHANGE_CAUSE_ANNOTATION } from '../flags/record.js';
import { applyMergePatch } from '../apply/json-merge.js';
import { deepEqual, type Json } from '../apply/strategic-merge.js';
import { isBuiltinGroup } from '../apply/openapi.js';
import type { Clients } from '../client/index.js';
import { resourcePath, type PatchType } from '../client/rest.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import { yamlToJson } from '../codec/yaml.js';
import { isKubeObject, type KubeObject } from '../resource/types.js';
import { isJsonMap, type JsonMap } from '../codec/value.js';
import { applyJsonPatch } from './json-patch.js';
import { ObjectOutput } from './output.js';
import type { DryRun } from './report.js';
import { findTargets, forEachTarget, type TargetQuery } from './targets.js';

export interface PatchOptions extends TargetQuery {
  ctx: Context;
  factory: Factory;
  /** the patch as the user wrote it (JSON or YAML) */
  patchText: string;
  type: Exclude<PatchType, 'apply'>;
  local: boolean;
  dryRun: DryRun;
  print: PrintOptions;
  fieldManager: string;
  /** --record: the kubernetes.io/change-cause, set by a second merge patch as kubectl does */
  changeCause?: string;
}

export const PATCH_MEDIA_TYPES: Record<PatchOptions['type'], string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

/**
 * The body kubectl sends (util/yaml.ToJSON): JSON as written, YAML turned
 * into JSON with go-yaml v2's rules (yes/no/on/off are booleans, 0755 is
 * octal, dates stay strings, big integers exact); key order is kept.
 */
export function patchBodyOf(text: string): { body: string; value: Json } {
  let body: string;
  try {
    body = yamlToJson(text);
  } catch (err) {
    throw new KtlError(`unable to parse ${goQuote(text)}: ${messageOf(err)}`);
  }
  let value: Json = null;
  try {
    // what JSON.parse returns is a JSON value
    const parsed: Json = JSON.parse(body);
    value = parsed;
  } catch {
    // JSON that does not parse is sent as written (the server answers); only local patching needs the value
  }
  return { body, value };
}

/** Go's %q of a string. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

export async function runPatch(o: PatchOptions): Promise<number> {
  const { body, value } = patchBodyOf(o.patchText);
  try {
    const targets = await findTargets(o.factory, o, { local: o.local });
    // kubectl counts the objects it visited: input that names none (an empty file) is an error, a failed lookup is not this one
    if (targets.items.length === 0) throw new KtlError('no objects passed to patch');
    const clients = o.local ? undefined : await o.factory.clients();
    await forEachTarget(targets, async (info) => {
        let result: KubeObject;
        if (o.local || o.dryRun === 'client' || !clients) {
          result = applyLocally(info.object, o.type, value);
        } else {
          const query: Record<string, string> = { fieldManager: o.fieldManager };
          if (o.dryRun === 'server') query.dryRun = 'All';
          const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name, subresource: o.subresource });
          try {
            result = await clients.rest.patch<KubeObject>(path, o.type, body, query);
          } catch (err) {
            if (err instanceof ApiError && err.statusCode === 415) {
              const m = info.mapping;
              throw new KtlError(`${PATCH_MEDIA_TYPES[o.type]} is not supported by ${m.group}/${m.version}, Kind=${m.kind}: ${err.status.message ?? ''}`);
            }
            throw err;
          }
        }
        // kubectl compares the result with the object it read: for -f, the manifest's
        const changed = !deepEqual(jsonOf(info.manifest ?? info.object), jsonOf(result));
        if (clients && !o.local && o.dryRun !== 'client' && o.changeCause !== undefined) {
          // kubectl's MakeRecordMergePatch on what the server returned; a failure here is only logged
          const same = result.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] === o.changeCause;
          const record = same ? '{}' : compactJson({ metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: o.changeCause } } });
          const query: Record<string, string> = { fieldManager: o.fieldManager };
          if (o.dryRun === 'server') query.dryRun = 'All';
          const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name, subresource: o.subresource });
          try {
            result = await clients.rest.patch<KubeObject>(path, 'merge', record, query);
          } catch {
            /* kubectl: klog V(4) only */
          }
        }
        // kubectl makes a printer per object: several YAML documents come without `---` between them
        const output = new ObjectOutput(o.print, o.ctx.cwd, 'none');
        await write(o.ctx.io.out, await output.render(result, changed ? 'patched' : 'patched (no change)', false));
    }, { builderLast: true });
    return 0;
  } finally {
    o.factory.close();
  }
}

/**
 * The patched object without a server. Strategic patches are applied with
 * merge-patch semantics here (lists replaced whole): ktl has no Go structs
 * to read merge keys from in this path.
 */
function applyLocally(obj: KubeObject, type: PatchOptions['type'], patch: Json): KubeObject {
  if (type === 'strategic') {
    // kubectl needs its scheme's Go type for a local strategic patch: a custom resource has none
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const [group, version] = apiVersion.includes('/') ? [apiVersion.slice(0, apiVersion.indexOf('/')), apiVersion.slice(apiVersion.indexOf('/') + 1)] : ['', apiVersion];
    if (!isBuiltinGroup(group)) {
      throw new KtlError(`strategic merge patch is not supported for ${group}/${version}, Kind=${obj.kind ?? ''} locally, try --type merge`);
    }
  }
  const doc = jsonOf(obj) ?? {};
  const out = type === 'json' ? applyJsonPatch(doc, patch) : applyMergePatch(structuredClone(doc), patch);
  // an object decodes into an object only (a patch that replaces the whole document with a list, a string ...)
  if (!isKubeObject(out)) throw new KtlError(`json: cannot unmarshal ${goJsonKind(out)} into Go value of type map[string]interface {}`);
  return out;
}

/** An object read as JSON (it is one: parsed from the wire or a file), or undefined. */
function jsonOf(obj: KubeObject | undefined): JsonMap | undefined {
  return isJsonMap(obj) ? obj : undefined;
}

/** encoding/json's word for a JSON value's kind in an UnmarshalTypeError. */
function goJsonKind(v: Json): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}
