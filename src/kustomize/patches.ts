/**
 * Patches as kustomize applies them: strategic merge (kyaml's merge, which
 * differs from the API server's in list order: the patch's elements come
 * first, then the untouched ones) and JSON 6902, with target selectors.
 */
import { KtlError, messageOf } from '../errors.js';
import { marshalYaml } from '../printers/yaml.js';
import { applyJsonPatch } from '../mutate/json-patch.js';
import { matchesSelector, parseSelector } from '../mutate/selector.js';
import type { Patch, Selector } from './kustomization.js';
import type { Loader } from './loader.js';
import { effectiveNamespace, idString, isMap, parseApiVersion, Resource, sameId, type Json, type JsonMap, type ResId } from './resource.js';
import { parseObjects, parseYaml } from './yaml-io.js';

/** API groups whose types kustomize knows the schema of (lists merge by key there). */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'extensions',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
]);

/** Merge keys of the built-in types' keyed lists, by field name (and parent where it matters). */
function mergeKeys(field: string, parentPath: string[], kind: string): string[] | 'primitive' | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
    case 'webhooks':
      return ['name'];
    case 'volumeMounts':
      return ['mountPath'];
    case 'volumeDevices':
      return ['devicePath'];
    case 'hostAliases':
      return ['ip'];
    case 'ownerReferences':
      return ['uid'];
    case 'conditions':
      return ['type'];
    case 'topologySpreadConstraints':
      return ['topologyKey', 'whenUnsatisfiable'];
    case 'finalizers':
      return parentPath[parentPath.length - 1] === 'metadata' ? 'primitive' : undefined;
    case 'ports':
      if (parentPath.includes('containers') || parentPath.includes('initContainers') || parentPath.includes('ephemeralContainers')) {
        return ['containerPort', 'protocol'];
      }
      if (kind === 'Service') return ['port', 'protocol'];
      return undefined;
    default:
      return undefined;
  }
}

const DIRECTIVE = '$patch';
const isDirectiveKey = (k: string) => k === DIRECTIVE || k.startsWith('$setElementOrder/') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/');

/** src with directives removed, for values that land where dest had nothing. */
function clean(v: Json): Json | undefined {
  if (Array.isArray(v)) {
    // elements marked for deletion are the ones clean() drops
    return v.flatMap((e) => {
      const c = clean(e);
      return c === undefined ? [] : [c];
    });
  }
  if (isMap(v)) return v[DIRECTIVE] === 'delete' ? undefined : cleanMap(v);
  return v;
}

