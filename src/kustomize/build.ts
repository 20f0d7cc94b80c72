/**
 * `kustomize build`: loads a kustomization, accumulates its resources (files,
 * other kustomizations, generators, components), runs the built-in
 * transformers in kustomize's order, then, once for the whole build, adds
 * hash suffixes, rewrites name references, expands vars and sorts.
 */
import { KtlError, messageOf } from '../errors.js';
import { emptyCrdConfig, loadCrdConfig, mergeCrdConfig, type CrdConfig } from './crds.js';
import { contentHash, generate } from './generators.js';
import { KUSTOMIZATION_FILES, parseKustomization, type Kustomization, type Patch } from './kustomization.js';
import { isRemote, Loader, remoteRefusal, type LoadRestrictor } from './loader.js';
import { fixNameReferences } from './name-references.js';
import { applyJson6902, applyPatch, byAnyId } from './patches.js';
import { applyReplacements } from './replacements.js';
import { idString, isMap, Resource, sameId, type JsonMap } from './resource.js';
import { sortResources } from './sort.js';
import { applyAnnotations, applyImages, applyLabels, applyNameAffix, applyNamespace, applyReplicas } from './transformers.js';
import { collectVars, resolveVars, type Var } from './vars.js';
import { emitObjects, parseObjects, parseYaml } from './yaml-io.js';

export interface BuildOptions {
  loadRestrictor?: LoadRestrictor;
  enableHelm?: boolean;
  /** deprecation warnings, as kustomize prints them to stderr */
  warn?: (line: string) => void;
  /** what kustomize logs (Go's log package, which kubectl's klog prints as an info line from log.go:245) */
  log?: (message: string) => void;
}

interface Acc {
  resources: Resource[];
  vars: Var[];
  /** what `crds` files added, from this kustomization and the ones it includes */
  crd: CrdConfig;
}

function wrap<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof KtlError) throw new KtlError(prefix + e.message);
    throw e;
  }
}

function append(acc: Acc, r: Resource): void {
  const id = r.curId();
  if (acc.resources.some((o) => sameId(o.curId(), id))) {
    throw new KtlError(`may not add resource with an already registered id: ${idString(id)}`);
  }
  acc.resources.push(r);
}

/** A generated object joins the build: created, or merged into / replacing its namesake. */
function absorb(acc: Acc, r: Resource): void {
  const id = r.curId();
  const matches = byAnyId(acc.resources, id);
  if (matches.length === 0) {
    if (r.behavior === 'merge' || r.behavior === 'replace') throw new KtlError(`id ${goIdRepr(r)} does not exist; cannot merge or replace`);
    append(acc, r);
    return;
  }
  if (matches.length > 1) throw new KtlError(`found multiple objects that could accept merge of ${idString(id)}`);
  const old = matches[0]!;
  if (r.behavior !== 'merge' && r.behavior !== 'replace') throw new KtlError(`id ${goIdRepr(r)} exists; behavior must be merge or replace`);
  const meta = r.metadata();
  const labels = { ...old.stringMap('labels'), ...r.stringMap('labels') };
  const annotations = { ...old.stringMap('annotations'), ...r.stringMap('annotations') };
  if (Object.keys(labels).length) meta.labels = labels;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  r.setName(old.name);
  r.setNamespace(old.namespace);
  r.prev = old.prev;
  r.prefixes = old.prefixes;
  r.suffixes = old.suffixes;
  if (r.behavior === 'merge') {
    for (const f of ['data', 'binaryData']) {
      const o = old.obj[f];
      const n = r.obj[f];
      if ((o && typeof o === 'object') || (n && typeof n === 'object')) {
        r.obj[f] = { ...(isMap(o) ? o : {}), ...(isMap(n) ? n : {}) };
      }
    }
  }
  acc.resources[acc.resources.indexOf(old)] = r;
}

function goIdRepr(r: Resource): string {
  const g = r.gvk();
  return `resid.ResId{Gvk:resid.Gvk{Group:"${g.group}", Version:"${g.version}", Kind:"${g.kind}", isClusterScoped:false}, Name:"${r.name}", Namespace:"${r.namespace}"}`;
}

