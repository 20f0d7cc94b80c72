/**
 * `ktl auth reconcile -f FILE`: kubectl 1.33's semantically-aware merge of
 * RBAC Roles, ClusterRoles and their bindings (missing rules and subjects
 * added, extra ones removed on request, a binding whose roleRef changed
 * re-created, objects annotated rbac.authorization.kubernetes.io/autoupdate:
 * "false" left alone), the containing namespace created when missing, and
 * kubectl's report lines on stderr.
 */
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { ApiError, KtlError, failIfAny } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { addDryRunFlag, parseDryRun } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import type { KubeObject } from '../resource/types.js';
import type { PolicyRule, Subject } from '../auth/reconcile.js';

/** A Role or ClusterRole as read from -f. */
type RoleObject = KubeObject & { rules?: PolicyRule[] | null };
/** A RoleBinding or ClusterRoleBinding as read from -f. */
type BindingObject = KubeObject & { subjects?: Subject[] | null };

const LONG = `Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects.

 Missing objects are created, and the containing namespace is created for namespaced objects, if required.

 Existing roles are updated to include the permissions in the input objects, and remove extra permissions if --remove-extra-permissions is specified.

 Existing bindings are updated to include the subjects in the input objects, and remove extra subjects if --remove-extra-subjects is specified.

 This is preferred to 'apply' for RBAC resources so that semantically-aware merging of rules and subjects is done.`;

export function registerReconcile(auth: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = auth
    .command('reconcile')
    .summary('Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects')
    .description(LONG)
    .usage('-f FILENAME [options]')
    .argument('[args...]');
  addObjectPrintFlags(cmd);
  new FilenameFlags('identifying the resource to reconcile.').addTo(cmd);
  cmd
    .option('--remove-extra-permissions', 'If true, removes extra permissions added to roles')
    .option('--remove-extra-subjects', 'If true, removes extra subjects added to rolebindings');
  addDryRunFlag(cmd);
  withExamples(cmd, `  # Reconcile RBAC resources from a file\n  ${bin} auth reconcile -f my-rbac-rules.yaml`);
  cmd.action(action(async (args: string[], opts: Record<string, unknown>, c: Command) => runReconcile(app, c, args, opts)));
}

