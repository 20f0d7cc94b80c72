/**
 * `apply --prune --applyset=[RESOURCE][.GROUP]/NAME` (kubectl 1.33's alpha,
 * behind KUBECTL_APPLYSET=true), after the ApplySet specification as kubectl
 * implements it:
 * - the parent (a Secret by default, a ConfigMap, or a custom resource whose
 *   CRD carries the applyset.kubernetes.io/is-parent-type label) holds the
 *   set's id label, the tooling annotation, the group-kinds and the
 *   namespaces of its members; it is written with server-side apply under the
 *   field manager "kubectl-applyset", before the members (the union of what
 *   it held and what is applied now) and after pruning (what was applied);
 * - each member gets the applyset.kubernetes.io/part-of label;
 * - pruning lists the kinds and namespaces the parent held, by that label,
 *   and deletes what this apply did not touch.
 * The id is base64url (no padding) of sha256("name.namespace.Kind.group"),
 * as "applyset-<id>-v1". The tooling annotation names kubectl, so that
 * kubectl and ktl can manage the same ApplySet.
 */
import { createHash } from 'node:crypto';
import type { Clients, KubeObject, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import type { Query } from '../client/transport.js';
import { ApiError, ErrorList, KtlError, messageOf } from '../errors.js';
import { compactJson } from '../codec/json.js';
import { mapAt, stringMapAt } from '../codec/value.js';
import { KUBECTL_COMPAT_VERSION } from '../version.js';
import type { PruneCandidate } from './prune.js';

export const TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
export const ADDITIONAL_NAMESPACES_ANNOTATION = 'applyset.kubernetes.io/additional-namespaces';
export const DEPRECATED_GRS_ANNOTATION = 'applyset.kubernetes.io/contains-group-resources';
export const GKS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
export const PARENT_ID_LABEL = 'applyset.kubernetes.io/id';
export const PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
export const PARENT_CRD_LABEL = 'applyset.kubernetes.io/is-parent-type';
/** the tool named in the tooling annotation (kubectl's base name), and its field manager's prefix */
export const TOOLING_NAME = 'kubectl';

type Mapper = Awaited<ReturnType<Clients['mapper']>>;

/** An error as Go's %v prints it: a server error's message, else the message. */
function errText(err: unknown): string {
  if (err instanceof ApiError) return err.status.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** Go's GroupVersionResource.String(). */
const gvrString = (m: ResourceMapping) => `${m.group}/${m.version}, Resource=${m.resource}`;
/** Go's GroupKind.String(): Kind, or Kind.group. */
const gkString = (m: { group: string; kind: string }) => (m.group ? `${m.kind}.${m.group}` : m.kind);
const isBuiltinParent = (m: ResourceMapping) => m.group === '' && m.version === 'v1' && (m.resource === 'secrets' || m.resource === 'configmaps');

/** The id label value of the ApplySet whose parent is name/namespace of kind.group. */
export function applySetId(name: string, namespace: string, kind: string, group: string): string {
  const hash = createHash('sha256').update([name, namespace, kind, group].join('.')).digest('base64url');
  return `applyset-${hash}-v1`;
}

export interface ApplySetParent {
  name: string;
  /** set only from -n, as kubectl (never from the context or the default) */
  namespace: string;
  mapping: ResourceMapping;
}

/** No match for a resource as client-go's NoResourceMatchError says it. */
function noMatch(resource: string, group: string): KtlError {
  return new KtlError(`no matches for ${group}/, Resource=${resource}`);
}

/**
 * kubectl's ParseApplySetParentRef: `[RESOURCE][.GROUP]/NAME`, or a bare NAME
 * for a Secret; the type resolved as kubectl's mapper does (short names too),
 * in its preferred version. Errors come wrapped as kubectl wraps them.
 */
export function parseParentRef(ref: string, mapper: Mapper): Omit<ApplySetParent, 'namespace'> {
  const wrap = (msg: string) => new KtlError(`invalid parent reference "${ref}": ${msg}`);
  let resource = 'secrets';
  let group = '';
  let name = ref;
  const slash = ref.indexOf('/');
  if (slash >= 0) {
    name = ref.slice(slash + 1);
    const gr = ref.slice(0, slash);
    const dot = gr.indexOf('.');
    [resource, group] = dot >= 0 ? [gr.slice(0, dot), gr.slice(dot + 1)] : [gr, ''];
  }
  if (name === '') throw wrap('name cannot be blank');
  if (resource === '') throw wrap(`a resource must be present, got: ${group}/, Resource=`);
  const token = resource.toLowerCase();
  const scoped = group ? mapper.preferredResources().filter((m) => m.group === group) : mapper.preferredResources();
  const hit =
    scoped.find((m) => m.resource === token || m.singular === token) ??
    scoped.find((m) => m.shortNames.includes(token));
  if (!hit) throw wrap(noMatch(resource, group).message);
  return { name, mapping: hit };
}

interface KindInfo {
  mapping: ResourceMapping;
}

export interface ApplySetOptions {
  dryRun: 'none' | 'client' | 'server';
  /** --validate as the fieldValidation query parameter */
  fieldValidation?: string;
}

export class ApplySet {
  /** the group-kinds and namespaces the live parent held when this apply began */
  private current = new Map<string, KindInfo>();
  private currentNamespaces = new Set<string>();
  /** what this apply writes */
  private updated = new Map<string, KindInfo>();
  private updatedNamespaces = new Set<string>();

  constructor(
    private readonly clients: Clients,
    readonly parent: ApplySetParent,
    private readonly o: ApplySetOptions,
  ) {}

  /** "secrets./name", as kubectl names the parent in its errors */
  private get refText(): string {
    return `${this.parent.mapping.resource}.${this.parent.mapping.group}/${this.parent.name}`;
  }

  get id(): string {
    const m = this.parent.mapping;
    return applySetId(this.parent.name, this.parent.namespace, m.kind, m.group);
  }

  get fieldManager(): string {
    return `${TOOLING_NAME}-applyset`;
  }

  /** kubectl's ApplySet.Validate: every problem found, one line or as an aggregate. */
  async validate(): Promise<void> {
    const errors: string[] = [];
    const m = this.parent.mapping;
    if (m.namespaced && !this.parent.namespace) errors.push('namespace is required to use namespace-scoped ApplySet');
    if (!isBuiltinParent(m)) {
      const permitted = new Set<string>();
      try {
        const list = await this.clients.rest.list<KubeObject>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
          query: { labelSelector: PARENT_CRD_LABEL },
        });
        for (const crd of list.items) {
          const name = String(crd.metadata?.name ?? '');
          const dot = name.indexOf('.');
          permitted.add(dot >= 0 ? `${name.slice(0, dot)}.${name.slice(dot + 1)}` : name);
        }
      } catch (err) {
        errors.push(`identifying allowed custom resource parent types: ${errText(err)}`);
      }
      if (!permitted.has(m.group ? `${m.resource}.${m.group}` : m.resource)) {
        errors.push(`resource "${gvrString(m)}" is not permitted as an ApplySet parent`);
      }
    }
    // kubectl's aggregate: one error as itself, several one per line
    if (errors.length === 1) throw new KtlError(errors[0]!);
    if (errors.length > 1) throw new ErrorList(errors.map((e) => new KtlError(e)), 'bare');
  }

  /** The part-of label on each member, refusing manifests that set it themselves. */
  addLabels(objects: KubeObject[]): void {
    for (const obj of objects) {
      obj.metadata ??= {};
      const labels = mapAt(obj.metadata, 'labels') ?? {};
      if (PART_OF_LABEL in labels) throw new KtlError(`ApplySet label "${PART_OF_LABEL}" already set in input data`);
      obj.metadata.labels = { ...labels, [PART_OF_LABEL]: this.id };
    }
  }

  /** Reads the live parent (if any), checks it is this set and kubectl's, and what it holds. */
  private async fetchParent(): Promise<void> {
    const m = this.parent.mapping;
    let live: KubeObject;
    try {
      live = await this.clients.rest.getJson<KubeObject>(this.parentPath());
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) {
        if (!isBuiltinParent(m)) throw new KtlError('custom resource ApplySet parents cannot be created automatically');
        return;
      }
      throw new KtlError(`failed to fetch ApplySet parent object "${this.refText}": ${errText(err)}`);
    }
    // a server's labels and annotations are string maps; anything else reads as none
    const labels = stringMapAt(live.metadata, 'labels') ?? {};
    const annotations = stringMapAt(live.metadata, 'annotations') ?? {};
    const tooling = annotations[TOOLING_ANNOTATION];
    if (tooling === undefined) {
      throw new KtlError(`ApplySet parent object "${this.refText}" already exists and is missing required annotation "${TOOLING_ANNOTATION}"`);
    }
    const parts = tooling.split('/');
    const managedBy = parts.length >= 2 ? parts.slice(0, -1).join('/') : tooling;
    if (managedBy !== TOOLING_NAME) {
      throw new KtlError(`ApplySet parent object "${this.refText}" already exists and is managed by tooling "${managedBy}" instead of "${TOOLING_NAME}"`);
    }
    const idLabel = labels[PARENT_ID_LABEL];
    if (idLabel === undefined) throw new KtlError(`ApplySet parent object "${this.refText}" exists and does not have required label ${PARENT_ID_LABEL}`);
    if (idLabel !== this.id) {
      throw new KtlError(
        `ApplySet parent object "${this.refText}" exists and has incorrect value for label "${PARENT_ID_LABEL}" (got: ${idLabel}, want: ${this.id})`,
      );
    }
    try {
      this.current = this.parseKinds(annotations);
    } catch (err) {
      throw new KtlError(`parsing ApplySet annotation on "${this.refText}": ${messageOf(err)}`);
    }
    const ns = annotations[ADDITIONAL_NAMESPACES_ANNOTATION];
    this.currentNamespaces = new Set(ns ? ns.split(',') : []);
    if (m.namespaced) this.currentNamespaces.add(this.parent.namespace);
  }

  private parseKinds(annotations: Record<string, string>): Map<string, KindInfo> {
    const mapper = this.mapperSync!;
    const out = new Map<string, KindInfo>();
    const value = annotations[GKS_ANNOTATION];
    if (value === undefined) {
      const grs = annotations[DEPRECATED_GRS_ANNOTATION];
      if (grs) {
        for (const gr of grs.split(',')) {
          const dot = gr.indexOf('.');
          const [resource, group] = dot >= 0 ? [gr.slice(0, dot), gr.slice(dot + 1)] : [gr, ''];
          const m = mapper.preferredResources().find((x) => x.group === group && (x.resource === resource || x.singular === resource));
          if (!m) throw new KtlError(`invalid group resource in "${DEPRECATED_GRS_ANNOTATION}" annotation: ${noMatch(resource, group).message}`);
          out.set(gkString(m), { mapping: m });
        }
        return out;
      }
      throw new KtlError(`kubectl requires the "${GKS_ANNOTATION}" annotation to be set on all ApplySet parent objects`);
    }
    if (value === '') return out;
    for (const gk of value.split(',')) {
      const dot = gk.indexOf('.');
      const [kind, group] = dot >= 0 ? [gk.slice(0, dot), gk.slice(dot + 1)] : [gk, ''];
      const m = mapper.preferredResources().find((x) => x.group === group && x.kind === kind);
      if (!m) throw new KtlError(`could not find mapping for kind in "${GKS_ANNOTATION}" annotation: no matches for kind "${kind}" in group "${group}"`);
      out.set(gk, { mapping: m });
    }
    return out;
  }

  private mapperSync?: Mapper;

  private parentPath(): string {
    const m = this.parent.mapping;
    return resourcePath(m, { namespace: m.namespaced ? this.parent.namespace : undefined, name: this.parent.name });
  }

  private addResource(mapping: ResourceMapping, namespace: string): void {
    const gk = gkString(mapping);
    if (!this.updated.has(gk)) this.updated.set(gk, { mapping });
    if (mapping.namespaced && namespace) this.updatedNamespaces.add(namespace);
  }

  /** kubectl's BeforeApply: fetch the parent, then write the union of what it held and what is applied now. */
  async beforeApply(members: Array<{ mapping: ResourceMapping; namespace: string }>): Promise<void> {
    this.mapperSync = await this.clients.mapper();
    await this.fetchParent();
    for (const t of members) this.addResource(t.mapping, t.namespace);
    await this.updateParent('superset');
  }

  private parentPatch(mode: 'superset' | 'latest'): string {
    const kinds = mode === 'superset' ? new Set([...this.current.keys(), ...this.updated.keys()]) : new Set(this.updated.keys());
    const nss = mode === 'superset' ? new Set([...this.currentNamespaces, ...this.updatedNamespaces]) : new Set(this.updatedNamespaces);
    nss.delete(this.parent.namespace);
    const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const m = this.parent.mapping;
    // metav1.PartialObjectMetadata as Go's encoding/json writes it (creationTimestamp: null included)
    const metadata: Record<string, unknown> = { name: this.parent.name };
    if (this.parent.namespace) metadata.namespace = this.parent.namespace;
    metadata.creationTimestamp = null;
    metadata.labels = { [PARENT_ID_LABEL]: this.id };
    metadata.annotations = {
      [ADDITIONAL_NAMESPACES_ANNOTATION]: [...nss].sort(byBytes).join(','),
      [GKS_ANNOTATION]: [...kinds].sort(byBytes).join(','),
      [TOOLING_ANNOTATION]: `${TOOLING_NAME}/${KUBECTL_COMPAT_VERSION.gitVersion}`,
    };
    return compactJson({ kind: m.kind, apiVersion: m.group ? `${m.group}/${m.version}` : m.version, metadata }, { sortKeys: false });
  }

  private async updateParent(mode: 'superset' | 'latest'): Promise<void> {
    if (this.o.dryRun === 'client') return;
    const body = this.parentPatch(mode);
    const send = (force: boolean) => {
      const q: Query = {};
      if (this.o.dryRun === 'server') q.dryRun = 'All';
      q.fieldManager = this.fieldManager;
      if (this.o.fieldValidation) q.fieldValidation = this.o.fieldValidation;
      q.force = String(force);
      return this.clients.rest.patch(this.parentPath(), 'apply', body, q);
    };
    try {
      try {
        await send(false);
      } catch (err) {
        if (!(err instanceof ApiError && err.statusCode === 409)) throw err;
        this.clients.log.warning(
          'applyset.go:447',
          `WARNING: failed to update ApplySet: ${errText(err)}\nApplySet field manager ${this.fieldManager} should own these fields. Retrying with conflicts forced.`,
        );
        await send(true);
      }
    } catch (err) {
      throw new KtlError(`failed to update ApplySet: ${errText(err)}`);
    }
  }

  /**
   * kubectl's ApplySet.Prune: every kind the parent held, in every namespace it
   * held (cluster-scoped kinds once), listed by the part-of label; members this
   * apply did not write are deleted and reported; then the parent is set to
   * what was applied.
   */
  async prune(visitedUids: Set<string>, onPrune: (c: PruneCandidate) => Promise<void>): Promise<void> {
    const tasks: Array<{ mapping: ResourceMapping; namespace: string }> = [];
    // kubectl walks a Go map (no fixed order): kinds by name here, namespaces sorted
    for (const gk of [...this.current.keys()].sort()) {
      const { mapping } = this.current.get(gk)!;
      if (mapping.namespaced) {
        for (const ns of [...this.currentNamespaces].sort()) {
          if (!ns) throw new KtlError(`unexpectedly encountered empty namespace during prune of namespace-scoped resource ${gk}`);
          tasks.push({ mapping, namespace: ns });
        }
      } else tasks.push({ mapping, namespace: '' });
    }
    const selector = `${PART_OF_LABEL}=${this.id}`;
    const found = await Promise.all(
      tasks.map(async (t) => {
        try {
          const list = await this.clients.rest.list<KubeObject>(resourcePath(t.mapping, { namespace: t.namespace || undefined }), { query: { labelSelector: selector } });
          return { t, items: list.items };
        } catch (err) {
          const m = t.mapping;
          return { t, error: new KtlError(`listing ${m.group}/${m.version}, Kind=${m.kind} objects for pruning: ${errText(err)}`) };
        }
      }),
    );
    const candidates: PruneCandidate[] = [];
    for (const f of found) {
      if ('error' in f && f.error) throw f.error;
      for (const item of f.items ?? []) {
        const uid = String(item.metadata?.uid ?? '');
        if (visitedUids.has(uid)) continue;
        candidates.push({ mapping: f.t.mapping, namespace: f.t.namespace, name: String(item.metadata?.name ?? ''), object: item });
      }
    }
    for (const c of candidates) {
      try {
        await onPrune(c);
      } catch (err) {
        const where = c.namespace ? `${c.namespace}/${c.name}` : c.name;
        throw new KtlError(`pruning ${gkString(c.mapping)} ${where}: ${errText(err)}`);
      }
    }
    try {
      await this.updateParent('latest');
    } catch (err) {
      throw new KtlError(`apply and prune succeeded, but ApplySet update failed: ${messageOf(err)}`);
    }
  }
}
