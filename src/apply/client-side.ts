/**
 * Applying one object the way `kubectl apply` does: create it when missing
 * (with the last-applied annotation), otherwise send the three-way patch
 * (strategic for built-in kinds, JSON merge for the rest), retrying on 409
 * after re-reading; server-side apply when asked.
 */
import type { Clients, ResourceMapping } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import type { Query } from '../client/transport.js';
import { ApiError, KtlError, messageOf } from '../errors.js';
import { compactJson } from '../codec/json.js';
import { mapAt } from '../codec/value.js';
import { pruneNulls, withoutResourceVersion } from '../resource/create-body.js';
import type { DryRun } from '../mutate/report.js';
import { withSource } from '../mutate/report.js';
import { createThreeWayJsonMergePatch } from './json-merge.js';
import { annotationsOf, hasLastApplied, LAST_APPLIED, originalConfiguration, withLastApplied } from './last-applied.js';
import { csaManagerNames, lastAppliedOwnedByApply, upgradeManagedFieldsPatch } from './csa-upgrade.js';
import { isBuiltinGroup, type OpenApiV3Client } from './openapi.js';
import { createThreeWayMergePatch, EMPTY_SCHEMA, PatchConflictError, type JsonMap } from './strategic-merge.js';

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
  /** --subresource (server-side apply only) */
  subresource?: string;
  /** --overwrite (default true): false refuses a patch over fields changed since the last apply */
  overwrite?: boolean;
  /** --openapi-patch (default true): kubectl tries the OpenAPI v3, then v2 patch metadata before its own */
  openapiPatch?: boolean;
}

export interface ApplyResult {
  operation: 'created' | 'configured' | 'unchanged' | 'serverside-applied';
  object: JsonMap;
  /** stderr notices to print before the result line */
  warnings: string[];
}

/** A failed apply with the notices kubectl printed on the way (stderr, before the error). */
export class ApplyFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly warnings: string[],
  ) {
    super(messageOf(error));
  }
}

const MAX_PATCH_RETRY = 5;
const TRIES_BEFORE_BACKOFF = 1;

function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.statusCode === 409;
}

