/**
 * `auth can-i --list`: the rules of a SelfSubjectRulesReview, broken down to
 * one verb/resource/name each, merged again per group and resource (kubectl's
 * rbac CompactRules), sorted by the rule's Go text form and printed as
 * kubectl's four columns. Pure.
 */

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RulesReviewStatus {
  resourceRules?: Array<{ verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules?: Array<{ verbs?: string[]; nonResourceURLs?: string[] }>;
  incomplete?: boolean;
  evaluationError?: string;
}

/** Go's %v of a []string. */
const list = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

/** One rule per group × resource × verb (× name), and per URL × verb. */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups ?? []) {
    for (const resource of r.resources ?? []) {
      for (const verb of r.verbs) {
        if (r.resourceNames?.length) {
          for (const name of r.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
        } else out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
      }
    }
  }
  for (const url of r.nonResourceURLs ?? []) for (const verb of r.verbs) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}

/** Rules on one group and resource (and at most one name) merge their verbs; the others stay as they are, first. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      (r.resourceNames?.length ?? 0) <= 1 && !r.nonResourceURLs?.length && r.apiGroups?.length === 1 && r.resources?.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups![0], r.resources![0], r.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/** The generated String() of rbac/v1 PolicyRule, which kubectl sorts by. */
export function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
}

/** "deployments.apps/scale": the first resource with the first group spliced in before its subresource. */
export function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const parts: Array<string | undefined> = resources[0]!.split(/\/(.*)/s);
  const [res = '', sub] = parts;
  let out = res;
  if (groups?.length && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

/** The rows of the --list table, header first unless noHeaders. */
export function accessRows(status: RulesReviewStatus, noHeaders: boolean): string[][] {
  const rules: PolicyRule[] = [
    ...(status.resourceRules ?? []).map((r) => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...(status.nonResourceRules ?? []).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs })),
  ];
  const compact = compactRules(rules.flatMap(breakdownRule));
  // a stable sort on the Go text form (byte order)
  const keyed = compact.map((r, i) => ({ r, i, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
  const rows = keyed.map(({ r }) => [combineResourceGroup(r.resources, r.apiGroups), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)]);
  return noHeaders ? rows : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], ...rows];
}
