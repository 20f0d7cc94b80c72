/**
 * Applying many objects fast while staying equal to a sequential apply:
 * Namespaces and CRDs first (then waiting for the CRDs to be Established, and
 * re-mapping kinds they define), then everything else with bounded
 * concurrency; two manifests for the same object stay in input order. Results
 * are handed to `onResult` strictly in input order as soon as each is known.
 */
import type { Clients, KubeObject, ResourceMapper, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import { KtlError } from '../errors.js';
import { isManifestError, type Manifest, type ManifestItem } from '../resource/manifests.js';
import { mapperFor } from '../resource/unreachable.js';
import { ApplyFailure, type Applier, type ApplyResult, type ApplyTarget } from './client-side.js';
import { objectKey } from './prune.js';
import type { JsonMap } from './strategic-merge.js';
import { isJsonMap, mapAt, mapsAt, stringAt } from '../codec/value.js';

export interface BatchOptions {
  namespace: string;
  namespaceFromFlag: boolean;
  concurrency: number;
  /** wait for applied CRDs to be Established (not in dry runs) */
  waitForCrds: boolean;
}

/** A failure's warnings are the stderr notices kubectl printed before giving up on the object. */
export type Outcome = { target: ApplyTarget; result: ApplyResult } | { target: ApplyTarget; error: unknown; warnings: string[] };

export interface BatchResult {
  /** errors found while mapping the input (kubectl's builder errors) */
  builderErrors: unknown[];
  outcomes: Outcome[];
}

const isCrd = (m: ResourceMapping) => m.group === 'apiextensions.k8s.io' && m.kind === 'CustomResourceDefinition';
const isFirst = (m: ResourceMapping) => isCrd(m) || (m.group === '' && m.kind === 'Namespace');

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

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

async function waitEstablished(clients: Clients, name: string, timeoutMs = 60_000): Promise<void> {
  const path = resourcePath({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' }, { name });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await clients.rest.getJson<KubeObject>(path).catch(() => undefined);
    const conds = mapsAt(mapAt(crd, 'status'), 'conditions');
    if (conds.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
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
  let refreshed = false;
  const find = (av: string, k: string) => mapper?.forKind(av, k);
  // a document that could not be read is a builder error in its place
  type Prepared = ReturnType<typeof prepareTarget> & { readError?: unknown };
  const prepare = (m: ManifestItem): Prepared => (isManifestError(m) ? { readError: m.error } : prepareTarget(m, find, o));
  const prepared: Prepared[] = manifests.map((m, i) => {
    const refused = unreachable.get(i);
    return refused ? { mappingError: refused } : prepare(m);
  });
  if (mapper && prepared.some((p, i) => p.mappingError && !p.target && !unreachable.has(i)) && !refreshed) {
    // kinds unknown to cached discovery: look again before giving up
    mapper = await clients.mapper({ fresh: true });
    refreshed = true;
    prepared.forEach((p, i) => {
      if (p.mappingError && !unreachable.has(i)) prepared[i] = prepare(manifests[i]!);
    });
  }

  const outcomes: Array<Outcome | undefined> = new Array(manifests.length);
  const settled: Array<{ promise: Promise<void>; resolve: () => void }> = manifests.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  // the printer: strictly in input order
  const printing = (async () => {
    for (let i = 0; i < manifests.length; i++) {
      await settled[i]!.promise;
      const out = outcomes[i];
      if (out) await onResult(i, out);
    }
  })();

  // same object twice: later manifests wait for earlier ones
  const chains = new Map<string, Promise<void>>();
  const runOne = async (i: number) => {
    const t = prepared[i]!.target!;
    const key = objectKey(t.mapping, t.namespace, t.name);
    const before = chains.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    chains.set(key, before.then(() => mine));
    await before;
    try {
      // kubectl's apply refuses a name the server would generate, before it asks anything
      const generateName = t.name === '' ? stringAt(mapAt(t.object, 'metadata'), 'generateName') : undefined;
      if (generateName) throw new KtlError(`from ${generateName}: cannot use generate name with apply`);
      outcomes[i] = { target: t, result: await applier.apply(t) };
    } catch (error) {
      outcomes[i] = error instanceof ApplyFailure ? { target: t, error: error.error, warnings: error.warnings } : { target: t, error, warnings: [] };
    } finally {
      done();
      settled[i]!.resolve();
    }
  };

  const skip = (i: number) => settled[i]!.resolve();
  const firstPhase: number[] = [];
  const laterPhase: number[] = [];
  prepared.forEach((p, i) => {
    if (!p.target) {
      if (!p.mappingError && !p.readError) skip(i);
    } else if (isFirst(p.target.mapping)) firstPhase.push(i);
    else laterPhase.push(i);
  });
  await pool(firstPhase, o.concurrency, runOne);
  const crds = firstPhase.filter((i) => isCrd(prepared[i]!.target!.mapping) && outcomes[i] && 'result' in outcomes[i]!);
  if (crds.length && o.waitForCrds) {
    await Promise.all(crds.map((i) => waitEstablished(clients, prepared[i]!.target!.name)));
    // custom resources of the CRDs just created can now be mapped
    const unmapped = prepared.map((p, i) => (p.mappingError ? i : -1)).filter((i) => i >= 0);
    if (unmapped.length) {
      mapper = await clients.mapper({ fresh: true });
      for (const i of unmapped) {
        const again = prepare(manifests[i]!);
        if (again.target) {
          prepared[i] = again;
          laterPhase.push(i);
        }
      }
      laterPhase.sort((a, b) => a - b);
    }
  }
  prepared.forEach((p, i) => {
    if (!p.target) skip(i);
  });
  await pool(laterPhase, o.concurrency, runOne);
  for (let i = 0; i < manifests.length; i++) settled[i]!.resolve();
  await printing;

  const namespaceErrors = prepared.filter((p) => p.namespaceError).map((p) => p.namespaceError);
  const mappingErrors = prepared.filter((p) => !p.target && (p.mappingError || p.readError)).map((p) => p.mappingError ?? p.readError);
  return { builderErrors: [...namespaceErrors, ...mappingErrors], outcomes: outcomes.filter((x): x is Outcome => !!x) };
}
