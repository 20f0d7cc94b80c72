/**
 * `apply view-last-applied` and `apply set-last-applied`: the
 * kubectl.kubernetes.io/last-applied-configuration annotation read from, or
 * written to, live objects as kubectl 1.33 does.
 */
import { compactJson } from '../codec/json.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { ApiError, KtlError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import { ObjectOutput } from '../mutate/output.js';
import type { DryRun } from '../mutate/report.js';
import { withSource } from '../mutate/report.js';
import { marshalYaml } from '../printers/yaml.js';
import { resourcePath } from '../client/index.js';
import type { KubeObject } from '../resource/types.js';
import { MISSING_RESOURCE_MESSAGE } from '../resource/args.js';
import { LAST_APPLIED } from './last-applied.js';

/** Go's json.Indent with prefix "" and indent "  ": bytes of strings kept, trailing whitespace kept. */
export function jsonIndent(src: string): string {
  let out = '';
  let depth = 0;
  let needIndent = false;
  let i = 0;
  const nl = () => '\n' + '  '.repeat(depth);
  // leading whitespace is dropped
  while (i < src.length && ' \t\r\n'.includes(src[i]!)) i++;
  let end = src.length;
  while (end > i && ' \t\r\n'.includes(src[end - 1]!)) end--;
  for (; i < end; i++) {
    const c = src[i]!;
    if (' \t\r\n'.includes(c)) continue;
    if (needIndent && c !== ']' && c !== '}') {
      needIndent = false;
      depth++;
      out += nl();
    }
    if (c === '"') {
      let j = i + 1;
      while (j < end && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
      continue;
    }
    switch (c) {
      case '{':
      case '[':
        out += c;
        needIndent = true;
        break;
      case ',':
        out += c + nl();
        break;
      case ':':
        out += ': ';
        break;
      case '}':
      case ']':
        if (needIndent) needIndent = false; // an empty {} or []
        else {
          depth--;
          out += nl();
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out + src.slice(end);
}

export interface ViewLastAppliedOptions {
  ctx: Context;
  factory: Factory;
  path: string;
  args: string[];
  filenames: { filenames: string[]; recursive: boolean };
  selector: string;
  all: boolean;
  output: string;
}

export async function runViewLastApplied(o: ViewLastAppliedOptions): Promise<number> {
  if (o.all && o.filenames.filenames.length === 0) {
    // kubectl's builder gets --all before the (empty) selector and always refuses it here
    if (o.args.length === 0) throw new KtlError('at least one resource must be specified to use a selector');
    if (o.args.length > 1 || o.args.some((a) => a.includes('/'))) {
      throw new KtlError('selectors and the all flag cannot be used when passing resource/name arguments');
    }
    throw new KtlError("setting 'all' parameter but found a non empty selector. ");
  }
  const r = await o.factory
    .builder()
    .args(o.args)
    .filenames(o.filenames)
    .selector(o.selector)
    .allowEmptySelector(true)
    .noResourcesMessage(MISSING_RESOURCE_MESSAGE)
    .latest()
    .do();
  // kubectl collects every annotation first: the first failure ends the command with nothing printed
  const configs: string[] = [];
  for (const item of r.items) {
    if ('error' in item) throw item.error;
    const info = item.info;
    const value = info.object?.metadata?.annotations?.[LAST_APPLIED];
    if (value === undefined) {
      // kubectl wraps a nil error here: objects named by arguments are skipped silently
      if (info.source) throw new KtlError(`error when no last-applied-configuration annotation found on resource: ${info.name}\n "${info.source}": <nil>`);
      continue;
    }
    configs.push(value);
  }
  try {
    for (const c of configs) {
      if (o.output === 'json') await write(o.ctx.io.out, jsonIndent(c));
      else if (o.output === 'yaml') await write(o.ctx.io.out, marshalYaml(JSON.parse(c)));
      else throw new UsageError(`Unexpected -o output mode: ${o.output}, the flag 'output' must be one of yaml|json`, o.path);
    }
  } finally {
    o.factory.close();
  }
  return 0;
}

export interface SetLastAppliedOptions {
  ctx: Context;
  factory: Factory;
  filenames: string[];
  createAnnotation: boolean;
  dryRun: DryRun;
  print: PrintOptions;
}

/** kubectl's info.String(), naming the object in a failed GET. */
function infoString(m: { group: string; version: string; resource: string; kind: string; namespaced: boolean }, name: string, ns: string): string {
  const gv = `${m.group}/${m.version}`;
  return `Resource: "${gv}, Resource=${m.resource}", GroupVersionKind: "${gv}, Kind=${m.kind}"\nName: "${name}", Namespace: "${m.namespaced ? ns : ''}"`;
}

export async function runSetLastApplied(o: SetLastAppliedOptions): Promise<number> {
  try {
    const r = await o.factory.builder().filenames({ filenames: o.filenames }).noResourcesMessage(MISSING_RESOURCE_MESSAGE).do();
    const clients = await o.factory.clients();
    const todo: Array<{ path: string; patch: string; live: KubeObject }> = [];
    // kubectl checks every object (and prints the unchanged ones) before patching any
    for (const item of r.items) {
      if ('error' in item) throw item.error;
      const info = item.info;
      const m = info.mapping;
      let manifest = info.object ?? {};
      if (m.namespaced && info.namespace) manifest = { ...manifest, metadata: { ...manifest.metadata, namespace: info.namespace } };
      const value = compactJson(manifest) + '\n';
      const path = resourcePath(m, { namespace: m.namespaced ? info.namespace : undefined, name: info.name });
      let live: KubeObject;
      try {
        live = await clients.rest.getJson<KubeObject>(path);
      } catch (err) {
        if (err instanceof ApiError && err.statusCode === 404) throw err;
        throw withSource(err, `retrieving current configuration of:\n${infoString(m, info.name, info.namespace)}\nfrom server for:`, info.source ?? '');
      }
      const original = live.metadata?.annotations?.[LAST_APPLIED];
      if (original === undefined && !o.createAnnotation) {
        throw new KtlError(
          `no last-applied-configuration annotation found on resource: ${info.name}, to create the annotation, run the command with --create-annotation`,
        );
      }
      if (original === value) {
        await write(o.ctx.io.out, `set-last-applied ${info.name}: no changes required.\n`);
        continue;
      }
      todo.push({ path, patch: compactJson({ metadata: { annotations: { [LAST_APPLIED]: value } } }), live });
    }
    const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
    for (const t of todo) {
      let obj = t.live;
      if (o.dryRun !== 'client') {
        obj = await clients.rest.patch<KubeObject>(t.path, 'merge', t.patch, o.dryRun === 'server' ? { dryRun: 'All' } : {});
      }
      await write(o.ctx.io.out, await out.render(obj, 'configured', false));
    }
    return 0;
  } finally {
    o.factory.close();
  }
}
