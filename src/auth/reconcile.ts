/**
 * `kubectl auth reconcile`'s semantics (component-helpers' rbac
 * reconciliation): which rules a Role/ClusterRole lacks or has in excess,
 * which subjects a binding lacks or has in excess, the object to write, and
 * the lines kubectl prints about it (Go's %+v of rbacv1 structs).
 */
import { isRecord, pathAt } from '../codec/value.js';
import type { KubeObject } from '../resource/types.js';

export interface PolicyRule {
  verbs?: string[] | null;
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

export type Operation = 'create' | 'update' | 'recreate' | 'none';

type Labels = Record<string, string> | null | undefined;

const arr = (a: string[] | null | undefined): string[] => a ?? [];

/** A rule split into rules of one verb, one resource (or URL) and at most one resource name. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of arr(rule.apiGroups)) {
    for (const resource of arr(rule.resources)) {
      for (const verb of arr(rule.verbs)) {
        if (arr(rule.resourceNames).length > 0) {
          for (const rn of arr(rule.resourceNames)) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [rn] });
        } else out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
      }
    }
  }
  for (const url of arr(rule.nonResourceURLs)) for (const verb of arr(rule.verbs)) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}

const has = (set: string[], e: string) => set.includes(e);
const hasAll = (set: string[], wanted: string[]) => wanted.every((w) => set.includes(w));

function resourceCoversAll(set: string[], covers: string[]): boolean {
  if (has(set, '*') || hasAll(set, covers)) return true;
  for (const p of covers) {
    if (has(set, p)) continue;
    const slash = p.indexOf('/');
    if (slash < 0) return false;
    if (!has(set, `*/${p.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(arr(owner.verbs), '*') || hasAll(arr(owner.verbs), arr(sub.verbs));
  const groups = has(arr(owner.apiGroups), '*') || hasAll(arr(owner.apiGroups), arr(sub.apiGroups));
  const resources = resourceCoversAll(arr(owner.resources), arr(sub.resources));
  const urls = arr(sub.nonResourceURLs).every((p) => arr(owner.nonResourceURLs).some((o) => nonResourceURLCovers(o, p)));
  const names = arr(sub.resourceNames).length === 0 ? arr(owner.resourceNames).length === 0 : arr(owner.resourceNames).length === 0 || hasAll(arr(owner.resourceNames), arr(sub.resourceNames));
  return verbs && groups && resources && names && urls;
}

/** The pieces of `servant` that `owner` does not allow (validation.Covers). */
export function uncovered(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}

/** Go's %+v of an rbacv1.PolicyRule. */
export function formatRule(r: PolicyRule): string {
  const l = (a: string[] | null | undefined) => `[${arr(a).join(' ')}]`;
  return `{Verbs:${l(r.verbs)} APIGroups:${l(r.apiGroups)} Resources:${l(r.resources)} ResourceNames:${l(r.resourceNames)} NonResourceURLs:${l(r.nonResourceURLs)}}`;
}

/** Go's %+v of an rbacv1.Subject. */
export function formatSubject(s: Subject): string {
  return `{Kind:${s.kind ?? ''} APIGroup:${s.apiGroup ?? ''} Name:${s.name ?? ''} Namespace:${s.namespace ?? ''}}`;
}

const subjectEq = (a: Subject, b: Subject) =>
  (a.kind ?? '') === (b.kind ?? '') && (a.apiGroup ?? '') === (b.apiGroup ?? '') && (a.name ?? '') === (b.name ?? '') && (a.namespace ?? '') === (b.namespace ?? '');

/** [only in a, only in b], duplicates once. */
export function diffSubjects(a: Subject[], b: Subject[]): [Subject[], Subject[]] {
  const only = (x: Subject[], y: Subject[]) => {
    const out: Subject[] = [];
    for (const s of x) if (!y.some((t) => subjectEq(s, t)) && !out.some((t) => subjectEq(s, t))) out.push(s);
    return out;
  };
  return [only(a, b), only(b, a)];
}

/** Go's merge(expected, existing): later maps win; nil when every map is nil. */
function mergeMaps(...maps: Labels[]): Labels {
  let out: Record<string, string> | undefined;
  for (const m of maps) {
    if (m && !out) out = {};
    if (m) Object.assign(out!, m);
  }
  return out;
}

/** reflect.DeepEqual of two map[string]string (nil differs from empty). */
function mapsEqual(a: Labels, b: Labels): boolean {
  if (!a || !b) return !a && !b;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && a[k] === b[k]);
}

