/**
 * "What did the user mean by this type?": plural, singular, kind and short
 * names, case-insensitive, optionally qualified as resource.group or
 * resource.version.group. When several groups serve a name, the core group
 * wins, then the server's group order (preferred versions first).
 */
import { UnknownResourceError } from '../errors.js';
import type { ApiGroupInfo, ApiResourceInfo, DiscoveryDocument } from './discovery-types.js';

export interface ResourceMapping {
  group: string;
  version: string;
  /** plural resource name */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  subresources: string[];
}

/** "deployments.apps", or "pods" for the core group. */
export function groupResource(m: { resource: string; group: string }): string {
  return m.group ? `${m.resource}.${m.group}` : m.resource;
}

/** "apps/v1" or "v1". */
export function apiVersionOf(m: { group: string; version: string }): string {
  return m.group ? `${m.group}/${m.version}` : m.version;
}

function toMapping(r: ApiResourceInfo): ResourceMapping {
  return {
    group: r.group,
    version: r.version,
    resource: r.name,
    kind: r.kind,
    singular: r.singularName,
    namespaced: r.namespaced,
    verbs: r.verbs,
    shortNames: r.shortNames,
    categories: r.categories,
    subresources: r.subresources,
  };
}

const VERSION_RE = /^v\d+(?:(?:alpha|beta)\d+)?$/;

export class ResourceMapper {
  /** every resource of every version, highest priority first */
  private readonly ordered: ApiResourceInfo[];

  constructor(doc: Pick<DiscoveryDocument, 'groups' | 'resources'>) {
    const rank = priorityRanks(doc.groups);
    const key = (r: ApiResourceInfo) => rank.get(`${r.group}/${r.version}`) ?? Number.MAX_SAFE_INTEGER;
    this.ordered = doc.resources
      .map((r, i) => ({ r, i }))
      .sort((a, b) => key(a.r) - key(b.r) || a.i - b.i)
      .map((x) => x.r);
  }

