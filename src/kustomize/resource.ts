/**
 * One object in a kustomize build and the bookkeeping kustomize keeps beside
 * it: the ids it had before renames (to rewrite references), the name
 * prefixes/suffixes applied to it, and generator options.
 */
import type { Json, JsonMap } from '../apply/strategic-merge.js';

export type { Json, JsonMap };

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId extends Gvk {
  name: string;
  namespace: string;
}

/** Types kustomize's built-in schema knows as cluster-scoped ("apiVersion Kind"). */
const CLUSTER_SCOPED = new Set(
  [
    'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
    'apiextensions.k8s.io/v1 CustomResourceDefinition',
    'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
    'apiregistration.k8s.io/v1 APIService',
    'apiregistration.k8s.io/v1beta1 APIService',
    'certificates.k8s.io/v1 CertificateSigningRequest',
    'certificates.k8s.io/v1beta1 CertificateSigningRequest',
    'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
    'networking.k8s.io/v1 IngressClass',
    'networking.k8s.io/v1beta1 IngressClass',
    'node.k8s.io/v1 RuntimeClass',
    'node.k8s.io/v1beta1 RuntimeClass',
    'policy/v1beta1 PodSecurityPolicy',
    'rbac.authorization.k8s.io/v1 ClusterRole',
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1beta1 ClusterRole',
    'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
    'scheduling.k8s.io/v1 PriorityClass',
    'scheduling.k8s.io/v1beta1 PriorityClass',
    'storage.k8s.io/v1 CSIDriver',
    'storage.k8s.io/v1 CSINode',
    'storage.k8s.io/v1 StorageClass',
    'storage.k8s.io/v1 VolumeAttachment',
    'storage.k8s.io/v1beta1 CSIDriver',
    'storage.k8s.io/v1beta1 CSINode',
    'storage.k8s.io/v1beta1 StorageClass',
    'storage.k8s.io/v1beta1 VolumeAttachment',
    'v1 ComponentStatus',
    'v1 Namespace',
    'v1 Node',
    'v1 PersistentVolume',
  ],
);

export function isClusterScoped(g: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${g.group ? `${g.group}/` : ''}${g.version} ${g.kind}`);
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export const apiVersionOf = (g: Gvk) => (g.group ? `${g.group}/${g.version}` : g.version);

/** kustomize's printed form of a type: Kind.version.group with [noGrp]-style placeholders. */
export function gvkString(g: Gvk): string {
  return [g.kind || '[noKind]', g.version || '[noVer]', g.group || '[noGrp]'].join('.');
}

/** kustomize's printed form of an id: Kind.version.group/name.namespace. */
export function idString(id: ResId): string {
  return `${gvkString(id)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** The namespace kustomize compares ids by: "default" for none, a marker for cluster-scoped types. */
export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '_non_namespaceable_';
  return id.namespace === '' ? 'default' : id.namespace;
}

export const sameNamespace = (a: ResId, b: ResId) => effectiveNamespace(a) === effectiveNamespace(b);

export const sameId = (a: ResId, b: ResId) =>
  sameNamespace(a, b) && a.group === b.group && a.version === b.version && a.kind === b.kind && a.name === b.name;

/** A (partial) type selects a type when each non-empty part is equal. */
export function gvkSelected(g: Gvk, sel: Partial<Gvk>): boolean {
  return (!sel.group || sel.group === g.group) && (!sel.version || sel.version === g.version) && (!sel.kind || sel.kind === g.kind);
}

export const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v);

export type Behavior = 'create' | 'merge' | 'replace';

export class Resource {
  /** earlier {kind, name, namespace (effective)} of this object, oldest first */
  prev: Array<{ kind: string; name: string; namespace: string }> = [];
  prefixes: string[] = [];
  suffixes: string[] = [];
  behavior: Behavior | undefined;
  /** a generated ConfigMap/Secret whose name gets the content hash */
  needsHash = false;
  /** generator options.disableNameSuffixHash semantics kept for merges */
  refBy: ResId[] = [];

  constructor(public obj: JsonMap) {}

  clone(): Resource {
    const r = new Resource(structuredClone(this.obj));
    r.prev = this.prev.map((p) => ({ ...p }));
    r.prefixes = [...this.prefixes];
    r.suffixes = [...this.suffixes];
    r.behavior = this.behavior;
    r.needsHash = this.needsHash;
    r.refBy = [...this.refBy];
    return r;
  }

  get meta(): JsonMap {
    return isMap(this.obj.metadata) ? this.obj.metadata : {};
  }
  get apiVersion(): string {
    return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : '';
  }
  get kind(): string {
    return typeof this.obj.kind === 'string' ? this.obj.kind : '';
  }
  get name(): string {
    const n = this.meta.name;
    return typeof n === 'string' ? n : '';
  }
  get namespace(): string {
    const n = this.meta.namespace;
    return typeof n === 'string' ? n : '';
  }
  gvk(): Gvk {
    return { ...parseApiVersion(this.apiVersion), kind: this.kind };
  }
  curId(): ResId {
    return { ...this.gvk(), name: this.name, namespace: this.namespace };
  }
  prevIds(): ResId[] {
    const gv = parseApiVersion(this.apiVersion);
    return this.prev.map((p) => ({ ...gv, kind: p.kind, name: p.name, namespace: p.namespace }));
  }
  orgId(): ResId {
    return this.prevIds()[0] ?? this.curId();
  }
  storePreviousId(): void {
    const id = this.curId();
    this.prev.push({ kind: id.kind, name: id.name, namespace: effectiveNamespace(id) });
  }
  metadata(): JsonMap {
    if (!isMap(this.obj.metadata)) this.obj.metadata = {};
    return this.obj.metadata;
  }
  setName(n: string): void {
    this.metadata().name = n;
  }
  setNamespace(ns: string): void {
    if (ns === '') delete this.metadata().namespace;
    else this.metadata().namespace = ns;
  }
  stringMap(field: 'labels' | 'annotations'): Record<string, string> {
    const m = this.meta[field];
    return isMap(m) ? (m as Record<string, string>) : {};
  }
}
