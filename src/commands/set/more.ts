/** `set serviceaccount`, `set subject` and `set selector`, as kubectl 1.33 has them. */
import { addRecordFlag } from '../../flags/record.js';
import { Option, type Command } from 'commander';
import type { Opts } from '../../flags/opts.js';
import { action, withExamples, type App } from '../kit.js';
import { failIfAny, KtlError, messageOf } from '../../errors.js';
import { FilenameFlags } from '../../flags/filename.js';
import { SelectorFlags } from '../../flags/selector.js';
import { addDryRunFlag } from '../../mutate/flags.js';
import { addObjectPrintFlags } from '../../mutate/output.js';
import { collectRaw } from '../../mutate/flags.js';
import type { KubeObject } from '../../client/rest.js';
import { isRecord, mapsAt } from '../../codec/value.js';
import { labelSelectorOf } from '../../mutate/selector.js';
import { addTargetFlags } from '../rollout/session.js';
import type { SetOptions } from './apply-change.js';
import type {} from '../../flags/commander-ext.js';

type Obj = Record<string, unknown>;

/** A failure kubectl reports before naming the object (its Validate step). */
class Unnamed extends KtlError {}

const SA_EXAMPLES = `  # Set deployment nginx-deployment's service account to serviceaccount1
  ktl set serviceaccount deployment nginx-deployment serviceaccount1

  # Print the result (in YAML format) of updated nginx deployment with the service account from local file, without hitting the API server
  ktl set sa -f nginx-deployment.yaml serviceaccount1 --local --dry-run=client -o yaml`;

const SUBJECT_EXAMPLES = `  # Update a cluster role binding for serviceaccount1
  ktl set subject clusterrolebinding admin --serviceaccount=namespace:serviceaccount1

  # Update a role binding for user1, user2, and group1
  ktl set subject rolebinding admin --user=user1 --user=user2 --group=group1

  # Print the result (in YAML format) of updating rolebinding subjects from a local, without hitting the server
  ktl create rolebinding admin --role=admin --user=admin -o yaml --dry-run=client | ktl set subject --local -f - --user=foo -o yaml`;

const SELECTOR_EXAMPLES = `  # Set the labels and selector before creating a deployment/service pair
  ktl create service clusterip my-svc --clusterip="None" -o yaml --dry-run=client | ktl set selector --local -f - 'environment=qa' -o yaml | ktl create -f -
  ktl create deployment my-dep -o yaml --dry-run=client | ktl label --local -f - environment=qa -o yaml | ktl create -f -`;

/** Runs a set subcommand's change over its objects (server or --local). */
async function runChange(o: SetOptions, operation: string, mutate: (copy: KubeObject, kind: string) => void, extra: { alwaysSend?: boolean; resourceVersion?: string; bareErrors?: boolean; patchErrorPrefix?: string } = {}): Promise<number> {
  // kubectl names the object in front of what went wrong with it: "deployments/web <why>"
  // (its own "error: " and newline, so that several are listed one after another with a blank line, as kubectl does)
  const { changeEach, inSetSession, localInfos, objectFailure } = await import('./apply-change.js');
  const named = (copy: KubeObject, info: { mapping: { kind: string; resource: string }; name: string }) => {
    try {
      mutate(copy, info.mapping.kind);
    } catch (err) {
      if (extra.bareErrors || err instanceof Unnamed) throw err;
      throw objectFailure(info, messageOf(err));
    }
  };
  const base = { ctx: o.ctx, dryRun: o.dryRun, print: o.print, fieldManager: o.fieldManager, changeCause: o.changeCause, operation, ...extra, mutate: named };
  if (o.local) {
    if (o.dryRun === 'server') throw new KtlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    const infos = await localInfos(o);
    failIfAny(await changeEach({ ...base, infos, local: true }), 'bare');
    return 0;
  }
  return inSetSession(o, (s) => changeEach({ ...base, clients: s.clients, infos: s.resolved.infos }));
}

