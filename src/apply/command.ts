/** `ktl apply`: read manifests, apply them (batched), prune, report. */
import { recordOn } from '../flags/record.js';
import type { ApplyOptions } from './options.js';
import { write } from '../context.js';
import { ErrorList, KtlError } from '../errors.js';
import { isManifestError, readManifestItems } from '../resource/manifests.js';
import { schemaUnreachableErrors } from '../resource/unreachable.js';
import { dryRunSuffix, objectRef, throwFailures } from '../mutate/report.js';
import { matchesSelector, parseSelector } from '../mutate/selector.js';
import { oneOrList } from '../printers/resource-printer.js';
import type { KubeObject } from '../resource/types.js';
import type { ResourceMapping } from '../client/index.js';
import { applyBatch, prepareTarget } from './batch.js';
import { ApplySet, parseParentRef } from './applyset.js';
import { Applier } from './client-side.js';
import { OpenApiV3Client } from './openapi.js';
import { DEFAULT_PRUNE_ALLOWLIST, parseAllowlist, pruneAll, pruneOne, type PruneCandidate } from './prune.js';
import { mapAt, stringAt } from '../codec/value.js';
import type { ReadyTarget } from '../wait/ready/run.js';

export async function runApply(o: ApplyOptions, validate: (applySet?: ApplySet) => Promise<void> | void = () => {}): Promise<number> {
  const io = o.ctx.io;
  // kubectl resolves the --applyset parent, then reads the allowlist (and maps
  // its kinds), before checking the flags together, all before reading or
  // applying anything
  let applySet: ApplySet | undefined;
  if (o.applySet !== undefined) {
    const clients = await o.factory.clients();
    let parent;
    try {
      parent = parseParentRef(o.applySet, await clients.mapper());
    } catch (err) {
      // as kubectl's deferred mapper: a miss in cached discovery is looked up again, fresh
      parent = parseParentRef(o.applySet, await clients.mapper({ fresh: true }).catch(() => Promise.reject(err)));
    }
    // only -n names the parent's namespace (never the context's or the default)
    const namespace = clients.config.namespaceFromFlag && parent.mapping.namespaced ? clients.config.namespace : '';
    applySet = new ApplySet(clients, { ...parent, namespace }, { dryRun: o.dryRun, fieldValidation: o.validate });
  }
  let pruneKinds: ResourceMapping[] = [];
  if (o.prune && o.pruneAllowlist.length) {
    const mapper = await (await o.factory.clients()).mapper();
    pruneKinds = parseAllowlist(o.pruneAllowlist, (av, k) => mapper.forKind(av, k));
  }
  await validate(applySet);
  let manifests = await readManifestItems(o.ctx, { filenames: o.filenames, recursive: o.recursive, validate: o.validate !== 'Ignore' });
  // -l filters the objects once they are mapped (kubectl's builder): a document that does not
  // map is an error whatever its labels, one that is filtered out is never looked at again
  const sel = o.selector ? parseSelector(o.selector) : undefined;
  const select = sel ? (obj: KubeObject) => matchesSelector(sel, labelsOf(obj)) : undefined;
  let labelError: unknown;
  if (applySet) {
    // kubectl labels the objects as it reads them; a manifest that sets the label itself
    // fails the whole read (the parent is still brought up to date first)
    try {
      applySet.addLabels(manifests.flatMap((m) => (isManifestError(m) ? [] : [m.object])));
    } catch (err) {
      labelError = err;
      manifests = [];
    }
  }
  if (manifests.length === 0 && labelError === undefined) throw new KtlError('no objects passed to apply');
  // --record: kubectl's Recorder.Record(info.Object) before the object is looked at
  for (const m of manifests) if (!isManifestError(m)) recordOn(m.object, o.changeCause);

  const clients = await o.factory.clients();
  // kubectl's client-side validation downloads the schema first: a server out of reach fails there
  const refused = o.validate !== 'Ignore' ? await schemaUnreachableErrors(clients, manifests) : undefined;
  if (refused) throw refused.length === 1 ? refused[0] : new ErrorList(refused, 'bare');
  if (applySet) {
    // kubectl's BeforeApply: the parent covers what it held and what is about to be applied
    const mapper = await clients.mapper();
    const members: Array<{ mapping: ResourceMapping; namespace: string }> = [];
    for (const m of manifests) {
      if (isManifestError(m)) continue;
      const { target } = prepareTarget(m, (av, k) => mapper.forKind(av, k), {
        namespace: clients.config.namespace,
        namespaceFromFlag: clients.config.namespaceFromFlag,
      });
      if (target && (!select || select(target.object))) members.push({ mapping: target.mapping, namespace: target.namespace });
    }
    await applySet.beforeApply(members);
    if (labelError !== undefined) throw labelError;
  }
  try {
    const openapi = new OpenApiV3Client(clients.transport, clients.config.cacheDir);
    const applier = new Applier(clients, openapi, {
      dryRun: o.dryRun,
      fieldManager: o.fieldManager,
      fieldValidation: o.validate,
      serverSide: o.serverSide,
      forceConflicts: o.forceConflicts,
      force: o.force,
      gracePeriod: o.gracePeriod,
      cascade: o.cascade,
      timeoutMs: o.timeoutMs,
      binName: o.ctx.binName,
      subresource: o.subresource,
      overwrite: o.overwrite,
      openapiPatch: o.openapiPatch,
    });
    const suffix = dryRunSuffix(o.dryRun);
    const printed: KubeObject[] = [];
    // --template alone: each object through the template as it is applied, as kubectl's ToPrinter(operation)
    let templatePrinter: Awaited<ReturnType<typeof o.factory.printer>> | undefined;
    const printOne = async (obj: KubeObject) => {
      templatePrinter ??= await o.factory.printer(o.print());
      let text = '';
      try {
        templatePrinter.print(obj, (s) => void (text += s));
      } finally {
        await write(io.out, text);
      }
    };
    const runErrors: unknown[] = [];
    const visitedUids = new Set<string>();
    const written: ReadyTarget[] = [];
    // -n names a namespace visited even when nothing was applied there
    const namespaces: string[] = clients.config.namespaceFromFlag ? [clients.config.namespace] : [];
    const { builderErrors, outcomes } = await applyBatch(
      clients,
      applier,
      manifests,
      {
        namespace: clients.config.namespace,
        namespaceFromFlag: clients.config.namespaceFromFlag,
        concurrency: o.concurrency,
        select,
      },
      async (_i, out) => {
        const t = out.target;
        if (t.mapping.namespaced && !namespaces.includes(t.namespace)) namespaces.push(t.namespace);
        if ('error' in out) {
          for (const w of out.warnings) await write(io.errOut, w);
          runErrors.push(out.error);
          return;
        }
        const uid = stringAt(mapAt(out.result.object, 'metadata'), 'uid');
        if (typeof uid === 'string' && uid) visitedUids.add(uid);
        for (const w of out.result.warnings) await write(io.errOut, w);
        written.push({ mapping: t.mapping, namespace: t.mapping.namespaced ? t.namespace : '', name: t.name, object: out.result.object });
        const ref = objectRef(t.mapping.kind, t.mapping.group, t.name);
        if (o.output === 'name') await write(io.out, `${ref}\n`);
        else if (o.output) printed.push(out.result.object);
        else if (o.templateOnly) await printOne(out.result.object);
        else await write(io.out, `${ref} ${out.result.operation}${suffix}\n`);
      },
    );
    // every object filtered out by -l, and nothing that failed to read or map
    if (!builderErrors.length && !outcomes.length) throw new KtlError('no objects passed to apply');
    // as kubectl: any failure ends the run here, before printing and pruning
    throwFailures(builderErrors, runErrors);

    if (printed.length) {
      // kubectl prints what it applied at the end: one object as is, several as a List
      const printer = await o.factory.printer(o.print());
      let text = '';
      try {
        printer.print(oneOrList(printed), (s) => void (text += s));
      } finally {
        await write(io.out, text);
      }
    }

    // kubectl prints what it prunes with its "pruned" printer: the line, the name for -o name,
    // else the object as listed, in the -o format (one printer for all of them)
    // (the ApplySet pruner makes one printer for all, so YAML documents are separated; the
    // allowlist pruner one per object); a listed object carries its apiVersion and kind
    let prunePrinter: Awaited<ReturnType<typeof o.factory.printer>> | undefined;
    const pruned = async (c: PruneCandidate, onePrinter: boolean) => {
      const ref = objectRef(c.mapping.kind, c.mapping.group, c.name);
      if (o.output === '' && !o.templateOnly) return write(io.out, `${ref} pruned${suffix}\n`);
      if (o.output === 'name') return write(io.out, `${ref}\n`);
      const printer = onePrinter ? (prunePrinter ??= await o.factory.printer(o.print())) : await o.factory.printer(o.print());
      const m = c.mapping;
      const obj: KubeObject = { apiVersion: m.group ? `${m.group}/${m.version}` : m.version, kind: m.kind, ...(c.object ?? {}) };
      let text = '';
      printer.print(obj, (s) => void (text += s));
      await write(io.out, text);
    };
    if (o.prune && applySet) {
      await applySet.prune(visitedUids, async (c) => {
        await pruneOne(clients, c, { dryRun: o.dryRun, cascade: o.cascade, gracePeriod: o.gracePeriod });
        await pruned(c, true);
      });
    } else if (o.prune) {
      if (!o.pruneAllowlist.length) {
        clients.log.warning(
          'prune.go:71',
          'Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.',
        );
        const mapper = await clients.mapper();
        pruneKinds = parseAllowlist(DEFAULT_PRUNE_ALLOWLIST, (av, k) => mapper.forKind(av, k));
      }
      await pruneAll(clients, pruneKinds, namespaces, o.selector, visitedUids, async (c) => {
        await pruneOne(clients, c, { dryRun: o.dryRun, cascade: o.cascade, gracePeriod: o.gracePeriod });
        await pruned(c, false);
      });
    }
    // ktl: --wait=DURATION / --wait-ready (nothing was written by a dry run)
    if (o.readyTimeoutMs !== undefined && o.dryRun === 'none' && !o.subresource) {
      const { waitUntilReady } = await import('../wait/ready/run.js');
      return await waitUntilReady(o.ctx, clients.rest, written, o.readyTimeoutMs);
    }
    return 0;
  } finally {
    o.factory.close();
  }
}

function labelsOf(obj: KubeObject): Record<string, string> {
  return obj.metadata?.labels ?? {};
}
