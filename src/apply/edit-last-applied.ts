/**
 * `apply edit-last-applied`: kubectl 1.33's edit in "apply edit mode". The
 * last-applied-configuration annotations of the objects found are opened in
 * the editor (one object, or several as a v1 List, under kubectl's header);
 * each changed object is written back into its own annotation with a JSON
 * merge patch (the object's compact JSON, keys sorted), nothing else of the
 * live object changes.
 */
import { rm } from 'node:fs/promises';
import { compactJson, printJson } from '../codec/json.js';
import { resourcePath } from '../client/rest.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError, failIfAny } from '../errors.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import { preserved, runEditLoop } from '../edit/loop.js';
import type { EditReason } from '../edit/text.js';
import { ObjectOutput } from '../mutate/output.js';
import { marshalYaml } from '../printers/yaml.js';
import { isManifestError, parseManifestItems } from '../resource/manifests.js';
import { isJsonMap, mapAt } from '../codec/value.js';
import type { KubeObject } from '../resource/types.js';
import { deepEqual, type JsonMap } from './strategic-merge.js';
import { LAST_APPLIED } from './last-applied.js';

export interface EditLastAppliedOptions {
  ctx: Context;
  factory: Factory;
  args: string[];
  filenames: string[];
  recursive: boolean;
  print: PrintOptions;
  fieldManager: string;
  validate: 'Strict' | 'Warn' | 'Ignore';
  windowsLineEndings: boolean;
}

const HEADER = `# Please edit the 'last-applied-configuration' annotations below.
# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.
#
`;

const hashOnLineBreak = (s: string) => s.replace(/\n(?!#)/g, '\n# ');

function header(reasons: readonly EditReason[]): string {
  let out = HEADER;
  for (const r of reasons) {
    out += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += '#\n';
  }
  return out;
}

interface Target {
  /** the annotation as an object */
  object: JsonMap;
  resource: string;
  name: string;
}

/** The annotations read as kubectl's builder reads a stream named "edited-file": the objects, flattened. */
function parseObjects(text: string): JsonMap[] {
  const items = parseManifestItems(text, 'edited-file');
  const errors = items.filter(isManifestError).map((e) => e.error.message);
  if (errors.length) throw new KtlError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  // a parsed document is always an object (JSON data)
  return items.flatMap((m) => (isManifestError(m) ? [] : [isJsonMap(m.object) ? m.object : {}]));
}

const uidOf = (o: JsonMap) => String(mapAt(o, 'metadata')?.uid ?? '');
const nameOf = (o: JsonMap) => String(mapAt(o, 'metadata')?.name ?? '');
const nsOf = (o: JsonMap) => String(mapAt(o, 'metadata')?.namespace ?? '');

export async function runEditLastApplied(o: EditLastAppliedOptions): Promise<number> {
  const ctx = o.ctx;
  const f = o.factory;
  const format = o.print.format === 'json' ? 'json' : 'yaml';
  const r = await f
    .builder()
    .args(o.args)
    .filenames({ filenames: o.filenames, recursive: o.recursive })
    .latest()
    .flatten()
    .continueOnError()
    .do();
  // kubectl asks the builder for all its infos first: any failure ends the command
  failIfAny(r.errors, 'server');
  const clients = await f.clients();
  const mapper = await clients.mapper();
  const { namespace: cmdNamespace } = await f.namespace();

  const targets: Target[] = [];
  for (const info of r.infos) {
    const ann = info.object?.metadata?.annotations?.[LAST_APPLIED];
    if (ann === undefined) continue;
    const objs = parseObjects(ann);
    if (!objs[0]) continue;
    targets.push({ object: objs[0], resource: info.mapping.group ? `${info.mapping.resource}.${info.mapping.group}` : info.mapping.resource, name: info.name });
  }
  if (targets.length === 0) {
    throw new KtlError(
      `no last-applied-configuration annotation found on resources, to create the annotation, use command \`${ctx.binName} apply set-last-applied --create-annotation\``,
    );
  }
  if (o.print.format !== '' && o.print.format !== 'json' && o.print.format !== 'yaml') {
    throw new KtlError(`unable to match a printer suitable for the output format "${o.print.output}", allowed formats are: json,yaml`);
  }

  const originals = targets.map((t) => t.object);
  const value = originals.length === 1 ? originals[0] : { apiVersion: 'v1', items: originals, kind: 'List', metadata: {} };
  const out = new ObjectOutput(o.print, ctx.cwd, 'none');
  return runEditLoop({
    ctx,
    format,
    header,
    printed: format === 'json' ? printJson(value) : marshalYaml(value),
    windowsLineEndings: o.windowsLineEndings,
    validate: o.validate !== 'Ignore',
    first: targets[0]!,
    apply: async (updated, file) => {
      for (let obj of updated) {
        // the namespace may not change while editing (-n or the context's); a missing one is filled in
        const ns = nsOf(obj);
        const mapping = mapper.forKind(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
        if (!mapping) {
          return preserved(
            ctx,
            file,
            new KtlError(
              `resource mapping not found for name: "${nameOf(obj)}" namespace: "${ns}" from "edited-file": no matches for kind "${String(obj.kind ?? '')}" in version "${String(obj.apiVersion ?? '')}"\nensure CRDs are installed first`,
            ),
          );
        }
        if (mapping.namespaced && ns && ns !== cmdNamespace) {
          return preserved(
            ctx,
            file,
            new KtlError(`the namespace from the provided object "${ns}" does not match the namespace "${cmdNamespace}". You must pass '--namespace=${ns}' to perform this operation.`),
          );
        }
        if (mapping.namespaced && !ns) obj = { ...obj, metadata: { ...(mapAt(obj, 'metadata') ?? {}), namespace: cmdNamespace } };
        // kubectl pairs an edited object with an original by UID; annotations rarely carry one,
        // so every object is compared with the first original
        const orig = originals.find((x) => uidOf(x) === uidOf(obj));
        if (!orig) return preserved(ctx, file, new KtlError(`no original object found for ${compactJson(obj)}`));
        const operation = deepEqual(orig, obj) ? 'skipped' : 'edited';
        if (operation === 'edited') {
          // the unstructured JSON encoder ends the document with a newline, kept in the annotation
          const patch = { metadata: { annotations: { [LAST_APPLIED]: compactJson(obj) + '\n' } } };
          const path = resourcePath(mapping, { namespace: mapping.namespaced ? cmdNamespace : undefined, name: nameOf(obj) });
          try {
            await clients.rest.patch(path, 'merge', compactJson(patch), { fieldManager: o.fieldManager, fieldValidation: o.validate });
          } catch (err) {
            return preserved(ctx, file, err);
          }
        }
        await write(ctx.io.out, await out.render(obj, operation, false));
      }
      await rm(file, { force: true });
      return { code: 0 };
    },
  });
}

