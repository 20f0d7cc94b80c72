/**
 * `ktl create -f FILE --edit`: kubectl's EditBeforeCreateMode
 * (cmd/util/editor's EditOptions over create's RunEditOnCreate). Each object
 * read from -f gets an editor session of its own (the shared loop of
 * src/edit/loop.ts: header, validation, "Edit cancelled", reopen on a syntax
 * error), and what was saved is created, printed `<kind>/<name> created` or
 * through -o (json or yaml only: the editor's own printer). As in kubectl:
 * the objects are POSTed with field manager kubectl-create whatever
 * --field-manager says, --dry-run, -l and --windows-line-endings are read
 * but take no part, a failed create keeps the file ("A copy of your changes
 * ..."), and the sessions go on past a failure, whose errors are reported
 * together at the end.
 */
import { rm } from 'node:fs/promises';
import { withLastApplied } from '../apply/last-applied.js';
import type { Clients } from '../client/index.js';
import type { ResourceMapper, ResourceMapping } from '../client/mapper.js';
import { resourcePath } from '../client/rest.js';
import { compactJson, printJson } from '../codec/json.js';
import { isJsonMap, mapAt, stringAt, type Json, type JsonMap } from '../codec/value.js';
import { write, type Context } from '../context.js';
import { preserved, runEditLoop } from '../edit/loop.js';
import { editHeader, type EditReason } from '../edit/text.js';
import { failIfAny, KtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { FilenameOptions } from '../flags/filename.js';
import type { PrintOptions } from '../flags/print.js';
import { recordOn } from '../flags/record.js';
import { ObjectOutput } from '../mutate/output.js';
import { goQuote } from '../printers/go-format.js';
import { marshalYaml } from '../printers/yaml.js';
import { withoutResourceVersion } from '../resource/create-body.js';
import { isKubeObject, type KubeObject, type ResourceInfo } from '../resource/types.js';
import type { ReadyTarget } from '../wait/ready/run.js';

export interface CreateEditOptions {
  ctx: Context;
  factory: Factory;
  files: FilenameOptions;
  /** -o as given ('' when not): json and yaml also choose the editor's format; any other is refused per object */
  output: string;
  print: PrintOptions;
  saveConfig: boolean;
  validate: 'Strict' | 'Warn' | 'Ignore';
  changeCause?: string;
  /** ktl: --wait / --wait-ready, on what was created */
  readyTimeoutMs?: number;
}

/** the field manager kubectl's RunEditOnCreate sets, whatever --field-manager says */
const FIELD_MANAGER = 'kubectl-create';

const resourceOf = (m: ResourceMapping) => (m.group ? `${m.resource}.${m.group}` : m.resource);
const metaOf = (obj: JsonMap) => mapAt(obj, 'metadata') ?? {};

export async function runCreateEdit(o: CreateEditOptions): Promise<number> {
  try {
    const clients = await o.factory.clients();
    const { resolveResources } = await import('../resource/args.js');
    const namespace = clients.config.namespace;
    // no schema and no -l: kubectl's editor builder reads the files as they are
    const r = await resolveResources(clients, [], {
      namespace,
      filenames: o.files.filenames,
      recursive: o.files.recursive,
      selector: '',
      enforceNamespace: clients.config.namespaceFromFlag,
      ctx: o.ctx,
      validate: false,
    });
    const failures: unknown[] = [];
    const written: ReadyTarget[] = [];
    // cli-runtime's ContinueOnError visit: one session per object, in document order, past failures
    for (const item of r.sequence ?? [...r.infos, ...r.errors]) {
      if (item instanceof KtlError) {
        failures.push(item);
        continue;
      }
      try {
        await editThenCreate(o, clients, namespace, item, written);
      } catch (err) {
        failures.push(err);
      }
    }
    if (o.readyTimeoutMs !== undefined && written.length > 0) {
      const { waitUntilReady } = await import('../wait/ready/run.js');
      const code = await waitUntilReady(o.ctx, clients.rest, written, o.readyTimeoutMs);
      failIfAny(failures, 'server');
      return code;
    }
    failIfAny(failures, 'server');
    return 0;
  } finally {
    o.factory.close();
  }
}

/** The object as the editor shows it: the builder's namespace filled in, managedFields set aside. */
function shown(info: ResourceInfo): { obj: JsonMap; managedFields: Map<string, Json | undefined> } {
  const read: JsonMap = isJsonMap(info.object) ? info.object : {};
  const meta: JsonMap = { ...metaOf(read) };
  // cli-runtime's SetNamespace: a namespaced object without one gets the command's
  if (info.mapping.namespaced && info.namespace && !meta.namespace) meta.namespace = info.namespace;
  const managedFields = new Map<string, Json | undefined>();
  managedFields.set(stringAt(meta, 'uid') ?? '', meta.managedFields);
  delete meta.managedFields;
  return { obj: { ...read, metadata: meta }, managedFields };
}

async function editThenCreate(o: CreateEditOptions, clients: Clients, namespace: string, info: ResourceInfo, written: ReadyTarget[]): Promise<void> {
  const ctx = o.ctx;
  // the editor's printer: json or yaml (the default); kubectl fails on any other -o before the editor opens
  if (o.output !== '' && o.output !== 'json' && o.output !== 'yaml') {
    throw new KtlError(`unable to match a printer suitable for the output format ${goQuote(o.output)}, allowed formats are: json,yaml`);
  }
  const format = o.output === 'json' ? 'json' : 'yaml';
  const { obj, managedFields } = shown(info);
  await runEditLoop({
    ctx,
    format,
    header: editHeader,
    printed: format === 'json' ? printJson(obj) : marshalYaml(obj),
    // kubectl's create binds no variable to --windows-line-endings: the platform's line endings
    windowsLineEndings: false,
    validate: o.validate !== 'Ignore',
    first: { resource: resourceOf(info.mapping), name: info.name },
    apply: async (updated, file) => {
      // the edited file read as a stream named "edited-file": a kind the server does not serve is a syntax error
      const mapped = await mapEdited(clients, updated);
      if ('reasons' in mapped) return mapped;
      const objects: Array<{ mapping: ResourceMapping; obj: JsonMap }> = [];
      for (const { mapping, obj: edited } of mapped.items) {
        let next = restoreManagedFields(edited, managedFields);
        if (mapping.namespaced) {
          // cli-runtime's RequireNamespace(the command's namespace)
          const objNs = stringAt(metaOf(next), 'namespace') ?? '';
          if (!objNs) next = { ...next, metadata: { ...metaOf(next), namespace } };
          else if (objNs !== namespace) {
            return preserved(
              ctx,
              file,
              `the namespace from the provided object "${objNs}" does not match the namespace "${namespace}". You must pass '--namespace=${objNs}' to perform this operation.`,
            );
          }
        }
        objects.push({ mapping, obj: next });
      }
      // visitAnnotation: --save-config, then --record
      for (const x of objects) {
        if (o.saveConfig) x.obj = withLastApplied(x.obj);
        if (o.changeCause !== undefined) {
          x.obj = structuredClone(x.obj);
          recordOn(x.obj, o.changeCause);
        }
      }
      for (const { mapping, obj: toCreate } of objects) {
        const ns = mapping.namespaced ? (stringAt(metaOf(toCreate), 'namespace') ?? '') : '';
        let created: KubeObject;
        try {
          const query = { fieldManager: FIELD_MANAGER, fieldValidation: o.validate };
          // Helper.Create(modify=true): a resourceVersion is not sent
          const body = compactJson(withoutResourceVersion(toCreate)); // an unstructured map: keys sorted, as Go's encoder writes it
          created = await clients.rest.create(resourcePath(mapping, { namespace: ns || undefined }), body, query);
        } catch (err) {
          return preserved(ctx, file, err);
        }
        const result = isKubeObject(created) ? created : {};
        written.push({ mapping, namespace: ns, name: result.metadata?.name ?? '', object: result });
        // a printer per object, as kubectl's ToPrinter("created"): no "---" between YAML documents
        await write(ctx.io.out, await new ObjectOutput(o.print, ctx.cwd, 'none').render(result, 'created', false));
      }
      await rm(file, { force: true });
      return { code: 0 };
    },
  });
}

/** restoreManagedFields: the entries set aside for the object's uid, none for an object the file did not have. */
function restoreManagedFields(obj: JsonMap, saved: Map<string, Json | undefined>): JsonMap {
  const meta: JsonMap = { ...metaOf(obj) };
  const mf = saved.get(stringAt(meta, 'uid') ?? '');
  if (mf === undefined || mf === null) delete meta.managedFields;
  else meta.managedFields = mf;
  return { ...obj, metadata: meta };
}

/** Each edited object with its mapping, or the reopen reason kubectl gives when one has none. */
async function mapEdited(clients: Clients, objects: JsonMap[]): Promise<{ items: Array<{ mapping: ResourceMapping; obj: JsonMap }> } | { reasons: EditReason[] }> {
  let mapper: ResourceMapper = await clients.mapper();
  let refreshed = false;
  const items: Array<{ mapping: ResourceMapping; obj: JsonMap }> = [];
  const errors: string[] = [];
  for (const obj of objects) {
    const apiVersion = stringAt(obj, 'apiVersion') ?? '';
    const kind = stringAt(obj, 'kind') ?? '';
    let mapping = mapper.forKind(apiVersion, kind);
    if (!mapping && !refreshed) {
      refreshed = true;
      const { ResourceMapper: Mapper } = await import('../client/mapper.js');
      mapper = new Mapper((await clients.discovery.get({ fresh: true })).doc);
      mapping = mapper.forKind(apiVersion, kind);
    }
    if (!mapping) {
      const meta = metaOf(obj);
      errors.push(
        `resource mapping not found for name: "${stringAt(meta, 'name') ?? ''}" namespace: "${stringAt(meta, 'namespace') ?? ''}" from "edited-file": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      );
      continue;
    }
    items.push({ mapping, obj });
  }
  if (errors.length === 0) return { items };
  const message = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return { reasons: [{ head: `The edited file had a syntax error: ${message}`, other: [] }] };
}
