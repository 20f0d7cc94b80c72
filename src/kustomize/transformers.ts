/**
 * kustomize's built-in transformers that edit fields named by field specs:
 * namespace, name prefix/suffix, labels, annotations, images and replicas.
 */
import { KtlError } from '../errors.js';
import { getAt, setAt, spec, walkSpec, type FieldSpec } from './field-path.js';
import * as specs from './field-specs.js';
import { goJson } from './generators.js';
import type { Image, Kustomization, Label } from './kustomization.js';
import { gvkSelected, gvkString, isClusterScoped, isMap, sameId, type JsonMap, type Resource } from './resource.js';

const sortedKeys = (m: Record<string, string>) => Object.keys(m).sort();

/** Sets key=value in the maps the specs lead to (creating them where the spec says). */
function setEntries(r: Resource, fss: readonly FieldSpec[], entries: Record<string, string>): void {
  for (const k of sortedKeys(entries)) {
    for (const fs of fss) {
      walkSpec(r.obj, fs, 'map', (holder, key) => {
        let m = getAt(holder, key);
        if (!isMap(m)) {
          if (m !== null && m !== undefined) {
            throw new KtlError(`considering field '${fs.path}' of object ${gvkString(r.gvk())}: wrong node kind: expected MappingNode`);
          }
          m = {};
          setAt(holder, key, m);
        }
        m[k] = entries[k] ?? '';
      });
    }
  }
}

/** An object as kustomize shows it in errors: JSON with its bookkeeping annotations. */
function withBuildAnnotations(r: Resource): string {
  const o = structuredClone(r.obj);
  let meta: JsonMap;
  if (isMap(o.metadata)) meta = o.metadata;
  else o.metadata = meta = {};
  const ann: JsonMap = { ...(isMap(meta.annotations) ? meta.annotations : {}) };
  if (r.prefixes.length) ann['internal.config.kubernetes.io/prefixes'] = r.prefixes.join(',');
  if (r.suffixes.length) ann['internal.config.kubernetes.io/suffixes'] = r.suffixes.join(',');
  if (r.prev.length) {
    ann['internal.config.kubernetes.io/previousKinds'] = r.prev.map((p) => p.kind).join(',');
    ann['internal.config.kubernetes.io/previousNames'] = r.prev.map((p) => p.name).join(',');
    ann['internal.config.kubernetes.io/previousNamespaces'] = r.prev.map((p) => p.namespace).join(',');
  }
  if (Object.keys(ann).length) meta.annotations = ann;
  return goJson(o);
}

export function applyNamespace(resources: Resource[], ns: string): void {
  const fss = specs.NAMESPACE.map(spec);
  for (const r of resources) {
    r.storePreviousId();
    if (!isClusterScoped(r.gvk())) r.setNamespace(ns);
    for (const fs of fss) {
      if (fs.path === 'metadata/name' && r.apiVersion !== 'v1') continue;
      walkSpec(r.obj, fs, 'scalar', (holder, key) => {
        setAt(holder, key, ns);
      });
    }
    if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') {
      const subjects = r.obj.subjects;
      if (Array.isArray(subjects)) {
        for (const s of subjects) if (isMap(s) && s.name === 'default') s.namespace = ns;
      }
    }
  }
  for (const r of resources) {
    const id = r.curId();
    const same = resources.filter((o) => sameId(o.curId(), id));
    if (same.length !== 1) throw new KtlError(`namespace transformation produces ID conflict: [${same.map(withBuildAnnotations).join(' ')}]`);
  }
}