/** Semantic equality of label selectors (nil and empty alike). */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.length ? x.map(norm) : undefined;
    if (isRecord(x)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const n = norm(x[k]);
        if (n !== undefined) o[k] = n;
      }
      return Object.keys(o).length ? o : undefined;
    }
    return x === '' || x === null ? undefined : x;
  };
  return JSON.stringify(norm(v) ?? null);
}

interface AggregationRule {
  clusterRoleSelectors?: unknown[] | null;
}

function aggregationUncovered(owner: AggregationRule | null | undefined, servant: AggregationRule | null | undefined): unknown[] {
  if (!servant) return [];
  if (!owner) return servant.clusterRoleSelectors ?? [];
  const ownerSel = (owner.clusterRoleSelectors ?? []).map(canonical);
  return (servant.clusterRoleSelectors ?? []).filter((s) => !ownerSel.includes(canonical(s)));
}

const meta = (o: KubeObject) => o.metadata ?? {};

/** A Role or ClusterRole as JSON. */
type RoleObject = KubeObject & { rules?: PolicyRule[] | null; aggregationRule?: AggregationRule | null };
/** A RoleBinding or ClusterRoleBinding as JSON. */
type BindingObject = KubeObject & { subjects?: Subject[] | null; roleRef?: unknown };
const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

export interface RoleResult {
  role: RoleObject;
  missingRules: PolicyRule[];
  extraRules: PolicyRule[];
  operation: Operation;
  protected: boolean;
}

/** Sets labels and annotations merged (existing values win); true when they changed. */
function mergeMeta(result: KubeObject, existing: KubeObject, expected: KubeObject): boolean {
  const m = (result.metadata ??= {});
  let changed = false;
  for (const key of ['annotations', 'labels'] as const) {
    const merged = mergeMaps(meta(expected)[key], meta(existing)[key]);
    if (merged) m[key] = merged;
    else delete m[key];
    if (!mapsEqual(merged, meta(existing)[key])) changed = true;
  }
  return changed;
}

/** The role to write so that `existing` allows what `expected` allows (computeReconciledRole). */
export function reconcileRole(existing: RoleObject, expected: RoleObject, removeExtra: boolean): RoleResult {
  const result: RoleResult = { role: structuredClone(existing), missingRules: [], extraRules: [], operation: 'none', protected: meta(existing).annotations?.[AUTOUPDATE] === 'false' };
  const role = result.role;
  if (mergeMeta(role, existing, expected)) result.operation = 'update';
  const cluster = expected.kind === 'ClusterRole';
  const expAgg = cluster ? (expected.aggregationRule ?? undefined) : undefined;
  const exiAgg = cluster ? (existing.aggregationRule ?? undefined) : undefined;
  const expRules = expected.rules ?? [];
  const exiRules = existing.rules ?? [];
  if (!expAgg || !exiAgg) result.extraRules = uncovered(expRules, exiRules);
  result.missingRules = uncovered(exiRules, expRules);
  if (!removeExtra && result.missingRules.length > 0) {
    role.rules = [...(role.rules ?? []), ...result.missingRules];
    result.operation = 'update';
  } else if (removeExtra && (result.missingRules.length > 0 || result.extraRules.length > 0)) {
    role.rules = typedRbac(expected).rules ?? null;
    result.operation = 'update';
  }
  if (cluster) {
    const extraSel = aggregationUncovered(expAgg, exiAgg);
    const missingSel = aggregationUncovered(exiAgg, expAgg);
    if (!expAgg && exiAgg) {
      delete role.aggregationRule;
      result.operation = 'update';
    } else if (!removeExtra && missingSel.length > 0) {
      const agg = role.aggregationRule ?? {};
      agg.clusterRoleSelectors = [...(agg.clusterRoleSelectors ?? []), ...missingSel];
      role.aggregationRule = agg;
      result.operation = 'update';
    } else if (removeExtra && (missingSel.length > 0 || extraSel.length > 0)) {
      if (expAgg) role.aggregationRule = structuredClone(expAgg);
      else delete role.aggregationRule;
      result.operation = 'update';
    }
  }
  return result;
}

