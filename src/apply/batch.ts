/**
 * Applying many objects fast while staying equal to kubectl's apply, which maps
 * every document first and then applies them one by one in input order: all
 * are mapped first here too, then applied with bounded concurrency, except
 * where order changes the outcome (the same object twice, a Namespace and the
 * objects in it, a CRD and the objects of its kind): those keep input order.
 * Results are handed to `onResult` strictly in input order as soon as each is
 * known.
 */
import type { Clients, ResourceMapper, ResourceMapping } from '../client/index.js';
import { InputErrors, KtlError } from '../errors.js';
import { isManifestError, type Manifest, type ManifestItem } from '../resource/manifests.js';
import { mapperFor } from '../resource/unreachable.js';
import { ApplyFailure, type Applier, type ApplyResult, type ApplyTarget } from './client-side.js';
import { objectKey } from './prune.js';
import type { JsonMap } from './strategic-merge.js';
import { isJsonMap, mapAt, stringAt } from '../codec/value.js';

export interface BatchOptions {
  namespace: string;
  namespaceFromFlag: boolean;
  concurrency: number;
  /** -l: which mapped objects are applied (the others are dropped without a word) */
  select?: (object: JsonMap) => boolean;
}

/** A failure's warnings are the stderr notices kubectl printed before giving up on the object. */
export type Outcome = { target: ApplyTarget; result: ApplyResult } | { target: ApplyTarget; error: unknown; warnings: string[] };

export interface BatchResult {
  /** errors found while mapping the input (kubectl's builder errors) */
  builderErrors: unknown[];
  outcomes: Outcome[];
}

const isCrd = (m: ResourceMapping) => m.group === 'apiextensions.k8s.io' && m.kind === 'CustomResourceDefinition';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Maps one manifest to its target, or explains why it cannot be applied. */
export function prepareTarget(
  m: Manifest,
  find: (apiVersion: string, kind: string) => ResourceMapping | undefined,
  o: Pick<BatchOptions, 'namespace' | 'namespaceFromFlag'>,
): { target?: ApplyTarget; mappingError?: unknown; namespaceError?: unknown } {
  const obj: JsonMap = isJsonMap(m.object) ? m.object : {};
  const md = mapAt(obj, 'metadata') ?? {};
  const apiVersion = str(obj.apiVersion);
  const kind = str(obj.kind);
  const name = str(md.name);
  const objNs = str(md.namespace);
  if (!apiVersion || !kind) {
    const missing: string[] = [];
    if (!apiVersion) missing.push('apiVersion not set');
    if (!kind) missing.push('kind not set');
    const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
    return { mappingError: new KtlError(`error validating "${m.source}": error validating data: ${list}; if you choose to ignore these errors, turn validation off with --validate=false`) };
  }
  const mapping = find(apiVersion, kind);
  if (!mapping) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const gv = group ? `${group}/${version}` : version;
    return {
      mappingError: new KtlError(
        `resource mapping not found for name: "${name}" namespace: "${objNs}" from "${m.source}": no matches for kind "${kind}" in version "${gv}"\nensure CRDs are installed first`,
      ),
    };
  }
  let namespace = '';
  if (mapping.namespaced) {
    if (objNs && o.namespaceFromFlag && objNs !== o.namespace) {
      return {
        namespaceError: new KtlError(
          `the namespace from the provided object "${objNs}" does not match the namespace "${o.namespace}". You must pass '--namespace=${objNs}' to perform this operation.`,
        ),
      };
    }
    namespace = objNs || o.namespace;
  }
  const object: JsonMap = mapping.namespaced ? { ...obj, metadata: { ...md, namespace } } : obj;
  return { target: { mapping, namespace, name, object, source: m.source } };
}

