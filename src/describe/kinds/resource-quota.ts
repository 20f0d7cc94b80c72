/**
 * ResourceQuota and LimitRange (core/v1). Neither has an events section in
 * kubectl. A quota's "used" is shown in the format of its "hard" value.
 *
 * A LimitRange item lists its resources in Go map order, which is random
 * in kubectl from run to run; ktl sorts them by name.
 */
import { getObject, gvr } from '../api.js';
import { compareStrings, sortedKeys } from '../format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, type PrefixWriter } from '../prefix-writer.js';
import { integerQuantityString, quantityFormat, quantityValue } from '../quantity-format.js';
import { registerDescriber, type Describer } from '../registry.js';

type ResourceList = Record<string, string> | null | undefined;

export interface ResourceQuota extends Described {
  spec?: { scopes?: string[] | null };
  status?: { hard?: ResourceList; used?: ResourceList };
}

export interface LimitRangeItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends Described {
  spec?: { limits?: LimitRangeItem[] | null };
}

/** helpTextForResourceQuotaScope */
export function quotaScopeHelp(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

/** The used quantity in the hard quantity's format (kubectl re-renders it when they differ). */
export function usedInHardFormat(used: string | undefined, hard: string | undefined): string {
  const hardFormat = quantityFormat(hard);
  if (hardFormat !== quantityFormat(used)) return integerQuantityString(quantityValue(used), hardFormat);
  return used === undefined || used === '' ? '0' : used;
}

/** describeLimitRangeSpec: one row per item and resource ("-" where a bound is unset). */
export function describeLimitRangeSpec(w: PrefixWriter, limits: LimitRangeItem[] | null | undefined, prefix: string): void {
  for (const item of limits ?? []) {
    const names = new Set<string>();
    for (const list of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) {
      for (const k of Object.keys(list ?? {})) names.add(k);
    }
    const cell = (list: ResourceList, k: string) => (list && k in list ? String(list[k]) : '-');
    for (const k of [...names].sort(compareStrings)) {
      const cells = [cell(item.min, k), cell(item.max, k), cell(item.defaultRequest, k), cell(item.default, k), cell(item.maxLimitRequestRatio, k)];
      w.write(LEVEL_0, `${prefix}${item.type ?? ''}\t${k}\t${cells.join('\t')}\n`);
    }
  }
}

export function renderResourceQuota(quota: ResourceQuota): string {
  const md = metaOf(quota);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  const scopes = [...(quota.spec?.scopes ?? [])].sort(compareStrings);
  if (scopes.length > 0) {
    w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
    for (const s of scopes) {
      const help = quotaScopeHelp(s);
      if (help) w.write(LEVEL_0, ` * ${help}\n`);
    }
  }
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  for (const r of sortedKeys(hard)) w.write(LEVEL_0, `${r}\t${usedInHardFormat(used[r], hard[r])}\t${hard[r]}\n`);
  return w.toString();
}

export function renderLimitRange(lr: LimitRange): string {
  const md = metaOf(lr);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  describeLimitRangeSpec(w, lr.spec?.limits, '');
  return w.toString();
}

const describeQuota: Describer = async (dc, ns, name) =>
  renderResourceQuota(await getObject<ResourceQuota>(dc, gvr('', 'v1', 'resourcequotas'), ns, name));

const describeLimitRange: Describer = async (dc, ns, name) =>
  renderLimitRange(await getObject<LimitRange>(dc, gvr('', 'v1', 'limitranges'), ns, name));

registerDescriber('', 'ResourceQuota', describeQuota);
registerDescriber('', 'LimitRange', describeLimitRange);
