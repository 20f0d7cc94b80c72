/**
 * `create role` / `create clusterrole`: kubectl's Complete (duplicates
 * dropped, "*" verbs and resources), Validate (in its order: verbs, resources,
 * the verbs only some resources take, non-resource URLs, aggregation rules)
 * and the rules it builds (one per API group, sorted, then the non-resource
 * rule). A resource the server does not know is an error only where kubectl's
 * Validate looks it up; the rules keep the name as typed.
 */
import { ErrorList, KtlError, UnknownResourceError } from '../errors.js';
import * as g from './generators.js';

export interface RoleInput {
  kind: 'role' | 'clusterrole';
  name: string;
  verbs: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  /** --aggregation-rule (clusterrole): the labels of the one selector, empty when not given */
  aggregationRule: Record<string, string>;
}

/** What the mapper made of a resource: the server's plural and group, or nothing. */
export type ResolveResource = (resource: string, group: string) => Promise<{ resource: string; group: string } | undefined>;

const VALID_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
const RBAC = 'rbac.authorization.k8s.io';
/** verbs that apply only to some resources */
const SPECIAL_VERBS: Record<string, Array<{ group: string; resource: string }>> = {
  use: [
    { group: 'policy', resource: 'podsecuritypolicies' },
    { group: 'extensions', resource: 'podsecuritypolicies' },
  ],
  bind: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  escalate: [
    { group: RBAC, resource: 'roles' },
    { group: RBAC, resource: 'clusterroles' },
  ],
  impersonate: [
    { group: '', resource: 'users' },
    { group: '', resource: 'serviceaccounts' },
    { group: '', resource: 'groups' },
    { group: 'authentication.k8s.io', resource: 'userextras' },
  ],
};

interface ResourceArg {
  resource: string;
  group: string;
  subresource: string;
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** --verb: duplicates dropped; "*" alone stands for every verb. */
function completeVerbs(verbs: string[]): string[] {
  const out: string[] = [];
  for (const v of verbs) {
    if (v === '*') return ['*'];
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** --resource: resource.group/subresource; a bare "*" replaces every resource. */
function completeResources(resources: string[]): ResourceArg[] {
  let out: ResourceArg[] = [];
  for (const r of resources) {
    const slash = r.indexOf('/');
    const main = slash < 0 ? r : r.slice(0, slash);
    const subresource = slash < 0 ? '' : r.slice(slash + 1);
    const dot = main.indexOf('.');
    const arg = { resource: dot < 0 ? main : main.slice(0, dot), group: dot < 0 ? '' : main.slice(dot + 1), subresource };
    if (arg.resource === '*' && dot < 0 && slash < 0) {
      out = [arg];
      break;
    }
    out.push(arg);
  }
  return out;
}

/** The role's or cluster role's object, or kubectl's error; warnings go to `warn`. */
export async function buildRole(input: RoleInput, namespace: string | undefined, resolve: ResolveResource, warn: (text: string) => Promise<void>): Promise<g.Obj> {
  const verbs = completeVerbs(input.verbs);
  const resources = completeResources(input.resources);
  const resourceNames = unique(input.resourceNames);
  const nonResourceURLs = input.kind === 'clusterrole' ? unique(input.nonResourceURLs) : [];
  // each resource looked up once (Validate and the rules would ask the same)
  const seen = new Map<string, Promise<{ resource: string; group: string } | undefined>>();
  const lookup = (r: ResourceArg) => {
    const key = `${r.resource}.${r.group}`;
    if (!seen.has(key)) seen.set(key, resolve(r.resource, r.group));
    return seen.get(key)!;
  };

  const aggregation = Object.keys(input.aggregationRule).length > 0;
  if (aggregation) {
    if (nonResourceURLs.length || verbs.length || resources.length || resourceNames.length) {
      throw new KtlError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
    }
    return {
      ...g.header('ClusterRole', input.name),
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: g.sortedMap(input.aggregationRule) }] },
    };
  }
  if (verbs.length === 0) throw new KtlError('at least one verb must be specified');
  if (input.kind === 'role') {
    await warnVerbs(verbs, warn);
    if (resources.length === 0) throw new KtlError('at least one resource must be specified');
    await validateResources(resources, verbs, lookup);
  } else {
    if (resources.length === 0 && nonResourceURLs.length === 0) throw new KtlError('one of resource or nonResourceURL must be specified');
    if (resources.length > 0) {
      await warnVerbs(verbs, warn);
      await validateResources(resources, verbs, lookup);
    }
    if (nonResourceURLs.length > 0) validateNonResourceURLs(nonResourceURLs, verbs);
  }

  // the rules: the server's names where it knows the resource, else the name as typed
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = (await lookup(r)) ?? { resource: r.resource, group: r.group };
    const name = r.subresource ? `${found.resource}/${r.subresource}` : found.resource;
    const list = byGroup.get(found.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(found.group, list);
  }
  const rules: g.Obj[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const rule: g.Obj = { verbs, apiGroups: [group], resources: byGroup.get(group) };
    if (resourceNames.length) rule.resourceNames = resourceNames;
    rules.push(rule);
  }
  if (nonResourceURLs.length) rules.push({ verbs, nonResourceURLs });
  return g.role(input.kind === 'role' ? 'Role' : 'ClusterRole', input.name, namespace, rules);
}

async function warnVerbs(verbs: string[], warn: (text: string) => Promise<void>): Promise<void> {
  for (const v of verbs) if (!VALID_VERBS.includes(v)) await warn(`Warning: '${v}' is not a standard resource verb\n`);
}

/**
 * kubectl's validateResource: in order, a resource is named, "*" ends the
 * checks, the verbs that need particular resources get them, and only then is
 * a resource the server does not know an error.
 */
async function validateResources(resources: ResourceArg[], verbs: string[], lookup: (r: ResourceArg) => Promise<{ resource: string; group: string } | undefined>): Promise<void> {
  for (const r of resources) {
    if (r.resource === '') throw new KtlError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = await lookup(r);
    const target = found ?? { resource: r.resource, group: r.group };
    let special = false;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.some((a) => a.resource === target.resource && a.group === target.group)) {
        throw new KtlError(`can not perform '${v}' on '${target.resource}' in group '${target.group}'`);
      }
      special = true;
    }
    // the RESTMapper's no-match error, which kubectl prints without "error: "
    if (!found && !special) throw new ErrorList([new UnknownResourceError(r.resource, r.group || undefined)], 'bare');
  }
}

function validateNonResourceURLs(urls: string[], verbs: string[]): void {
  for (const v of verbs) if (!NON_RESOURCE_VERBS.includes(v)) throw new KtlError(`invalid verb: '${v}' for nonResourceURL`);
  for (const url of urls) {
    if (url === '*') continue;
    if (!url.startsWith('/')) throw new KtlError('nonResourceURL should start with /');
    if (url.slice(0, -1).includes('*')) throw new KtlError("nonResourceURL only supports wildcard matches when '*' is at the end");
  }
}