/** An error as Go's %v prints it: a server error's message, else the message. */
function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.status.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

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
      return await this.clients.rest.getJson<JsonMap>(this.path(t));
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
    // kubectl's Patcher: one patch, then up to MAX_PATCH_RETRY more while the
    // server answers Conflict, re-reading the object first (a pause of a
    // second before each re-read after the first)
    let { patch, type } = await this.patchOrConflict(t, modified, live, warnings);
    if (Object.keys(patch).length === 0) return { operation: 'unchanged', object: live, warnings };
    let lastErr: unknown;
    for (let retry = 0; ; retry++) {
      try {
        const res = await this.clients.rest.patch<JsonMap>(this.path(t), type, compactJson(patch), query(this.s));
        return { operation: 'configured', object: res, warnings };
      } catch (err) {
        lastErr = err;
        if (!isConflict(err) || retry >= MAX_PATCH_RETRY) break;
      }
      if (retry + 1 > TRIES_BEFORE_BACKOFF) await new Promise((r) => setTimeout(r, 1000));
      try {
        const again = await this.clients.rest.getJson<JsonMap>(this.path(t));
        live = again;
      } catch (getErr) {
        // the object went away (or could not be read): that error, never a create
        throw patchError(getErr, '', t, false);
      }
      ({ patch, type } = await this.patchOrConflict(t, modified, live, warnings));
      if (Object.keys(patch).length === 0) return { operation: 'unchanged', object: live, warnings };
    }
    const invalid = lastErr instanceof ApiError && (lastErr.statusCode === 409 || lastErr.statusCode === 422);
    if (this.s.force && invalid) {
      try {
        return { ...(await this.deleteAndCreate(t, live)), warnings };
      } catch (err) {
        // kubectl reports the whole new configuration as the patch here
        throw patchError(err, compactJson(modified), t, false);
      }
    }
    throw patchError(lastErr, compactJson(patch), t);
  }

  /**
   * patchFor, with kubectl's report of an --overwrite=false conflict: each
   * OpenAPI attempt (v3, then v2) is a warning on stderr, then the patch from
   * its compiled-in types fails the object with all three documents.
   */
  private async patchOrConflict(t: ApplyTarget, modified: JsonMap, live: JsonMap, warnings: string[]): Promise<{ patch: JsonMap; type: 'strategic' | 'merge' }> {
    try {
      return await this.patchFor(t, modified, live);
    } catch (err) {
      if (!(err instanceof PatchConflictError)) throw err;
      const found: string[] = [];
      if (this.s.openapiPatch !== false && (await this.schemaFor(t))) {
        found.push(`warning: error calculating patch from openapi v3 spec: ${err.message}\n`);
        found.push(`warning: error calculating patch from openapi spec: ${err.message}\n`);
      }
      const value = annotationsOf(live)[LAST_APPLIED];
      const original = typeof value === 'string' ? value : '';
      const failure = new KtlError(
        `creating patch with:\noriginal:\n${original}\nmodified:\n${compactJson(modified)}\n\ncurrent:\n${compactJson(live)}\n\nfor:: ${err.message}`,
      );
      throw new ApplyFailure(patchError(failure, '', t), [...warnings, ...found]);
    }
  }

  private schemaFor(t: ApplyTarget) {
    return this.openapi.schemaFor(t.mapping.group, t.mapping.version, t.mapping.kind).catch(() => undefined);
  }

  /** The three-way patch and its type; {} means nothing to do. */
  async patchFor(t: ApplyTarget, modified: JsonMap, live: JsonMap): Promise<{ patch: JsonMap; type: 'strategic' | 'merge' }> {
    const original = originalConfiguration(live);
    if (!isBuiltinGroup(t.mapping.group)) {
      // kubectl's JSON merge patch has no --overwrite check
      try {
        return { patch: createThreeWayJsonMergePatch(original, modified, live), type: 'merge' };
      } catch (err) {
        throw new KtlError(messageOf(err));
      }
    }
    const schema = (await this.schemaFor(t)) ?? EMPTY_SCHEMA;
    return { patch: createThreeWayMergePatch(original, modified, live, schema, this.s.overwrite !== false), type: 'strategic' };
  }

  private async create(t: ApplyTarget): Promise<ApplyResult> {
    // as kubectl: the annotation records the manifest as written, then nulls
    // are pruned so that a create stores what an update of the same manifest
    // would; the resourceVersion a manifest may carry is not sent
    const body = pruneNulls(withLastApplied(t.object));
    if (this.s.dryRun === 'client') return { operation: 'created', object: body, warnings: [] };
    try {
      const res = await this.clients.rest.create<JsonMap>(this.path(t, false), compactJson(withoutResourceVersion(body)), query(this.s));
      return { operation: 'created', object: res, warnings: [] };
    } catch (err) {
      throw withSource(err, 'creating', t.source);
    }
  }

  /**
   * --force: delete, wait until gone, create the manifest again; when that
   * create fails, put the object as it was back and report both (kubectl's
   * Patcher.deleteAndCreate).
   */
  private async deleteAndCreate(t: ApplyTarget, live: JsonMap): Promise<ApplyResult> {
    const body: JsonMap = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: cascadePolicy(this.s.cascade) };
    if (this.s.gracePeriod >= 0) body.gracePeriodSeconds = this.s.gracePeriod;
    await this.clients.rest.delete(this.path(t), compactJson(body), this.s.dryRun === 'server' ? { dryRun: 'All' } : undefined);
    if (this.s.dryRun !== 'server') await waitGone(this.clients, this.path(t), this.s.timeoutMs);
    const create = (obj: JsonMap) =>
      this.clients.rest.create<JsonMap>(this.path(t, false), compactJson(withoutResourceVersion(obj)), query(this.s));
    try {
      return { operation: 'configured', object: await create(withLastApplied(t.object)), warnings: [] };
    } catch (err) {
      try {
        await create(live);
      } catch (restoreErr) {
        throw new KtlError(
          `An error occurred force-replacing the existing object with the newly provided one:\n\n${errorText(err)}.\n\nAdditionally, an error occurred attempting to restore the original object:\n\n${errorText(restoreErr)}`,
        );
      }
      throw err;
    }
  }

  private async serverSide(t: ApplyTarget): Promise<ApplyResult> {
    if (this.s.dryRun === 'client') {
      throw new KtlError('--dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
    }
    const path = resourcePath(t.mapping, {
      namespace: t.mapping.namespaced ? t.namespace : undefined,
      name: t.name,
      subresource: this.s.subresource || undefined,
    });
    const q = query(this.s, { force: this.s.forceConflicts });
    const data = compactJson(t.object) + '\n';
    let res: JsonMap;
    try {
      res = await this.clients.rest.patch<JsonMap>(path, 'apply', data, q);
    } catch (err) {
      throw ssaError(err);
    }
    const warnings: string[] = [];
    // kubectl checks afterwards whether the object was applied client-side
    // before: keep its annotation owned, then fold the client-side managers'
    // fields into this manager's and apply again so dropped fields go
    try {
      res = await this.saveLastApplied(t, path, res);
    } catch (err) {
      warnings.push(`Warning: failed to migrate ${LAST_APPLIED} for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${errorText(err)}\n`);
      return { operation: 'serverside-applied', object: res, warnings };
    }
    let migrated: JsonMap | undefined;
    try {
      migrated = await this.migrateToSsa(path, res);
    } catch (err) {
      warnings.push(`Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${errorText(err)}\n`);
    }
    if (migrated) {
      res = migrated;
      try {
        res = await this.clients.rest.patch<JsonMap>(path, 'apply', data, q);
      } catch (err) {
        warnings.push(`Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: ${errorText(err)}\n`);
      }
    }
    return { operation: 'serverside-applied', object: res, warnings };
  }

  /** saveLastApplyAnnotationIfNecessary: the annotation applied by its own manager, so the next apply does not orphan it. */
  private async saveLastApplied(t: ApplyTarget, path: string, obj: JsonMap): Promise<JsonMap> {
    if (this.s.fieldManager !== 'kubectl') return obj;
    const value = annotationsOf(obj)[LAST_APPLIED];
    if (value === undefined || lastAppliedOwnedByApply(obj)) return obj;
    const md = mapAt(obj, 'metadata') ?? {};
    const metadata: JsonMap = { annotations: { [LAST_APPLIED]: value }, name: md.name ?? t.name };
    if (typeof md.namespace === 'string' && md.namespace) metadata.namespace = md.namespace;
    const gv = t.mapping.group ? `${t.mapping.group}/${t.mapping.version}` : t.mapping.version;
    const body = { apiVersion: gv, kind: t.mapping.kind, metadata };
    const q: Query = {};
    if (this.s.dryRun === 'server') q.dryRun = 'All';
    q.fieldManager = 'kubectl-last-applied';
    if (this.s.fieldValidation) q.fieldValidation = this.s.fieldValidation;
    return await this.clients.rest.patch<JsonMap>(path, 'apply', compactJson(body) + '\n', q);
  }

  /** migrateToSSAIfNecessary: the migrated object, or undefined when there was nothing to migrate. */
  private async migrateToSsa(path: string, obj: JsonMap): Promise<JsonMap | undefined> {
    const names = csaManagerNames(obj);
    let lastErr: unknown;
    for (let i = 0; i < MAX_PATCH_RETRY; i++) {
      const patch = upgradeManagedFieldsPatch(obj, names, this.s.fieldManager);
      if (!patch) return undefined;
      try {
        return await this.clients.rest.patch<JsonMap>(path, 'json', JSON.stringify(patch), query(this.s));
      } catch (err) {
        if (!isConflict(err)) throw err;
        lastErr = err;
      }
      obj = await this.clients.rest.getJson<JsonMap>(path);
    }
    throw lastErr;
  }
}

/** A server-side apply failure as kubectl words it (conflicts with its advice, nothing else added). */
function ssaError(err: unknown): unknown {
  if (err instanceof ApiError && err.statusCode === 415) {
    return new KtlError(`Server-side apply not available on the server: (${errorText(err)})`);
  }
  // the server's error stays as the cause (the library throws it typed)
  if (isConflict(err)) return Object.assign(new KtlError(`${errorText(err)}\n${CONFLICT_ADVICE}`), { cause: err });
  return err;
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

function patchError(err: unknown, patch: string, t: ApplyTarget, patching = true): unknown {
  const m = t.mapping;
  const gv = `${m.group}/${m.version}`; // Go prints the core group as "/v1"
  const verb =
    `applying patch:\n${patch}\nto:\n` +
    `Resource: "${gv}, Resource=${m.resource}", GroupVersionKind: "${gv}, Kind=${m.kind}"\n` +
    `Name: "${t.name}", Namespace: "${m.namespaced ? t.namespace : ''}"\nfor:`;
  return withSource(patching ? withSource(err, 'patching', t.source) : err, verb, t.source);
}
