/**
 * Applying one object the way `kubectl apply` does: create it when missing
 * (with the last-applied annotation), otherwise send the three-way patch
 * (strategic for built-in kinds, JSON merge for the rest), retrying on 409
 * after re-reading; server-side apply when asked.
 */
import type { Clients, KubeObject, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import type { Query } from '../client/transport.js';
import { ApiError, KtlError } from '../errors.js';
import { compactJson } from '../codec/json.js';
import type { DryRun } from '../mutate/report.js';
import { withSource } from '../mutate/report.js';
import { createThreeWayJsonMergePatch } from './json-merge.js';
import { annotationsOf, hasLastApplied, LAST_APPLIED, originalConfiguration, withLastApplied } from './last-applied.js';
import { isBuiltinGroup, type OpenApiV3Client } from './openapi.js';
import { createThreeWayMergePatch, EMPTY_SCHEMA, type JsonMap } from './strategic-merge.js';

export interface ApplyTarget {
  mapping: ResourceMapping;
  namespace: string;
  name: string;
  object: JsonMap;
  source: string;
}

export interface ApplySettings {
  dryRun: DryRun;
  fieldManager: string;
  /** Strict | Warn | Ignore */
  fieldValidation: string;
  serverSide: boolean;
  forceConflicts: boolean;
  force: boolean;
  gracePeriod: number;
  cascade: string;
  /** ms to wait for a --force deletion; 0 = no limit */
  timeoutMs: number;
  binName: string;
}

export interface ApplyResult {
  operation: 'created' | 'configured' | 'unchanged' | 'serverside-applied';
  object: JsonMap;
  /** stderr notices to print before the result line */
  warnings: string[];
}

const MAX_PATCH_RETRY = 5;

function query(s: ApplySettings, extra: Query = {}): Query {
  const q: Query = {};
  if (s.dryRun === 'server') q.dryRun = 'All';
  q.fieldManager = s.fieldManager;
  if (s.fieldValidation) q.fieldValidation = s.fieldValidation;
  return { ...q, ...extra };
}

function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.statusCode === 404;
}

export class Applier {
  constructor(
    private readonly clients: Clients,
    private readonly openapi: OpenApiV3Client,
    private readonly s: ApplySettings,
  ) {}

  apply(t: ApplyTarget): Promise<ApplyResult> {
    return this.s.serverSide ? this.serverSide(t) : this.clientSide(t);
  }

  private path(t: ApplyTarget, withName = true): string {
    return resourcePath(t.mapping, { namespace: t.mapping.namespaced ? t.namespace : undefined, name: withName ? t.name : undefined });
  }

  private async get(t: ApplyTarget): Promise<JsonMap | undefined> {
    const m = t.mapping;
    const gv = `${m.group}/${m.version}`; // Go prints the core group as "/v1"
    // cli-runtime's Info.String(), as kubectl names the object in this error
    const verb =
      `retrieving current configuration of:\nResource: "${gv}, Resource=${m.resource}", GroupVersionKind: "${gv}, Kind=${m.kind}"\n` +
      `Name: ${JSON.stringify(t.name ?? '')}, Namespace: ${JSON.stringify(m.namespaced ? t.namespace : '')}\nfrom server for:`;
    try {
      return (await this.clients.rest.getJson<KubeObject>(this.path(t))) as JsonMap;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw withSource(err, verb, t.source);
    }
  }

