/**
 * Running `edit`: fetch the objects, write them (one, or several as a v1
 * List) to a temp file under kubectl's comment header, launch the editor,
 * and turn each changed object into a patch (strategic for built-in types,
 * JSON merge for custom resources). Server rejections (Invalid) reopen the
 * file with the failures on top, as kubectl does.
 */
import { rm } from 'node:fs/promises';
import { createMergePatch } from '../apply/json-merge.js';
import { hasLastApplied, withLastApplied, LAST_APPLIED } from '../apply/last-applied.js';
import { isBuiltinGroup, OpenApiV3Client } from '../apply/openapi.js';
import { createTwoWayMergePatch, deepEqual, EMPTY_SCHEMA, type JsonMap } from '../apply/strategic-merge.js';
import { isJsonMap, mapAt, stringAt } from '../codec/value.js';
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import { write } from '../context.js';
import { ApiError, ExitError, KtlError, messageOf } from '../errors.js';
import type { Factory } from '../factory.js';
import { compactJson, printJson } from '../codec/json.js';
import { qualifiedName } from '../printers/resource-printer.js';
import { marshalYaml } from '../printers/yaml.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';
import { throwFailures } from '../mutate/report.js';
import { recordOn } from '../flags/record.js';
import { findTargets } from '../mutate/targets.js';
import type { Context } from '../context.js';
import { preserved, runEditLoop } from './loop.js';
import { editHeader, type EditReason } from './text.js';

export interface EditOptions {
  ctx: Context;
  factory: Factory;
  args: string[];
  filenames: string[];
  recursive: boolean;
  format: 'yaml' | 'json';
  outputPatch: boolean;
  saveConfig: boolean;
  fieldManager: string;
  validate: 'Strict' | 'Warn' | 'Ignore';
  subresource?: string;
  showManagedFields: boolean;
  /** -o was given: results are printed as objects in that format, else as "<ref> edited" */
  printObjects: boolean;
  /** write the file for the editor with CRLF line endings */
  windowsLineEndings?: boolean;
  /** --record: kubernetes.io/change-cause set on each edited object after its last-applied annotation, as kubectl's visitAnnotation */
  changeCause?: string;
}

type Live = ResourceInfo & { object: KubeObject };

/** An info that was read from the server (every one the builder's latest() gives). */
const isLive = (i: ResourceInfo): i is Live => i.object !== undefined;

export async function runEdit(o: EditOptions): Promise<number> {
  try {
    const clients = await o.factory.clients();
    const targets = await findTargets(o.factory, {
      args: o.args,
      filenames: o.filenames,
      recursive: o.recursive,
      selector: '',
      fieldSelector: '',
      all: false,
      allNamespaces: false,
      subresource: o.subresource,
    });
    throwFailures([], targets.items.flatMap((i) => ('error' in i ? [i.error] : [])));
    const infos = targets.infos.filter(isLive);
    if (infos.length === 0) throw new KtlError('edit cancelled, no objects found');
    return await editLoop(o, clients, infos);
  } finally {
    o.factory.close();
  }
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** One result object as kubectl's -o printer shows it (a fresh printer each time: no separators). */
function printed1(o: EditOptions, obj: KubeObject): string {
  const shown = o.showManagedFields ? obj : withoutManagedFields(obj);
  return o.format === 'json' ? printJson(shown) : marshalYaml(shown);
}

function render(o: EditOptions, objects: KubeObject[]): string {
  const value = objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: {} };
  return o.format === 'json' ? printJson(value) : marshalYaml(value);
}

const nameOf = (obj: JsonMap) => stringAt(mapAt(obj, 'metadata'), 'name') ?? '';
const uidOf = (obj: JsonMap) => stringAt(mapAt(obj, 'metadata'), 'uid') ?? '';