export function registerSetServiceAccount(parent: Command, app: App): void {
  const cmd = parent
    .command('serviceaccount')
    .alias('sa')
    .description('Update the service account of pod template resources.\n\n Possible resources (case insensitive) can be:\n\n replicationcontroller (rc), deployment (deploy), daemonset (ds), job, replicaset (rs), statefulset')
    .summary('Update the service account of a resource')
    .usage('(-f FILENAME | TYPE NAME) SERVICE_ACCOUNT [options]')
    .argument('[args...]')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, "'kubectl-set'"))
    .option('--local', 'If true, set serviceaccount will NOT contact api-server but run locally.');
  new FilenameFlags('identifying the resource to get from a server.').addTo(cmd);
  addDryRunFlag(cmd);
  addObjectPrintFlags(cmd);
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const { setOptions } = await import('./apply-change.js');
      if (args.length === 0) throw new KtlError('serviceaccount is required');
      const name = args[args.length - 1]!;
      const o = setOptions(app, c, args.slice(0, -1), opts, () => ({}));
      const { podSpecOf } = await import('../../set/pod-spec.js');
      return runChange(
        o,
        'serviceaccount updated',
        (copy, kind) => {
          const spec = podSpecOf(copy, kind);
          if (!spec) throw new KtlError(`the object is not a pod or does not have a pod template: *v1.${kind}`);
          spec.serviceAccountName = name;
        },
        // kubectl's words, without a colon
        { alwaysSend: true, patchErrorPrefix: 'failed to patch ServiceAccountName ' },
      );
    }),
  );
  withExamples(cmd, SA_EXAMPLES);
}

/** Every --user value before "--" (Commander gives them to the global --user). */
function userValues(c: Command): string[] {
  let root: Command = c;
  while (root.parent) root = root.parent;
  const raw = root.rawArgs ?? [];
  const end = raw.includes('--') ? raw.indexOf('--') : raw.length;
  const out: string[] = [];
  for (let i = 0; i < end; i++) {
    const a = raw[i]!;
    if (a === '--user' && i + 1 < end) out.push(raw[++i]!);
    else if (a.startsWith('--user=')) out.push(a.slice(7));
  }
  return out;
}

export function registerSetSubject(parent: Command, app: App): void {
  const cmd = parent
    .command('subject')
    .description('Update the user, group, or service account in a role binding or cluster role binding.')
    .summary('Update the user, group, or service account in a role binding or cluster role binding')
    .usage('(-f FILENAME | TYPE NAME) [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]')
    .argument('[args...]')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, "'kubectl-set'"))
    .addOption(new Option('--group <group>', 'Groups to bind to the role').argParser(collectRaw).default(undefined, '[]'))
    .option('--local', 'If true, set subject will NOT contact api-server but run locally.')
    .addOption(new Option('--serviceaccount <sa>', 'Service accounts to bind to the role').argParser(collectRaw).default(undefined, '[]'))
    .addOption(new Option('--user <user>', 'Usernames to bind to the role').argParser(collectRaw).default(undefined, '[]'));
  addTargetFlags(cmd, { dryRun: true, filenameUsage: 'the resource to update the subjects' });
  cmd.action(
    action(async (args: string[], opts: Opts<{ group: string[]; serviceaccount: string[] }>, c: Command) => {
      const { setOptions } = await import('./apply-change.js');
      const users = userValues(c);
      const groups = opts.group ?? [];
      const sas = opts.serviceaccount ?? [];
      // the binding's --user is not the kubeconfig user
      const withoutUser: App = { ...app, factory: (cc: Command) => app.factory(cc, { overrides: { user: undefined } }) };
      const o = setOptions(withoutUser, c, args, opts, () => ({}));
      if (o.local && args.length) throw new KtlError('error: you must specify resources by --filename when --local is set.');
      if (opts.all && opts.selector) throw new KtlError('cannot set --all and --selector at the same time');
      if (!users.length && !groups.length && !sas.length) throw new KtlError('you must specify at least one value of user, group or serviceaccount');
      for (const sa of sas) {
        const t = sa.split(':');
        if (t.length !== 2 || t[1] === '') throw new KtlError('serviceaccount must be <namespace>:<name>');
      }
      const { namespace } = await o.factory.namespace();
      const uniq = (xs: string[]) => [...new Set(xs)].sort();
      const subjects: Obj[] = [
        ...uniq(users).map((name) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name })),
        ...uniq(groups).map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name })),
        ...uniq(sas).map((sa) => {
          const [ns = '', name = ''] = sa.split(':'); // <namespace>:<name>, checked above
          return { kind: 'ServiceAccount', name, namespace: ns || namespace };
        }),
      ];
      const same = (a: Obj, b: Obj) => ['kind', 'apiGroup', 'name', 'namespace'].every((k) => (a[k] ?? '') === (b[k] ?? ''));
      return runChange(o, 'subjects updated', (copy, kind) => {
        if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') throw new KtlError('setting subjects is only supported for RoleBinding/ClusterRoleBinding');
        if (kind === 'ClusterRoleBinding' && sas.some((sa) => sa.split(':')[0] === '')) {
          throw new Unnamed('serviceaccount must be <namespace>:<name>, namespace must be specified');
        }
        const existing = mapsAt(copy, 'subjects');
        const updated: Obj[] = [...existing];
        for (const s of subjects) if (!existing.some((e) => same(e, s))) updated.push(s);
        copy.subjects = updated;
      }, { patchErrorPrefix: 'failed to patch subjects to rolebinding: ' });
    }),
  );
  withExamples(cmd, SUBJECT_EXAMPLES);
}