class Target {
  k!: Kustomization;
  constructor(
    readonly ldr: Loader,
    readonly opts: BuildOptions,
  ) {}

  load(): void {
    const found: Array<[string, Buffer]> = [];
    for (const f of KUSTOMIZATION_FILES) {
      try {
        found.push([f, this.ldr.load(f)]);
      } catch {
        /* not this name */
      }
    }
    if (found.length === 0) {
      throw new KtlError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${this.ldr.root}'`);
    }
    if (found.length > 1) throw new KtlError(`Found multiple kustomization files under: ${this.ldr.root}`);
    const [name, text] = found[0]!;
    const { k, warnings } = parseKustomization(text.toString('utf8'), name, this.ldr.root);
    for (const w of warnings) this.opts.warn?.(w);
    this.k = k;
    this.refuseUnsupported();
  }

  private refuseUnsupported(): void {
    const k = this.k;
    if (k.helmCharts?.length || k.helmChartInflationGenerator?.length || k.helmGlobals) {
      throw new KtlError("helm charts (helmCharts, helmChartInflationGenerator, helmGlobals) are not supported by ktl's built-in kustomize: render the chart with helm and list the output under resources");
    }
    for (const f of ['generators', 'transformers', 'validators', 'configurations'] as const) {
      if (k[f]?.length) throw new KtlError(`the kustomization field '${f}' is not supported by ktl's built-in kustomize`);
    }
    for (const m of k.buildMetadata ?? []) {
      if (m !== 'managedByLabel') throw new KtlError(`buildMetadata option '${m}' is not supported by ktl's built-in kustomize`);
    }
    if (k.openapi && Object.keys(k.openapi).length) throw new KtlError("the kustomization field 'openapi' is not supported by ktl's built-in kustomize");
  }

  accumulate(acc: Acc = { resources: [], vars: [], crd: emptyCrdConfig() }): Acc {
    const k = this.k;
    wrap('accumulating resources: ', () => {
      for (const p of k.resources ?? []) this.accumulateResource(acc, p);
    });
    if (k.crds?.length) {
      const crds = k.crds;
      mergeCrdConfig(acc.crd, wrap(`loading CRDs [${crds.join(' ')}]: `, () => loadCrdConfig(this.ldr, crds)));
    }
    for (const g of k.configMapGenerator ?? []) {
      const r = generate(this.ldr, 'ConfigMap', g, k.generatorOptions);
      wrap(`merging from generator ${r.name}: `, () => absorb(acc, r));
    }
    for (const g of k.secretGenerator ?? []) {
      const r = generate(this.ldr, 'Secret', g, k.generatorOptions);
      wrap(`merging from generator ${r.name}: `, () => absorb(acc, r));
    }
    for (const c of k.components ?? []) {
      let sub: Loader;
      try {
        sub = this.ldr.child(c);
      } catch (e) {
        throw new KtlError(`accumulating components: loader.New "${messageOf(e)}"`);
      }
      const t = new Target(sub, this.opts);
      wrap(`accumulating components: accumulateDirectory: "couldn't make target for path '${sub.root}': `, () => t.load());
      if (t.k.kind !== 'Component') {
        throw new KtlError(`accumulating components: accumulateDirectory: "expected kind 'Component' for path '${sub.root}' but got '${t.k.kind}'"`);
      }
      acc = t.accumulate(acc);
    }
    acc.resources = this.transform(acc.resources, acc.crd);
    acc.vars.push(...collectVars(k.vars));
    return acc;
  }

