/**
 * Output order: kustomize's "legacy" order by default (kinds in a fixed
 * order, then type, namespace and name), or the order of the kustomization
 * ("fifo") when sortOptions says so.
 */
import { KtlError } from '../errors.js';
import { gvkString, isMap, type Gvk, type JsonMap, type Resource } from './resource.js';

const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const gvkSortString = (g: Gvk) => [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortResources(resources: Resource[], sortOptions: JsonMap | undefined): Resource[] {
  let first = ORDER_FIRST;
  let last = ORDER_LAST;
  if (sortOptions) {
    const order = sortOptions.order;
    if (order !== 'fifo' && order !== 'legacy') throw new KtlError("the field 'sortOptions.order' must be one of [fifo, legacy]");
    const legacy = sortOptions.legacySortOptions;
    if (order === 'fifo') {
      if (legacy !== undefined && legacy !== null) {
        throw new KtlError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
      }
      return resources;
    }
    if (isMap(legacy)) {
      first = Array.isArray(legacy.orderFirst) ? legacy.orderFirst.filter((k): k is string => typeof k === 'string') : [];
      last = Array.isArray(legacy.orderLast) ? legacy.orderLast.filter((k): k is string => typeof k === 'string') : [];
    }
  }
  const rank = new Map<string, number>();
  first.forEach((k, i) => rank.set(k, -first.length + i));
  last.forEach((k, i) => rank.set(k, 1 + i));
  const key = (r: Resource) => {
    const id = r.curId();
    return `${gvkString(id)}|${id.namespace || '~X'}|${id.name || '~N'}`;
  };
  return [...resources].sort((a, b) => {
    const ga = a.gvk();
    const gb = b.gvk();
    const same = ga.group === gb.group && ga.version === gb.version && ga.kind === gb.kind;
    if (!same) {
      const ra = rank.get(ga.kind) ?? 0;
      const rb = rank.get(gb.kind) ?? 0;
      if (ra !== rb) return ra - rb;
      if (ga.kind === 'Namespace' && gb.kind === 'Namespace' && (ga.group === '' || gb.group === '')) return -cmp(gvkSortString(ga), gvkSortString(gb));
      return cmp(gvkSortString(ga), gvkSortString(gb));
    }
    return cmp(key(a), key(b));
  });
}