/** At most `limit` holders at once; waiters are served first come, first served. */
function semaphore(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let free = Math.max(1, limit);
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (free > 0) free--;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** What a CRD manifest defines: its group and kind (plural too), to find the objects of that kind. */
function crdDefines(t: ApplyTarget): { group: string; kind: string; plural: string } | undefined {
  if (!isCrd(t.mapping)) return undefined;
  const spec = mapAt(t.object, 'spec');
  const names = mapAt(spec, 'names');
  return { group: stringAt(spec, 'group') ?? '', kind: stringAt(names, 'kind') ?? '', plural: stringAt(names, 'plural') ?? '' };
}

/**
 * Kinds whose objects change how the API server admits or defaults the objects
 * written after them: in their namespace (a ServiceAccount a pod names, the
 * LimitRange that defaults it, the ResourceQuota that counts it, the Role a
 * binding refers to) or anywhere (admission webhooks and policies, the classes
 * a pod, claim or ingress names or defaults to, the ClusterRole a binding refers
 * to). kubectl writes one object at a time, so what comes before such an object
 * in the input is admitted without it and what comes after with it.
 */
const NAMESPACE_BARRIERS = new Set(['/ServiceAccount', '/LimitRange', '/ResourceQuota', 'rbac.authorization.k8s.io/Role']);
const CLUSTER_BARRIERS = new Set([
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'storage.k8s.io/StorageClass',
  'networking.k8s.io/IngressClass',
  'rbac.authorization.k8s.io/ClusterRole',
]);

/**
 * For each target, the earlier ones it must wait for so that the result is what
 * kubectl's one-by-one apply gives: the same object written twice, a Namespace and
 * the objects in it, a CRD and the objects of its kind keep their input order
 * (whichever comes first), and an object of a kind that changes admission
 * (NAMESPACE_BARRIERS, CLUSTER_BARRIERS) waits for everything before it in its
 * scope while everything after it waits for it. Anything else is independent
 * and may run at once.
 */
export function dependencies(targets: Array<ApplyTarget | undefined>): number[][] {
  const deps: number[][] = targets.map(() => []);
  const lastOfKey = new Map<string, number>();
  const lastNamespace = new Map<string, number>(); // Namespace manifest by name
  const inNamespace = new Map<string, number[]>(); // objects since that namespace's last manifest
  const crds: Array<{ i: number; group: string; kind: string; plural: string }> = [];
  const customSince = new Map<string, number[]>(); // objects of group/kind since its CRD's last manifest
  const gk = (group: string, kind: string) => `${group}/${kind}`;
  // the barriers: the last one of each scope, and what came after it (each object waits for the
  // last barrier of its scopes; a barrier waits for the last one and everything since)
  let clusterBarrier: number | undefined;
  let sinceClusterBarrier: number[] = [];
  const nsBarrier = new Map<string, number>();
  const sinceNsBarrier = new Map<string, number[]>();
  targets.forEach((t, i) => {
    if (!t) return;
    const kindKey = gk(t.mapping.group, t.mapping.kind);
    const ns = t.mapping.namespaced ? t.namespace : undefined;
    if (CLUSTER_BARRIERS.has(kindKey)) {
      deps[i]!.push(...(clusterBarrier === undefined ? [] : [clusterBarrier]), ...sinceClusterBarrier);
      clusterBarrier = i;
      sinceClusterBarrier = [];
      nsBarrier.clear();
      sinceNsBarrier.clear();
    } else if (ns !== undefined && NAMESPACE_BARRIERS.has(kindKey)) {
      const last = nsBarrier.get(ns) ?? clusterBarrier;
      deps[i]!.push(...(last === undefined ? [] : [last]), ...(sinceNsBarrier.get(ns) ?? []));
      nsBarrier.set(ns, i);
      sinceNsBarrier.set(ns, []);
      sinceClusterBarrier.push(i);
    } else {
      const last = (ns !== undefined ? nsBarrier.get(ns) : undefined) ?? clusterBarrier;
      if (last !== undefined) deps[i]!.push(last);
      sinceClusterBarrier.push(i);
      if (ns !== undefined) {
        const list = sinceNsBarrier.get(ns);
        if (list) list.push(i);
        else sinceNsBarrier.set(ns, [i]);
      }
    }
    const key = objectKey(t.mapping, t.namespace, t.name);
    const same = lastOfKey.get(key);
    if (same !== undefined) deps[i]!.push(same);
    lastOfKey.set(key, i);
    if (t.mapping.group === '' && t.mapping.kind === 'Namespace') {
      deps[i]!.push(...(inNamespace.get(t.name) ?? []));
      inNamespace.set(t.name, []);
      lastNamespace.set(t.name, i);
    } else if (t.mapping.namespaced) {
      const ns = lastNamespace.get(t.namespace);
      if (ns !== undefined) deps[i]!.push(ns);
      const list = inNamespace.get(t.namespace);
      if (list) list.push(i);
      else inNamespace.set(t.namespace, [i]);
    }
    const defines = crdDefines(t);
    if (defines) {
      const k = gk(defines.group, defines.kind);
      deps[i]!.push(...(customSince.get(k) ?? []));
      customSince.set(k, []);
      crds.push({ i, ...defines });
    } else if (t.mapping.group) {
      for (const c of crds) {
        if (c.group === t.mapping.group && (c.kind === t.mapping.kind || c.plural === t.mapping.resource)) deps[i]!.push(c.i);
      }
      const k = gk(t.mapping.group, t.mapping.kind);
      const list = customSince.get(k);
      if (list) list.push(i);
      else customSince.set(k, [i]);
    }
  });
  return deps;
}

export async function applyBatch(
  clients: Clients,
  applier: Applier,
  manifests: ManifestItem[],
  o: BatchOptions,
  onResult: (index: number, outcome: Outcome) => Promise<void>,
): Promise<BatchResult> {
  // discovery when the first readable document needs it; with the server out of reach each
  // document fails on its own (kubectl's `unable to recognize`) and the next one tries again
  let mapper: ResourceMapper | undefined;
  const unreachable = new Map<number, KtlError>();
  for (const [i, m] of manifests.entries()) {
    if (mapper || isManifestError(m)) continue;
    const got = await mapperFor(clients, m.source);
    if (got instanceof KtlError) unreachable.set(i, got);
    else mapper = got;
  }
  const find = (av: string, k: string) => mapper?.forKind(av, k);
  // a document that could not be read is a builder error in its place
  type Prepared = ReturnType<typeof prepareTarget> & { readError?: unknown };
  const prepare = (m: ManifestItem): Prepared => {
    if (isManifestError(m)) return { readError: m.error };
    // -l filters what mapped, before the namespace is checked (kubectl's builder)
    if (o.select && isJsonMap(m.object) && !o.select(m.object)) {
      const mapped = prepareTarget(m, find, { ...o, namespaceFromFlag: false });
      if (mapped.target) return {};
    }
    return prepareTarget(m, find, o);
  };
  const prepared: Prepared[] = manifests.map((m, i) => {
    const refused = unreachable.get(i);
    return refused ? { mappingError: refused } : prepare(m);
  });
  if (mapper && prepared.some((p, i) => p.mappingError && !p.target && !unreachable.has(i))) {
    // kinds unknown to cached discovery: look again before giving up
    mapper = await clients.mapper({ fresh: true });
    prepared.forEach((p, i) => {
      if (p.mappingError && !unreachable.has(i)) prepared[i] = prepare(manifests[i]!);
    });
  }

  // as kubectl's builder: every document is mapped before anything is applied, so the kind
  // of a CRD applied in this run is not known yet (kubectl: "no matches for kind", a second
  // run is needed)
  const targets = prepared.map((p) => p.target);
  const deps = dependencies(targets);
  const outcomes: Array<Outcome | undefined> = new Array(manifests.length);
  const done: Array<Promise<void> | undefined> = new Array(manifests.length);
  const slot = semaphore(o.concurrency);
  const runOne = async (i: number, t: ApplyTarget) => {
    await Promise.all(deps[i]!.map((d) => done[d]));
    await slot(async () => {
      try {
        // kubectl's apply refuses a name the server would generate, before it asks anything
        const generateName = t.name === '' ? stringAt(mapAt(t.object, 'metadata'), 'generateName') : undefined;
        if (generateName) throw new KtlError(`from ${generateName}: cannot use generate name with apply`);
        outcomes[i] = { target: t, result: await applier.apply(t) };
      } catch (error) {
        outcomes[i] = error instanceof ApplyFailure ? { target: t, error: error.error, warnings: error.warnings } : { target: t, error, warnings: [] };
      }
    });
  };
  targets.forEach((t, i) => {
    if (t) done[i] = runOne(i, t);
  });
  // the printer: strictly in input order, each result as soon as it and those before it are known
  for (let i = 0; i < manifests.length; i++) {
    await done[i];
    const out = outcomes[i];
    if (out) await onResult(i, out);
  }

  const namespaceErrors = prepared.filter((p) => p.namespaceError).map((p) => p.namespaceError);
  const mappingErrors = prepared.filter((p) => !p.target && (p.mappingError || p.readError)).map((p) => p.mappingError ?? p.readError);
  // kubectl's builder error: each namespace mismatch, then the documents it could not read or map as one
  // aggregate of their own (printed as "[a, b]" beside the namespace errors; alone, one per line)
  const builderErrors = namespaceErrors.length && mappingErrors.length > 1 ? [...namespaceErrors, new InputErrors(mappingErrors)] : [...namespaceErrors, ...mappingErrors];
  return { builderErrors, outcomes: outcomes.filter((x): x is Outcome => !!x) };
}
