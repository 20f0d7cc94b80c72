/**
 * Namespace: status, conditions, then its resource quotas (used/hard per
 * resource) and limit ranges (one table over all of them). kubectl walks a
 * Go map for each limit item's resources, so its row order within an item
 * varies; ktl sorts by resource name.
 */
import { ApiError } from '../../errors.js';
import { getObject, gvr, listObjects } from '../api.js';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline, sortedKeys, stableSort, timeRFC1123Z } from '../format.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';
import type { LimitRange, Namespace, ResourceQuota } from '../wire.js';

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating:
    'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort:
    'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** describeLimitRangeSpec: one row per item and resource ("-" where a column is unset). */
export function describeLimitRangeSpec(spec: LimitRange['spec'], prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const cols: Array<Record<string, string> | undefined> = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set<string>();
    for (const c of cols) for (const k of Object.keys(c ?? {})) names.add(k);
    for (const k of [...names].sort(compareStrings)) {
      const [min, max, defReq, def, ratio] = cols.map((c) => c?.[k] ?? '-');
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${min}\t${max}\t${defReq}\t${def}\t${ratio}\n`);
    }
  }
}

function describeLimitRanges(items: LimitRange[], w: PrefixWriter): void {
  if (items.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of items) describeLimitRangeSpec(lr.spec, ' ', w);
}

function describeResourceQuotas(items: ResourceQuota[], w: PrefixWriter): void {
  if (items.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const rq of stableSort(items, (a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '') < 0)) {
    w.write(LEVEL_1, `Name:\t${rq.metadata?.name ?? ''}\n`);
    const scopes = [...(rq.spec?.scopes ?? [])].sort(compareStrings);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = rq.status?.hard ?? {};
    const used = rq.status?.used ?? {};
    for (const r of sortedKeys(hard)) w.write(LEVEL_1, `${r}\t${used[r] ?? '0'}\t${hard[r]}\n`);
  }
}

export function renderNamespace(ns: Namespace, quotas: ResourceQuota[] | undefined, limitRanges: LimitRange[] | undefined): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${timeRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limitRanges, w);
    }
  });
}

/** A list that the server does not serve (404) is left out, as kubectl does; other failures fail the describe. */
async function optionalList<T>(p: Promise<T[]>): Promise<T[] | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && (err.statusCode === 404 || err.reason === 'NotFound')) return undefined;
    throw err;
  }
}

const describeNamespace: Describer = async (dc, _namespace, name) => {
  const ns = await getObject<Namespace>(dc, gvr('', 'v1', 'namespaces'), '', name);
  const quotas = await optionalList(listObjects<ResourceQuota>(dc, gvr('', 'v1', 'resourcequotas'), name));
  const limitRanges = await optionalList(listObjects<LimitRange>(dc, gvr('', 'v1', 'limitranges'), name));
  return renderNamespace(ns, quotas, limitRanges);
};

registerDescriber('', 'Namespace', describeNamespace);