export interface BindingResult {
  binding: BindingObject;
  missingSubjects: Subject[];
  extraSubjects: Subject[];
  operation: Operation;
  protected: boolean;
}

function roleRefEqual(a: unknown, b: unknown): boolean {
  return ['apiGroup', 'kind', 'name'].every((k) => (pathAt(a, k) ?? '') === (pathAt(b, k) ?? ''));
}

/** The binding to write so that `existing` binds what `expected` binds (computeReconciledRoleBinding). */
export function reconcileBinding(existing: BindingObject, expected: BindingObject, removeExtra: boolean): BindingResult {
  const isProtected = meta(existing).annotations?.[AUTOUPDATE] === 'false';
  if (!roleRefEqual(existing.roleRef, expected.roleRef)) {
    return { binding: expected, missingSubjects: [], extraSubjects: [], operation: 'recreate', protected: isProtected };
  }
  const result: BindingResult = { binding: structuredClone(existing), missingSubjects: [], extraSubjects: [], operation: 'none', protected: isProtected };
  const b = result.binding;
  if (mergeMeta(b, existing, expected)) result.operation = 'update';
  const expSubjects = expected.subjects ?? [];
  const exiSubjects = existing.subjects ?? [];
  [result.missingSubjects, result.extraSubjects] = diffSubjects(expSubjects, exiSubjects);
  if (!removeExtra && result.missingSubjects.length > 0) {
    b.subjects = [...(b.subjects ?? []), ...result.missingSubjects];
    result.operation = 'update';
  } else if (removeExtra && (result.missingSubjects.length > 0 || result.extraSubjects.length > 0)) {
    const s = typedRbac(expected).subjects;
    if (s && s.length) b.subjects = s;
    else delete b.subjects;
    result.operation = 'update';
  }
  return result;
}

/** rbacv1 objects as Go prints a typed object read from a file: struct field order, zero values. */
export function typedRbac(obj: KubeObject): RoleObject & BindingObject {
  const o: Record<string, unknown> = obj;
  const md: Record<string, unknown> = isRecord(o.metadata) ? o.metadata : {};
  const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
  const m: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    if (k === 'creationTimestamp') m[k] = md[k] ?? null;
    else if (md[k] !== undefined && md[k] !== null && md[k] !== '') m[k] = md[k];
  }
  const pick = (src: Record<string, unknown> | undefined, keys: string[], always: string[] = []): Record<string, unknown> => {
    const r: Record<string, unknown> = {};
    for (const k of keys) {
      const v = src?.[k];
      const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
      if (!empty) r[k] = v;
      else if (always.includes(k)) r[k] = v ?? (k === 'verbs' ? null : '');
    }
    return r;
  };
  const out: Record<string, unknown> = { kind: o.kind, apiVersion: o.apiVersion, metadata: m };
  if (o.kind === 'Role' || o.kind === 'ClusterRole') {
    const rules = o.rules;
    out.rules = Array.isArray(rules) ? rules.map((r: unknown) => pick(isRecord(r) ? r : undefined, ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'], ['verbs'])) : null;
    if (o.kind === 'ClusterRole' && o.aggregationRule) out.aggregationRule = o.aggregationRule;
  } else {
    const subjects = o.subjects;
    if (Array.isArray(subjects) && subjects.length) out.subjects = subjects.map((s: unknown) => pick(isRecord(s) ? s : undefined, ['kind', 'apiGroup', 'name', 'namespace'], ['kind', 'name']));
    out.roleRef = pick(isRecord(o.roleRef) ? o.roleRef : undefined, ['apiGroup', 'kind', 'name'], ['apiGroup', 'kind', 'name']);
  }
  return out;
}
