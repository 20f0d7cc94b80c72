/**
 * Role, ClusterRole, RoleBinding, ClusterRoleBinding (rbac.authorization.k8s.io/v1).
 * Roles show kubectl's policy rule table: every rule broken down to one
 * verb per group/resource/name (or per non-resource URL), the simple ones
 * merged back per group/resource/name with their verbs, the table sorted by
 * each rule's Go String() form. No events section, as kubectl.
 */
import { getObject, gvr } from '../api.js';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { goStringSlice } from '../label-format.js';
import { type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from '../prefix-writer.js';
import { registerDescriber, type DescribeContext } from '../registry.js';

export interface PolicyRule {
  verbs?: string[] | null;
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

export interface RoleObject extends Described {
  rules?: PolicyRule[] | null;
}

export interface BindingObject extends Described {
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }> | null;
}

const RBAC = (resource: string) => gvr('rbac.authorization.k8s.io', 'v1', resource);

/** rbac.BreakdownRule: one verb, group, resource and name (or URL) per rule. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  const verbs = rule.verbs ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of verbs) {
        if ((rule.resourceNames ?? []).length > 0) {
          for (const name of rule.resourceNames!) {
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
          }
        } else {
          out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

/** The key of a "simple" rule (one group, one resource, at most one name, no URLs), else undefined. */
function simpleKey(rule: PolicyRule): string | undefined {
  const names = rule.resourceNames ?? [];
  if (names.length > 1 || (rule.nonResourceURLs ?? []).length > 0) return undefined;
  if ((rule.apiGroups ?? []).length !== 1 || (rule.resources ?? []).length !== 1) return undefined;
  return JSON.stringify([rule.apiGroups![0], rule.resources![0], names.length > 0, names[0] ?? '']);
}

/**
 * rbac.CompactRules: simple rules on the same group/resource/name merge
 * their verbs (first-seen order); the rest pass through. Go appends the
 * merged rules in map order, which the sort that follows makes irrelevant.
 */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (existing) {
      const verbs = (existing.verbs ??= []);
      for (const verb of rule.verbs ?? []) if (!verbs.includes(verb)) verbs.push(verb);
    } else {
      simple.set(key, { ...rule, verbs: rule.verbs ? [...rule.verbs] : rule.verbs });
    }
  }
  return [...compacted, ...simple.values()];
}

/** PolicyRule.String() (the generated protobuf form), the sort key kubectl uses. */
export function policyRuleString(r: PolicyRule): string {
  return (
    `&PolicyRule{Verbs:${goStringSlice(r.verbs)},APIGroups:${goStringSlice(r.apiGroups)},` +
    `Resources:${goStringSlice(r.resources)},ResourceNames:${goStringSlice(r.resourceNames)},` +
    `NonResourceURLs:${goStringSlice(r.nonResourceURLs)},}`
  );
}

/** CombineResourceGroup: "resource.group/subresource" from the first of each. */
export function combineResourceGroup(resources: string[] | null | undefined, groups: string[] | null | undefined): string {
  if (!resources || resources.length === 0) return '';
  const [resource, sub] = splitOnce(resources[0]!, '/');
  let out = resource;
  if (groups && groups.length > 0 && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** The rules as the table shows them: broken down, compacted, stably sorted. */
export function tableRules(rules: PolicyRule[] | null | undefined): PolicyRule[] {
  const compact = compactRules((rules ?? []).flatMap(breakdownRule));
  return compact
    .map((r, i) => ({ r, i, key: policyRuleString(r) }))
    .sort((a, b) => compareStrings(a.key, b.key) || a.i - b.i)
    .map((x) => x.r);
}

export function renderRole(role: RoleObject): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${role.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', role.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', role.metadata?.annotations);
  w.write(LEVEL_0, 'PolicyRule:\n');
  w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
  w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
  for (const r of tableRules(role.rules)) {
    const cells = [combineResourceGroup(r.resources, r.apiGroups), goStringSlice(r.nonResourceURLs), goStringSlice(r.resourceNames), goStringSlice(r.verbs)];
    w.write(LEVEL_1, `${cells.join('\t')}\n`);
  }
  return w.toString();
}

export function renderBinding(binding: BindingObject): string {
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${binding.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', binding.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', binding.metadata?.annotations);
  w.write(LEVEL_0, 'Role:\n');
  w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
  w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
  w.write(LEVEL_0, 'Subjects:\n');
  w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
  w.write(LEVEL_1, '----\t----\t---------\n');
  for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  return w.toString();
}

registerDescriber('rbac.authorization.k8s.io', 'Role', async (dc: DescribeContext, ns, name) =>
  renderRole(await getObject<RoleObject>(dc, RBAC('roles'), ns, name)),
);
registerDescriber('rbac.authorization.k8s.io', 'ClusterRole', async (dc: DescribeContext, _ns, name) =>
  renderRole(await getObject<RoleObject>(dc, RBAC('clusterroles'), '', name)),
);
registerDescriber('rbac.authorization.k8s.io', 'RoleBinding', async (dc: DescribeContext, ns, name) =>
  renderBinding(await getObject<BindingObject>(dc, RBAC('rolebindings'), ns, name)),
);
registerDescriber('rbac.authorization.k8s.io', 'ClusterRoleBinding', async (dc: DescribeContext, _ns, name) =>
  renderBinding(await getObject<BindingObject>(dc, RBAC('clusterrolebindings'), '', name)),
);