const RBAC = 'rbac.authorization.k8s.io';
const KIND_RESOURCE: Record<string, string> = { Role: 'roles', ClusterRole: 'clusterroles', RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings' };

async function runReconcile(app: App, c: Command, args: string[], opts: Record<string, unknown>): Promise<number> {
  const files = new FilenameFlags().toOptions(opts);
  if (files.filenames.length === 0) throw new KtlError('must specify one of -f and -k');
  if (args.length > 0) throw new KtlError('no arguments are allowed');
  const errOut = (s: string) => write(app.ctx.io.errOut, s);
  const dryRunFlag = parseDryRun(opts.dryRun, (s) => void errOut(s));
  if (dryRunFlag === 'server') throw new KtlError('--dry-run=server for command reconcile is not supported yet');
  const dryRun = dryRunFlag === 'client';
  const print = objectPrintOptions(opts);
  const removePerms = !!opts.removeExtraPermissions;
  const removeSubjects = !!opts.removeExtraSubjects;

  const f = app.factory(c);
  const r = await f.builder().filenames(files).local().flatten().continueOnError().do();
  const ns = await f.namespace();
  const clients = await f.clients();
  const { resourcePath } = await import('../client/index.js');
  const { ObjectOutput } = await import('../mutate/output.js');
  const rc = await import('../auth/reconcile.js');
  const out = new ObjectOutput(print, app.ctx.cwd, dryRun ? 'client' : 'none');
  const rest = clients.rest;

  const is = (err: unknown, code: number, reason?: string) => err instanceof ApiError && err.statusCode === code && (!reason || err.reason === reason);
  const gvr = (kind: string) => ({ group: RBAC, version: 'v1', resource: KIND_RESOURCE[kind]! });
  const namespaced = (kind: string) => kind === 'Role' || kind === 'RoleBinding';
  // client-go's typed clients: a namespaced object without a namespace goes to the cluster-wide path
  const pathOf = (kind: string, namespace: string, name?: string) =>
    resourcePath(gvr(kind), { namespace: namespaced(kind) ? namespace : undefined, name });
  const nsOf = (o: KubeObject) => String(o.metadata?.namespace ?? '');
  const nameOf = (o: KubeObject) => String(o.metadata?.name ?? '');

  /** tryEnsureNamespace: a namespace that cannot be read or made for lack of rights is not an error. */
  async function ensureNamespace(ns: string): Promise<void> {
    const p = resourcePath({ group: '', version: 'v1', resource: 'namespaces' }, { name: ns });
    try {
      await rest.getJson(p);
      return;
    } catch (err) {
      if (!is(err, 404) && !is(err, 403)) throw err;
    }
    try {
      await rest.create(resourcePath({ group: '', version: 'v1', resource: 'namespaces' }), { kind: 'Namespace', apiVersion: 'v1', metadata: { name: ns, creationTimestamp: null }, spec: {}, status: {} });
    } catch (err) {
      if (!is(err, 409, 'AlreadyExists') && !is(err, 403)) throw err;
    }
  }

  async function get(kind: string, o: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await rest.getJson<KubeObject>(pathOf(kind, nsOf(o), nameOf(o)));
    } catch (err) {
      if (is(err, 404)) return undefined;
      throw err;
    }
  }

  async function create(kind: string, o: KubeObject): Promise<KubeObject> {
    if (namespaced(kind)) await ensureNamespace(nsOf(o));
    return rest.create<KubeObject>(pathOf(kind, nsOf(o)), o);
  }

  type Outcome = { object: KubeObject; operation: string; protected: boolean; report: string };

  async function reconcileRoleOnce(kind: string, expected: RoleObject, attempts = 0): Promise<Outcome> {
    if (attempts > 2) throw new KtlError('exceeded maximum attempts');
    const existing = await get(kind, expected);
    const res = existing
      ? rc.reconcileRole(existing, expected, removePerms)
      : { role: expected, missingRules: expected.rules ?? [], extraRules: [], operation: 'create' as const, protected: false };
    let object = existing ? res.role : rc.typedRbac(res.role);
    if (!res.protected && !dryRun) {
      if (res.operation === 'create') {
        try {
          object = await create(kind, rc.typedRbac(res.role));
        } catch (err) {
          if (is(err, 409, 'AlreadyExists')) return reconcileRoleOnce(kind, expected, attempts + 1);
          throw err;
        }
      } else if (res.operation === 'update') {
        try {
          object = await rest.update<KubeObject>(pathOf(kind, nsOf(res.role), nameOf(res.role)), res.role);
        } catch (err) {
          if (is(err, 404)) return reconcileRoleOnce(kind, expected, attempts + 1);
          throw err;
        }
      }
    }
    let report = '';
    if (res.missingRules.length) report += '\tmissing rules added:\n' + res.missingRules.map((x) => `\t\t${rc.formatRule(x)}\n`).join('');
    if (removePerms && res.extraRules.length) report += '\textra rules removed:\n' + res.extraRules.map((x) => `\t\t${rc.formatRule(x)}\n`).join('');
    return { object, operation: res.operation, protected: res.protected, report };
  }

  async function reconcileBindingOnce(kind: string, expected: BindingObject, attempts = 0): Promise<Outcome> {
    if (attempts > 3) throw new KtlError('exceeded maximum attempts');
    const existing = await get(kind, expected);
    const res = existing
      ? rc.reconcileBinding(existing, expected, removeSubjects)
      : { binding: expected, missingSubjects: expected.subjects ?? [], extraSubjects: [], operation: 'create' as const, protected: false };
    let object = existing && res.operation !== 'recreate' ? res.binding : rc.typedRbac(res.binding);
    if (!res.protected && !dryRun) {
      if (res.operation === 'recreate') {
        try {
          await rest.delete(pathOf(kind, nsOf(existing!), nameOf(existing!)), {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            preconditions: { uid: existing!.metadata?.uid },
          });
        } catch (err) {
          if (is(err, 409)) return reconcileBindingOnce(kind, expected, attempts + 1);
          if (!is(err, 404)) throw err;
        }
      }
      if (res.operation === 'create' || res.operation === 'recreate') {
        try {
          object = await create(kind, rc.typedRbac(res.binding));
        } catch (err) {
          if (is(err, 409, 'AlreadyExists')) return reconcileBindingOnce(kind, expected, attempts + 1);
          throw err;
        }
      } else if (res.operation === 'update') {
        try {
          object = await rest.update<KubeObject>(pathOf(kind, nsOf(res.binding), nameOf(res.binding)), res.binding);
        } catch (err) {
          if (is(err, 404)) return reconcileBindingOnce(kind, expected, attempts + 1);
          throw err;
        }
      }
    }
    let report = '';
    if (res.missingSubjects.length) report += '\tmissing subjects added:\n' + res.missingSubjects.map((x) => `\t\t${rc.formatSubject(x)}\n`).join('');
    if (removeSubjects && res.extraSubjects.length) report += '\textra subjects removed:\n' + res.extraSubjects.map((x) => `\t\t${rc.formatSubject(x)}\n`).join('');
    return { object, operation: res.operation, protected: res.protected, report };
  }

  const failures = await r.visit(async (info) => {
    const obj = info.object!;
    const [group, version] = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/') : ['', String(obj.apiVersion ?? '')];
    const kind = String(obj.kind ?? '');
    const { schemeKnows, notRegistered, rbacDecodeError } = await import('../auth/scheme.js');
    // kubectl decodes -f with its own scheme: kinds it does not compile in cannot be read (in
    // built-in groups too), and the RBAC kinds are decoded into their Go types
    if (!schemeKnows(String(obj.apiVersion ?? ''), kind)) throw notRegistered(info.source ?? '', String(obj.apiVersion ?? ''), kind);
    const typed = rbacDecodeError(obj, info.source ?? '');
    if (typed) throw typed;
    // the local builder has no mapping: an object is namespaced when it names a namespace, and
    // -n is only checked against those (an object without one keeps none, whatever -n says)
    const objNs = nsOf(obj);
    if (ns.enforce && objNs && objNs !== ns.namespace) {
      throw new KtlError(
        `the namespace from the provided object "${objNs}" does not match the namespace "${ns.namespace}". You must pass '--namespace=${objNs}' to perform this operation.`,
      );
    }
    if (group !== RBAC || !KIND_RESOURCE[kind]) return; // other kinds are skipped
    if (version !== 'v1') throw new KtlError(`only rbac.authorization.k8s.io/v1 is supported: not *${version}.${kind}`);
    const binding = kind.endsWith('Binding');
    // conflicts re-run the whole reconciliation, three attempts in all
    let outcome: Outcome | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        outcome = binding ? await reconcileBindingOnce(kind, obj) : await reconcileRoleOnce(kind, obj);
        break;
      } catch (err) {
        if (attempt < 2 && is(err, 409, 'Conflict')) continue;
        throw err;
      }
    }
    await write(app.ctx.io.out, await out.render(outcome.object, 'reconciled', true));
    if (outcome.operation === 'none') return;
    const caveat = outcome.protected ? ', but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)' : '';
    await errOut(`\treconciliation required ${outcome.operation}${caveat}\n${outcome.report}`);
  });
  failIfAny(failures, 'server');
  return 0;
}