async function editLoop(o: EditOptions, clients: Clients, infos: Live[]): Promise<number> {
  const ctx = o.ctx;
  const originals = infos.map((i) => (o.showManagedFields ? i.object : withoutManagedFields(i.object)));
  const first = infos[0]!;
  let openapi: OpenApiV3Client | undefined;
  return runEditLoop({
    ctx,
    format: o.format,
    header: editHeader,
    printed: render(o, originals),
    windowsLineEndings: !!o.windowsLineEndings,
    validate: o.validate !== 'Ignore',
    first: { resource: first.mapping.group ? `${first.mapping.resource}.${first.mapping.group}` : first.mapping.resource, name: first.name },
    apply: async (updated, file) => {
      const reasons: EditReason[] = [];
      let invalid = 0;
      let notFound = 0;
      let retryable = 0;
      for (let obj of updated) {
        const idx = originals.findIndex((x) => (x.metadata?.uid ?? '') === uidOf(obj));
        if (idx < 0) return preserved(ctx, file, `no original object found for ${qualifiedName(obj)}`);
        const info = infos[idx]!;
        const live = originals[idx];
        // an object read from the server is JSON data
        const orig: JsonMap = isJsonMap(live) ? live : {};
        if (o.saveConfig || hasLastApplied(obj)) obj = withLastApplied(stripLastApplied(obj));
        if (o.changeCause !== undefined) {
          obj = structuredClone(obj);
          recordOn(obj, o.changeCause);
        }
        const ref = qualifiedName(obj);
        if (deepEqual(orig, obj)) {
          await write(ctx.io.out, o.printObjects ? printed1(o, obj) : `${ref} skipped\n`);
          continue;
        }
        if (obj.apiVersion !== orig.apiVersion || obj.kind !== orig.kind || nameOf(obj) !== nameOf(orig)) {
          return preserved(ctx, file, 'At least one of apiVersion, kind and name was changed');
        }
        const m = info.mapping;
        let patch: JsonMap;
        let type: 'strategic' | 'merge';
        if (isBuiltinGroup(m.group)) {
          openapi ??= new OpenApiV3Client(clients.transport, clients.config.cacheDir);
          const schema = (await openapi.schemaFor(m.group, m.version, m.kind).catch(() => undefined)) ?? EMPTY_SCHEMA;
          patch = createTwoWayMergePatch(orig, obj, schema);
          type = 'strategic';
        } else {
          patch = createMergePatch(orig, obj);
          type = 'merge';
        }
        const body = compactJson(patch);
        if (o.outputPatch) await write(ctx.io.out, `Patch: ${body}\n`);
        const path = resourcePath(m, { namespace: info.namespace || undefined, name: info.name, subresource: o.subresource });
        try {
          const result = await clients.rest.patch<KubeObject>(path, type, body, { fieldManager: o.fieldManager, fieldValidation: o.validate });
          await write(ctx.io.out, o.printObjects ? printed1(o, result) : `${qualifiedName(result)} edited\n`);
        } catch (err) {
          const resource = m.group ? `${m.resource}.${m.group}` : m.resource;
          if (err instanceof ApiError && err.status.reason === 'Invalid') {
            invalid++;
            const causes = err.status.details?.causes ?? [];
            reasons.push({ head: `${resource} "${info.name}" was not valid`, other: causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`) });
            await write(ctx.io.errOut, `error: ${resource} "${info.name}" is invalid\n`);
          } else if (err instanceof ApiError && err.statusCode === 404) {
            notFound++;
            await write(ctx.io.errOut, `error: ${resource} "${info.name}" could not be found on the server\n`);
          } else {
            retryable++;
            const msg = err instanceof ApiError ? (err.status.message ?? '') : messageOf(err);
            await write(ctx.io.errOut, `error: ${resource} "${info.name}" could not be patched: ${msg}\n`);
          }
        }
      }
      if (retryable > 0) {
        await write(ctx.io.errOut, `You can run \`${ctx.binName} replace -f ${file}\` to try this update again.\n`);
        throw new ExitError(1);
      }
      if (notFound > 0) {
        await write(ctx.io.errOut, `The edits you made on deleted resources have been saved to "${file}"\n`);
        throw new ExitError(1);
      }
      if (invalid === 0) {
        await rm(file, { force: true });
        return { code: 0 };
      }
      return { reasons };
    },
  });
}

function stripLastApplied(obj: JsonMap): JsonMap {
  const meta = mapAt(obj, 'metadata');
  const ann = mapAt(meta, 'annotations');
  if (!ann || !(LAST_APPLIED in ann)) return obj;
  const { [LAST_APPLIED]: _drop, ...rest } = ann;
  return { ...obj, metadata: { ...meta, annotations: rest } };
}
