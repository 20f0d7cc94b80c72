/** `ktl apply`: read manifests, apply them (batched), prune, report. */
import type { ApplyOptions } from '../commands/apply.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import { isManifestError, readManifestItems } from '../resource/manifests.js';
import { dryRunSuffix, objectRef, throwFailures } from '../mutate/report.js';
import { matchesSelector, parseSelector } from '../mutate/selector.js';
import { oneOrList } from '../printers/resource-printer.js';
import type { KubeObject } from '../resource/types.js';
import { applyBatch } from './batch.js';
import { Applier } from './client-side.js';
import { OpenApiV3Client } from './openapi.js';
import { DEFAULT_PRUNE_ALLOWLIST, findPruneCandidates, objectKey, parseAllowlist, pruneOne } from './prune.js';
import type { JsonMap } from './strategic-merge.js';

export async function runApply(o: ApplyOptions): Promise<number> {
  const io = o.ctx.io;
  let manifests = await readManifestItems(o.ctx, { filenames: o.filenames, recursive: o.recursive, validate: o.validate !== 'Ignore' });
  if (o.selector) {
    const sel = parseSelector(o.selector);
    manifests = manifests.filter((m) => isManifestError(m) || matchesSelector(sel, labelsOf(m.object as JsonMap)));
  }
  if (manifests.length === 0) throw new KtlError('no objects passed to apply');

  const clients = await o.factory.clients();
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
    });
    const suffix = dryRunSuffix(o.dryRun);
    const printed: KubeObject[] = [];
    const runErrors: unknown[] = [];
    const applied = new Set<string>();
    const namespaces: string[] = [];
    const { builderErrors } = await applyBatch(
      clients,
      applier,
      manifests,
      {
        namespace: clients.config.namespace,
        namespaceFromFlag: clients.config.namespaceFromFlag,
        concurrency: o.concurrency,
        waitForCrds: o.dryRun === 'none',
      },
      async (_i, out) => {
        const t = out.target;
        if ('error' in out) {
          runErrors.push(out.error);
          return;
        }
        applied.add(objectKey(t.mapping, t.namespace, t.name));
        if (t.mapping.namespaced && !namespaces.includes(t.namespace)) namespaces.push(t.namespace);
        for (const w of out.result.warnings) await write(io.errOut, w);
        const ref = objectRef(t.mapping.kind, t.mapping.group, t.name);
        if (o.output === 'name') await write(io.out, `${ref}\n`);
        else if (o.output) printed.push(out.result.object);
        else await write(io.out, `${ref} ${out.result.operation}${suffix}\n`);
      },
    );

    if (o.prune) {
      if (!o.pruneAllowlist.length) {
        clients.log.warning(
          'prune.go:71',
          'Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.',
        );
      }
      const mapper = await clients.mapper();
      const kinds = parseAllowlist(o.pruneAllowlist.length ? o.pruneAllowlist : DEFAULT_PRUNE_ALLOWLIST, (av, k) =>
        mapper.forKind(av, k),
      );
      const candidates = await findPruneCandidates(clients, kinds, namespaces, o.selector, applied);
      for (const c of candidates) {
        try {
          await pruneOne(clients, c, { dryRun: o.dryRun, cascade: o.cascade, gracePeriod: o.gracePeriod });
          await write(io.out, `${objectRef(c.mapping.kind, c.mapping.group, c.name)} pruned${suffix}\n`);
        } catch (err) {
          runErrors.push(err);
        }
      }
    }

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
    throwFailures(builderErrors, runErrors);
    return 0;
  } finally {
    o.factory.close();
  }
}

function labelsOf(obj: JsonMap): Record<string, string> {
  const md = obj.metadata as { labels?: Record<string, string> } | undefined;
  return md?.labels ?? {};
}