  private async clientSide(t: ApplyTarget): Promise<ApplyResult> {
    let live = await this.get(t);
    if (!live) return this.create(t);
    if (this.s.dryRun === 'client') return { operation: 'configured', object: live, warnings: [] };
    const warnings: string[] = [];
    if (!hasLastApplied(live)) {
      const b = this.s.binName;
      warnings.push(
        `Warning: resource ${t.mapping.resource}/${t.name} is missing the ${LAST_APPLIED} annotation which is required by ${b} apply. ${b} apply should only be used on resources created declaratively by either ${b} create --save-config or ${b} apply. The missing annotation will be patched automatically.\n`,
      );
    }
    const modified = withLastApplied(t.object);
    for (let attempt = 1; ; attempt++) {
      const { patch, type } = await this.patchFor(t, modified, live);
      if (Object.keys(patch).length === 0) return { operation: 'unchanged', object: live, warnings };
      try {
        const res = await this.clients.rest.patch<KubeObject>(this.path(t), type, compactJson(patch), query(this.s));
        return { operation: 'configured', object: res as JsonMap, warnings };
      } catch (err) {
        const conflict = err instanceof ApiError && err.statusCode === 409;
        if (conflict && attempt < MAX_PATCH_RETRY) {
          if (attempt > 1) await new Promise((r) => setTimeout(r, 1000));
          const again = await this.get(t);
          if (!again) return this.create(t);
          live = again;
          continue;
        }
        const invalid = err instanceof ApiError && (err.statusCode === 409 || err.statusCode === 422);
        if (this.s.force && invalid) return { ...(await this.deleteAndCreate(t)), warnings };
        throw patchError(err, patch, t);
      }
    }
  }

  /** The three-way patch and its type; {} means nothing to do. */
  async patchFor(t: ApplyTarget, modified: JsonMap, live: JsonMap): Promise<{ patch: JsonMap; type: 'strategic' | 'merge' }> {
    const original = originalConfiguration(live);
    if (!isBuiltinGroup(t.mapping.group)) {
      try {
        return { patch: createThreeWayJsonMergePatch(original, modified, live), type: 'merge' };
      } catch (err) {
        throw new KtlError((err as Error).message);
      }
    }
    const schema = (await this.openapi.schemaFor(t.mapping.group, t.mapping.version, t.mapping.kind).catch(() => undefined)) ?? EMPTY_SCHEMA;
    return { patch: createThreeWayMergePatch(original, modified, live, schema), type: 'strategic' };
  }

  private async create(t: ApplyTarget): Promise<ApplyResult> {
    const body = withLastApplied(t.object);
    if (this.s.dryRun === 'client') return { operation: 'created', object: body, warnings: [] };
    try {
      const res = await this.clients.rest.create<KubeObject>(this.path(t, false), compactJson(body), query(this.s));
      return { operation: 'created', object: res as JsonMap, warnings: [] };
    } catch (err) {
      throw withSource(err, 'creating', t.source);
    }
  }

  /** --force: delete, wait until gone, create again. */
  private async deleteAndCreate(t: ApplyTarget): Promise<ApplyResult> {
    const body: JsonMap = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: cascadePolicy(this.s.cascade) };
    if (this.s.gracePeriod >= 0) body.gracePeriodSeconds = this.s.gracePeriod;
    await this.clients.rest.delete(this.path(t), compactJson(body), this.s.dryRun === 'server' ? { dryRun: 'All' } : undefined);
    if (this.s.dryRun !== 'server') await waitGone(this.clients, this.path(t), this.s.timeoutMs);
    const created = await this.create(t);
    return { ...created, operation: 'configured' };
  }

  private async serverSide(t: ApplyTarget): Promise<ApplyResult> {
    if (this.s.dryRun === 'client') {
      throw new KtlError('--dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
    }
    const q = query(this.s, { force: this.s.forceConflicts });
    let res: JsonMap;
    try {
      res = (await this.clients.rest.patch<KubeObject>(this.path(t), 'apply', compactJson(t.object) + '\n', q)) as JsonMap;
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 409 && /^Apply failed with/.test(err.status.message ?? '')) {
        throw new KtlError(`${err.status.message}\n${CONFLICT_ADVICE}`);
      }
      throw withSource(err, 'patching', t.source);
    }
    // an object applied client-side before: keep its annotation in step and
    // hand the client-side manager's fields to the server-side one
    if (this.s.fieldManager === 'kubectl' && this.s.dryRun === 'none' && hasLastApplied(res)) {
      const { [LAST_APPLIED]: _drop, ...own } = annotationsOf(t.object);
      const md = { ...((t.object.metadata ?? {}) as JsonMap) };
      if (Object.keys(own).length) md.annotations = own;
      else delete md.annotations;
      const value = compactJson({ ...t.object, metadata: md }) + '\n';
      {
        const body = {
          apiVersion: t.object.apiVersion,
          kind: t.object.kind,
          metadata: {
            annotations: { [LAST_APPLIED]: value },
            name: t.name,
            ...(t.mapping.namespaced ? { namespace: t.namespace } : {}),
          },
        };
        const q2: Query = { fieldManager: 'kubectl-last-applied' };
        if (this.s.fieldValidation) q2.fieldValidation = this.s.fieldValidation;
        res = (await this.clients.rest.patch<KubeObject>(this.path(t), 'apply', compactJson(body) + '\n', q2)) as JsonMap;
      }
      const migrated = migrateManagedFields(res, 'kubectl');
      if (migrated) {
        const q3: Query = { fieldManager: 'kubectl' };
        if (this.s.fieldValidation) q3.fieldValidation = this.s.fieldValidation;
        await this.clients.rest.patch(this.path(t), 'json', JSON.stringify(migrated), q3);
        res = (await this.clients.rest.patch<KubeObject>(this.path(t), 'apply', compactJson(t.object) + '\n', q)) as JsonMap;
      }
    }
    return { operation: 'serverside-applied', object: res, warnings: [] };
  }
}