export function registerSetSelector(parent: Command, app: App): void {
  const cmd = parent
    .command('selector')
    .description(
      "Set the selector on a resource. Note that the new selector will overwrite the old selector if the resource had one prior to the invocation of 'set selector'.\n\n A selector must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters. If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used. Note: currently selectors can only be set on Service objects.",
    )
    .summary('Set the selector on a resource')
    .usage('(-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version] [options]')
    .argument('[args...]')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, "'kubectl-set'"))
    .addOption(new Option('-f, --filename <file>', 'identifying the resource.').argParser(collectRaw).default(undefined, '[]'))
    .option('--local', 'If true, annotation will NOT contact api-server but run locally.')
    .addOption(new Option('-R, --recursive [bool]', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.').default(undefined, 'true'))
    .option('--resource-version <version>', 'If non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.');
  addDryRunFlag(cmd);
  addObjectPrintFlags(cmd);
  void SelectorFlags;
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Opts<{ resourceVersion: string }>, c: Command) => {
      const { setOptions } = await import('./apply-change.js');
      const { parseToLabelSelector } = await import('../../create/generators.js');
      const selector = args.length ? parseToLabelSelector(args[args.length - 1]!) : undefined;
      const recursive = opts.recursive === undefined || opts.recursive === true || /^(true|1|t)$/i.test(String(opts.recursive));
      const o = setOptions(app, c, args.slice(0, -1), { ...opts, recursive }, () => ({}));
      if (!selector) throw new KtlError('one selector is required');
      return runChange(
        o,
        'selector updated',
        (copy, kind) => {
          const sel = labelSelectorOf(selector) ?? {};
          const exprs = sel.matchExpressions ?? [];
          // Go's %v of the requirements
          if (exprs.length) throw new KtlError(`match expression [${exprs.map((e) => `{${e.key} ${e.operator} [${(e.values ?? []).join(' ')}]}`).join(' ')}] not supported on this object`);
          if (kind !== 'Service') throw new KtlError('setting a selector is only supported for Services');
          const spec = isRecord(copy.spec) ? copy.spec : (copy.spec = {});
          const labels = sel.matchLabels ?? {};
          if (Object.keys(labels).length) spec.selector = { ...labels };
          else delete spec.selector;
        },
        { alwaysSend: true, bareErrors: true, resourceVersion: opts.resourceVersion ?? '' },
      );
    }),
  );
  withExamples(cmd, SELECTOR_EXAMPLES);
}