/** A map (not itself marked for deletion) with directives removed. */
function cleanMap(v: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, val] of Object.entries(v)) {
    if (isDirectiveKey(k) || val === null) continue;
    const c = clean(val);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

interface Ctx {
  keyed: boolean;
  kind: string;
}

function mergeMap(dest: JsonMap, src: JsonMap, path: string[], ctx: Ctx): JsonMap | undefined {
  const directive = src[DIRECTIVE];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return cleanMap(src);
  for (const [k, sv] of Object.entries(src)) {
    if (isDirectiveKey(k)) continue;
    if (sv === null) {
      delete dest[k];
      continue;
    }
    const dv = dest[k];
    if (dv === undefined || dv === null) {
      const c = clean(sv);
      if (c !== undefined) dest[k] = c;
      continue;
    }
    const merged = mergeValue(dv, sv, k, path, ctx);
    if (merged === undefined) delete dest[k];
    else dest[k] = merged;
  }
  return dest;
}

function mergeValue(dv: Json, sv: Json, field: string, path: string[], ctx: Ctx): Json | undefined {
  if (isMap(sv) && isMap(dv)) return mergeMap(dv, sv, [...path, field], ctx);
  if (Array.isArray(sv) && Array.isArray(dv)) {
    const keys = ctx.keyed ? mergeKeys(field, path, ctx.kind) : undefined;
    if (keys === 'primitive') return mergePrimitives(dv, sv);
    if (keys) return mergeKeyed(dv, sv, keys, [...path, field], ctx);
    return clean(sv);
  }
  return clean(sv);
}

function mergePrimitives(dest: Json[], src: Json[]): Json[] {
  const out: Json[] = [];
  const seen = new Set<string>();
  for (const v of [...src, ...dest]) {
    const k = JSON.stringify(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** The patch's elements first (merged into their dest twins), then dest's others, as kyaml orders them. */
function mergeKeyed(dest: Json[], src: Json[], keys: string[], path: string[], ctx: Ctx): Json[] {
  const present = (lists: Json[][]) => keys.filter((k) => lists.some((l) => l.some((e) => isMap(e) && e[k] !== undefined && e[k] !== null && e[k] !== '')));
  const used = present([dest, src]);
  const effKeys = used.length ? used : keys;
  const keyOf = (e: Json) => (isMap(e) ? effKeys.map((k) => (e[k] === undefined || e[k] === null ? '' : String(e[k]))).join('\u0000') : JSON.stringify(e));
  const destByKey = new Map<string, JsonMap>();
  for (const e of dest) if (isMap(e)) destByKey.set(keyOf(e), e);
  const out: Json[] = [];
  const done = new Set<string>();
  for (const s of src) {
    const k = keyOf(s);
    if (done.has(k)) continue;
    done.add(k);
    const d = destByKey.get(k);
    if (!isMap(s)) continue;
    if (!d) {
      const c = clean(s);
      if (c !== undefined) out.push(c);
      continue;
    }
    const m = mergeMap(d, s, path, ctx);
    if (m !== undefined) out.push(m);
  }
  for (const d of dest) {
    const k = keyOf(d);
    if (done.has(k)) continue;
    done.add(k);
    out.push(d);
  }
  return out;
}

/** Applies a strategic merge patch to r in place; returns false when the patch deletes the object. */
export function applySmp(r: Resource, patch: JsonMap, opts: { allowNameChange?: boolean; allowKindChange?: boolean } = {}): boolean {
  const { name, namespace, kind } = { name: r.name, namespace: r.namespace, kind: r.kind };
  if (opts.allowNameChange || opts.allowKindChange) r.storePreviousId();
  const ctx = { keyed: BUILTIN_GROUPS.has(parseApiVersion(r.apiVersion).group), kind };
  const merged = mergeMap(r.obj, structuredClone(patch), [], ctx);
  if (merged === undefined || Object.keys(merged).length === 0) return false;
  r.obj = merged;
  if (!opts.allowKindChange) r.obj.kind = kind;
  if (!opts.allowNameChange) r.setName(name);
  r.setNamespace(namespace);
  return true;
}

function anchored(p: string | undefined): RegExp | undefined {
  if (!p) return undefined;
  try {
    return new RegExp(`^(?:${p})$`);
  } catch (e) {
    throw new KtlError(`error parsing regexp: ${messageOf(e)}`);
  }
}

/** The resources a patch target selects (names and namespaces are anchored regexps). */
export function selectResources(resources: Resource[], s: Selector): Resource[] {
  const [g, v, k, n, ns] = [s.group, s.version, s.kind, s.name, s.namespace].map(anchored);
  const labels = s.labelSelector ? parseSelector(s.labelSelector) : undefined;
  const annotations = s.annotationSelector ? parseSelector(s.annotationSelector) : undefined;
  return resources.filter((r) => {
    const cur = r.curId();
    const org = r.orgId();
    if (ns && !ns.test(effectiveNamespace(org)) && !ns.test(effectiveNamespace(cur))) return false;
    if (n && !n.test(org.name) && !n.test(cur.name)) return false;
    const gvk = r.gvk();
    if ((g && !g.test(gvk.group)) || (v && !v.test(gvk.version)) || (k && !k.test(gvk.kind))) return false;
    if (labels && !matchesSelector(labels, r.stringMap('labels'))) return false;
    if (annotations && !matchesSelector(annotations, r.stringMap('annotations'))) return false;
    return true;
  });
}

const patchIdOf = (p: JsonMap): ResId => {
  const r = new Resource(p);
  return r.curId();
};

function sourceOf(p: Patch): string {
  return p.path !== undefined && p.path !== '' ? `[path: ${JSON.stringify(p.path)}]` : `[patch: ${JSON.stringify((p.patch ?? '').trim())}]`;
}

/** The patch's text, or kustomize's configuration error ("trouble configuring builtin PatchTransformer"). */
function patchBody(ldr: Loader, p: Patch): string {
  const text = (p.patch ?? '').trim();
  const config = patchConfig(p);
  const fail = (msg: string) => new KtlError(`trouble configuring builtin PatchTransformer with config: \`\n${config}\`: ${msg}`);
  if (text === '' && !p.path) throw fail(`must specify one of patch and path in\n${config}`);
  if (text !== '' && p.path) throw fail(`patch and path can't be set at the same time\n${config}`);
  if (text !== '') return text;
  try {
    return ldr.load(p.path!).toString('utf8');
  } catch (e) {
    throw fail(`failed to get the patch file from path(${p.path}): ${messageOf(e)}`);
  }
}

/** One `patches` entry applied to the resource list (which may shrink). */
export function applyPatch(ldr: Loader, resources: Resource[], p: Patch): Resource[] {
  const body = patchBody(ldr, p);
  const first = parseYaml(body.split(/^---\s*$/m)[0] ?? '', `unable to parse SM or JSON patch from ${sourceOf(p)}`);
  if (Array.isArray(first)) return applyJson6902(resources, first, p.target, sourceOf(p));
  const patches = parseObjects(body, `unable to parse SM or JSON patch from ${sourceOf(p)}`);
  const opts = { allowNameChange: !!p.options?.allowNameChange, allowKindChange: !!p.options?.allowKindChange };
  if (p.target) {
    if (patches.length > 1) {
      throw new KtlError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${sourceOf(p)}`);
    }
    const selected = new Set(selectResources(resources, p.target));
    return resources.filter((r) => !selected.has(r) || applySmp(r, patches[0]!, opts));
  }
  let out = resources;
  for (const patch of patches) {
    const id = patchIdOf(patch);
    const target = byAnyId(out, id);
    if (target.length !== 1) {
      const what = target.length ? 'multiple matches' : 'no matches';
      throw new KtlError(`no resource matches strategic merge patch "${idString(id)}": ${what} for Id ${idString(id)}; failed to find unique target for patch ${idString(id)}`);
    }
    if (!applySmp(target[0]!, patch, opts)) out = out.filter((r) => r !== target[0]);
  }
  return out;
}

export function byAnyId(resources: Resource[], id: ResId): Resource[] {
  return resources.filter((r) => [...r.prevIds(), r.curId()].some((x) => sameId(x, id)));
}

/** The entry as kustomize re-serialises it for its configuration errors (empty fields left out). */
function patchConfig(p: Patch): string {
  const c: JsonMap = {};
  if (p.path) c.path = p.path;
  if (p.patch) c.patch = p.patch;
  if (p.target) c.target = { ...p.target };
  if (p.options && Object.keys(p.options).length) c.options = p.options;
  return marshalYaml(c);
}

export function applyJson6902(resources: Resource[], ops: Json[], target: Selector | undefined, source: string): Resource[] {
  if (!target) throw new KtlError(`must specify a target for JSON patch ${source}`);
  for (const r of selectResources(resources, target)) {
    r.storePreviousId();
    r.obj = applyJsonPatch(r.obj, ops) as JsonMap;
  }
  return resources;
}