const SKIP_RENAME: Array<Partial<{ group: string; kind: string }>> = [
  { kind: 'CustomResourceDefinition' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { kind: 'Namespace' },
];

/**
 * namePrefix/nameSuffix: metadata.name (remembering the old name), and for a
 * prefix also the identity fields `crds` declared, which are prefixed as they
 * are (kustomize gives them no suffix).
 */
export function applyNameAffix(resources: Resource[], affix: string, where: 'prefix' | 'suffix', identities: readonly FieldSpec[] = []): void {
  for (const r of resources) {
    const org = r.orgId();
    if (SKIP_RENAME.some((s) => gvkSelected(org, s))) continue;
    if (where === 'prefix') r.prefixes.push(affix);
    else r.suffixes.push(affix);
    r.storePreviousId();
    r.setName(where === 'prefix' ? affix + r.name : r.name + affix);
    if (where !== 'prefix') continue;
    for (const fs of identities) {
      if (!gvkSelected(org, fs)) continue;
      walkSpec(r.obj, fs, undefined, (holder, key) => {
        const v = getAt(holder, key);
        if (typeof v === 'string') setAt(holder, key, affix + v);
      });
    }
  }
}

function labelSpecs(l: Label, crdSelectors: readonly FieldSpec[]): FieldSpec[] {
  const custom = (l.fields ?? []).map((f) => ({
    kind: f.kind ?? '',
    group: f.group ?? '',
    version: f.version ?? '',
    path: f.path ?? '',
    create: !!f.create,
  }));
  if (l.includeSelectors) return [...custom, ...specs.COMMON_LABELS.map(spec), ...crdSelectors];
  const out = [...custom];
  if (l.includeTemplates) out.push(...specs.METADATA_LABELS.map(spec));
  out.push({ kind: '', group: '', version: '', path: 'metadata/labels', create: true });
  return out;
}

export function applyLabels(resources: Resource[], k: Kustomization, crdSelectors: readonly FieldSpec[] = []): void {
  for (const l of k.labels ?? []) {
    const fss = labelSpecs(l, crdSelectors);
    for (const r of resources) setEntries(r, fss, l.pairs ?? {});
  }
  if (k.commonLabels && Object.keys(k.commonLabels).length) {
    const fss = [...specs.COMMON_LABELS.map(spec), ...crdSelectors];
    for (const r of resources) setEntries(r, fss, k.commonLabels);
  }
}

export function applyAnnotations(resources: Resource[], annotations: Record<string, string>, crdFields: readonly FieldSpec[] = []): void {
  const fss = [...specs.COMMON_ANNOTATIONS.map(spec), ...crdFields];
  for (const r of resources) setEntries(r, fss, annotations);
}

/** name[:tag][@digest] split as kustomize splits it (a port in the registry host is not a tag). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const off = slash > 0 ? slash : 0;
  const search = image.slice(off);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, at + off), tag: '', digest: image.slice(at + off + 1) };
  if (at >= 0 && colon >= 0) {
    return { name: image.slice(0, colon + off), tag: image.slice(colon + off + 1, at + off), digest: image.slice(at + off + 1) };
  }
  return { name: image.slice(0, colon + off), tag: image.slice(colon + off + 1), digest: '' };
}

function newImage(value: string, img: Image): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(`^${img.name ?? ''}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return undefined;
  }
  if (!re.test(value)) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = '';
  } else if (img.digest) {
    tag = '';
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = '';
  }
  return name + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}

function updateImageIn(container: unknown, img: Image): void {
  if (!isMap(container) || typeof container.image !== 'string') return;
  const v = newImage(container.image, img);
  if (v !== undefined) container.image = v;
}

/** containers/initContainers lists anywhere in the object (kustomize's legacy image walk). */
function walkContainers(node: unknown, img: Image): void {
  if (Array.isArray(node)) {
    for (const e of node) walkContainers(e, img);
  } else if (isMap(node)) {
    for (const [k, v] of Object.entries(node)) {
      walkContainers(v, img);
      if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) for (const c of v) updateImageIn(c, img);
    }
  }
}

export function applyImages(resources: Resource[], images: Image[]): void {
  const fss = specs.IMAGES.map(spec);
  for (const img of images) {
    for (const r of resources) {
      if (r.kind === 'CustomResourceDefinition') continue;
      walkContainers(r.obj, img);
      for (const fs of fss) {
        walkSpec(r.obj, fs, undefined, (holder, key) => {
          const v = getAt(holder, key);
          if (typeof v !== 'string') return;
          const nv = newImage(v, img);
          if (nv !== undefined) setAt(holder, key, nv);
        });
      }
    }
  }
}

export function applyReplicas(resources: Resource[], replicas: Array<{ name?: string; count?: number }>): void {
  const fss = specs.REPLICAS.map(spec);
  for (const rep of replicas) {
    let found = false;
    for (const fs of fss) {
      const matching = resources.filter((r) => [...r.prevIds(), r.curId()].some((id) => id.name === rep.name && gvkSelected(id, fs)));
      if (matching.length) found = true;
      for (const r of matching) {
        walkSpec(r.obj, fs, 'scalar', (holder, key) => {
          setAt(holder, key, rep.count ?? 0);
        });
      }
    }
    if (!found) {
      const gvks = fss.map((f) => gvkString({ group: f.group, version: f.version, kind: f.kind }));
      throw new KtlError(`resource with name ${rep.name ?? ''} does not match a config with the following GVK [${gvks.join(' ')}]`);
    }
  }
}