export const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

export function cascadePolicy(cascade: string): string {
  return cascade === 'orphan' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
}

/** Polls until GET answers 404. */
export async function waitGone(clients: Clients, path: string, timeoutMs: number): Promise<void> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  for (;;) {
    try {
      await clients.rest.getJson(path);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (Date.now() > deadline) throw new KtlError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function patchError(err: unknown, patch: JsonMap, t: ApplyTarget): unknown {
  const m = t.mapping;
  const gv = `${m.group}/${m.version}`; // Go prints the core group as "/v1"
  const verb =
    `applying patch:\n${compactJson(patch)}\nto:\n` +
    `Resource: "${gv}, Resource=${m.resource}", GroupVersionKind: "${gv}, Kind=${m.kind}"\n` +
    `Name: "${t.name}", Namespace: "${m.namespaced ? t.namespace : ''}"\nfor:`;
  return withSource(withSource(err, 'patching', t.source), verb, t.source);
}

interface ManagedEntry {
  manager?: string;
  operation?: string;
  time?: string;
  fieldsV1?: JsonMap;
  [k: string]: unknown;
}

function unionFields(a: JsonMap, b: JsonMap): JsonMap {
  const out: JsonMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v) ? unionFields(cur, v as JsonMap) : v;
  }
  return out;
}

/**
 * The JSON patch that moves the fields of the client-side apply manager to
 * the server-side manager (as kubectl does on the first --server-side apply
 * of a client-side applied object), or undefined when there is none.
 */
export function migrateManagedFields(obj: JsonMap, manager: string): unknown[] | undefined {
  const md = (obj.metadata ?? {}) as { managedFields?: ManagedEntry[]; resourceVersion?: string };
  const entries = md.managedFields ?? [];
  const csa = entries.filter((e) => e.manager === 'kubectl-client-side-apply' && e.operation === 'Update');
  if (csa.length === 0) return undefined;
  const target = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  let fields: JsonMap = target?.fieldsV1 ?? {};
  for (const e of csa) fields = unionFields(fields, e.fieldsV1 ?? {});
  const rest: ManagedEntry[] = [];
  for (const e of entries) {
    if (csa.includes(e) || e === target) continue;
    const { time: _t, ...copy } = e;
    rest.push(copy);
  }
  const merged: ManagedEntry = target
    ? { ...target, fieldsV1: fields }
    : { manager, operation: 'Apply', apiVersion: csa[0]!.apiVersion, fieldsType: 'FieldsV1', fieldsV1: fields };
  return [
    { op: 'replace', path: '/metadata/managedFields', value: [...rest, merged] },
    { op: 'replace', path: '/metadata/resourceVersion', value: md.resourceVersion },
  ];
}