  private accumulateResource(acc: Acc, p: string): void {
    if (isRemote(p)) throw new KtlError(remoteRefusal(p));
    let errF: KtlError | undefined;
    let malformed = false;
    try {
      let text: string;
      try {
        text = this.ldr.load(p).toString('utf8');
      } catch (e) {
        throw e instanceof KtlError ? new KtlError(`accumulating resources from '${p}': ${e.message}`) : e;
      }
      let objs: JsonMap[];
      try {
        objs = parseObjects(text, p);
      } catch (e) {
        malformed = true;
        throw e instanceof KtlError ? new KtlError(`accumulating resources from '${p}': ${e.message}`) : e;
      }
      wrap(`merging resources from '${p}': `, () => {
        for (const o of objs) append(acc, new Resource(o));
      });
      return;
    } catch (e) {
      if (!(e instanceof KtlError)) throw e;
      errF = e;
    }
    let sub: Loader;
    try {
      sub = this.ldr.child(p);
    } catch (e) {
      if (malformed) throw errF;
      throw new KtlError(`accumulation err='${errF.message}': ${messageOf(e)}`);
    }
    wrap(`accumulation err='${errF!.message}': `, () => {
      const t = new Target(sub, this.opts);
      wrap(`couldn't make target for path '${sub.root}': `, () => t.load());
      if (t.k.kind === 'Component') throw new KtlError(`expected kind != 'Component' for path '${sub.root}'`);
      const subAcc = wrap(`recursed accumulation of path '${sub.root}': `, () => t.accumulate());
      wrap(`recursed merging from path '${sub.root}': `, () => {
        for (const r of subAcc.resources) append(acc, r);
      });
      acc.vars.push(...subAcc.vars);
      mergeCrdConfig(acc.crd, subAcc.crd);
    });
  }

  private transform(resources: Resource[], crd: CrdConfig): Resource[] {
    const k = this.k;
    for (const p of k.patchesStrategicMerge ?? []) {
      let patch: Patch;
      try {
        this.ldr.load(p);
        patch = { path: p };
      } catch {
        patch = { patch: p };
      }
      resources = applyPatch(this.ldr, resources, patch);
    }
    for (const p of k.patches ?? []) resources = applyPatch(this.ldr, resources, p);
    if (k.namespace) applyNamespace(resources, k.namespace);
    if (k.namePrefix) applyNameAffix(resources, k.namePrefix, 'prefix', crd.prefix);
    if (k.nameSuffix) applyNameAffix(resources, k.nameSuffix, 'suffix');
    applyLabels(resources, k, crd.labels);
    if (k.commonAnnotations && Object.keys(k.commonAnnotations).length) applyAnnotations(resources, k.commonAnnotations, crd.annotations);
    for (const p of k.patchesJson6902 ?? []) {
      const text = p.patch ?? (p.path ? this.ldr.load(p.path).toString('utf8') : '');
      const ops = parseYaml(text, 'json patch');
      if (!Array.isArray(ops)) throw new KtlError(`unable to parse JSON patch: ${p.path ?? ''}`);
      resources = applyJson6902(resources, ops, p.target, `[path: ${JSON.stringify(p.path ?? '')}]`);
    }
    if (k.replicas?.length) applyReplicas(resources, k.replicas);
    if (k.images?.length) applyImages(resources, k.images);
    if (k.replacements?.length) resources = applyReplacements(this.ldr, resources, k.replacements);
    return resources;
  }
}

/** Builds the kustomization in `dir` (relative to cwd): the objects, in output order. */
export function buildObjects(cwd: string, dir: string, opts: BuildOptions = {}): JsonMap[] {
  const ldr = Loader.at(cwd, dir, opts.loadRestrictor ?? 'LoadRestrictionsRootOnly');
  const t = new Target(ldr, opts);
  t.load();
  const acc = t.accumulate();
  const resources = acc.resources;
  for (const r of resources) {
    if (!r.needsHash) continue;
    r.storePreviousId();
    r.setName(`${r.name}-${contentHash(r.obj)}`);
  }
  fixNameReferences(resources, acc.crd.nameRefs);
  const unused = resolveVars(resources, acc.vars);
  if (unused.length) t.opts.log?.(`well-defined vars that were never replaced: ${unused.join(',')}`);
  const sorted = sortResources(resources, t.k.sortOptions);
  if (t.k.buildMetadata?.includes('managedByLabel')) {
    // kubectl's embedded kustomize carries no release number, so it labels "(devel)"
    for (const r of sorted) r.metadata().labels = { ...r.stringMap('labels'), 'app.kubernetes.io/managed-by': 'kustomize-(devel)' };
  }
  return sorted.map((r) => r.obj);
}

/** `kustomize build` output. */
export function buildText(cwd: string, dir: string, opts: BuildOptions = {}): string {
  return emitObjects(buildObjects(cwd, dir, opts));
}