  /** One entry per group+resource, in the group's preferred version (what api-resources lists). */
  preferredResources(): ResourceMapping[] {
    const seen = new Set<string>();
    const out: ResourceMapping[] = [];
    for (const r of this.ordered) {
      const k = `${r.group}/${r.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(toMapping(r));
    }
    return out;
  }

  /** Resolves a type argument or throws UnknownResourceError. */
  resolve(arg: string): ResourceMapping {
    const m = this.find(arg);
    if (!m) throw new UnknownResourceError(arg.split('.')[0] ?? arg);
    return m;
  }

  /**
   * The mapping for a type argument, or undefined. Case as client-go's
   * RESTMapper has it: the resource part is lowercased before it is compared
   * with plural and singular names (PODS, Pod), while short names (the
   * shortcut expander), groups, versions and categories compare exactly
   * (Po, deployments.Apps and ALL name nothing).
   */
  find(arg: string): ResourceMapping | undefined {
    const parts = arg.split('.');
    // resource.version.group first, when it names something
    if (parts.length >= 3 && VERSION_RE.test(parts[1]!)) {
      const hit = this.match(parts[0]!, parts.slice(2).join('.'), parts[1]);
      if (hit) return hit;
    }
    if (parts.length >= 2) {
      // "hpa." names no group (apimachinery's ParseGroupResource): as "hpa"
      const hit = this.match(parts[0]!, parts.slice(1).join('.') || undefined);
      if (hit) return hit;
    }
    return this.match(arg, undefined);
  }

  /**
   * Every mapping (all groups and versions, highest priority first) a bare
   * resource name matches, as kubectl's RESTMapper.ResourcesFor: plural or
   * singular names first, then short names, then kinds.
   */
  allFor(name: string): ResourceMapping[] {
    for (const t of nameTests(name)) {
      const hits = this.ordered.filter((r) => !r.name.includes('/') && t(r));
      if (hits.length) return hits.map(toMapping);
    }
    return [];
  }

  /**
   * The other resources a short name could have meant, as client-go's
   * shortcut expander sees them: none when the name (in the group, if one is
   * given) is a resource's plural or singular name; else every group+resource
   * after the first (highest-priority) one with that short name, once each,
   * as "resource.group" (kubectl warns `short name "x" could also match lower
   * priority resource ...` for each).
   */
  shortNameAlternatives(arg: string): string[] {
    const parts = arg.split('.');
    const [token, group] = parts.length >= 2 ? [parts[0]!, parts.slice(1).join('.')] : [arg, undefined];
    const inScope = (r: ApiResourceInfo) => !r.name.includes('/') && (group === undefined || r.group === group);
    const [isName, isShortName] = nameTests(token);
    if (this.ordered.some((r) => inScope(r) && isName!(r))) return [];
    let first: string | undefined;
    const out: string[] = [];
    for (const r of this.ordered) {
      if (!inScope(r) || !isShortName!(r)) continue;
      const gr = groupResource({ resource: r.name, group: r.group });
      if (first === undefined) first = gr;
      else if (gr !== first && !out.includes(gr)) out.push(gr);
    }
    return out;
  }

  /** The mapping serving apiVersion+kind (manifests from -f). Kind is case-sensitive, as on the wire. */
  forKind(apiVersion: string, kind: string): ResourceMapping | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    const hit = this.ordered.find((r) => r.group === group && r.version === version && r.kind === kind);
    return hit && toMapping(hit);
  }

  /** Resources in a category such as "all" (preferred versions), or undefined if none. */
  category(name: string): ResourceMapping[] | undefined {
    const hits = this.preferredResources().filter((m) => m.categories.includes(name));
    return hits.length ? hits : undefined;
  }

  private match(token: string, group: string | undefined, version?: string): ResourceMapping | undefined {
    const inScope = (r: ApiResourceInfo) =>
      (group === undefined || r.group === group) && (version === undefined || r.version === version);
    // as kubectl: an exact plural or singular name anywhere beats a short name,
    // short names beat kinds; within each, the highest-priority group wins
    let hit: ApiResourceInfo | undefined;
    for (const t of nameTests(token)) {
      hit = this.ordered.find((r) => inScope(r) && t(r));
      if (hit) break;
    }
    // nothing in the group given: a group that starts with it, as kubectl
    // resolves hpa.autoscal (client-go's shortcut expander) and
    // deployments.ap; with a version too, only short names expand so
    if (!hit && group) {
      const tests = version === undefined ? nameTests(token) : [nameTests(token)[1]!];
      const prefixed = (r: ApiResourceInfo) =>
        !r.name.includes('/') && r.group.startsWith(group) && (version === undefined || r.version === version);
      for (const t of tests) {
        hit = this.ordered.find((r) => prefixed(r) && t(r));
        if (hit) break;
      }
    }
    return hit ? toMapping(hit) : undefined;
  }
}

/**
 * What a resource token can name, in kubectl's order: a plural or singular
 * name (the token lowercased, as the RESTMapper does), a short name (exact,
 * as the shortcut expander compares), a kind (lowercased: discovery without
 * singular names makes the singular from the kind).
 */
function nameTests(token: string): Array<(r: ApiResourceInfo) => boolean> {
  const lower = token.toLowerCase();
  return [
    (r) => r.name === lower || r.singularName === lower,
    (r) => r.shortNames.includes(token),
    (r) => r.kind.toLowerCase() === lower,
  ];
}

/** group/version -> rank: core first, then server order; preferred version first in each group. */
function priorityRanks(groups: ApiGroupInfo[]): Map<string, number> {
  const ranks = new Map<string, number>();
  const sorted = [...groups].sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : 0));
  let n = 0;
  for (const g of sorted) {
    const versions = [g.preferredVersion, ...g.versions.filter((v) => v !== g.preferredVersion)];
    for (const v of versions) if (!ranks.has(`${g.name}/${v}`)) ranks.set(`${g.name}/${v}`, n++);
  }
  return ranks;
}
