import type { Command } from 'commander';
import { action, commandPath, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { ErrorList, KtlError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { checkValues, parseDryRun, parseDurationFlag, parseIntFlag } from '../mutate/flags.js';
import type { DryRun } from '../mutate/report.js';
import type { KubeObject } from '../resource/types.js';
import type { Opts } from '../flags/opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ podSelector: string; selector: string }>;

const DRY_RUN_HELP =
  'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.';
const SELECTOR_HELP =
  "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.";

function addCommonFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--dry-run [strategy]', DRY_RUN_HELP).default(undefined, "'none'"))
    .option('-l, --selector <selector>', SELECTOR_HELP);
}

export function registerCordon(program: Command, app: App): void {
  registerCordonLike(program, app, true);
}

export function registerUncordon(program: Command, app: App): void {
  registerCordonLike(program, app, false);
}

function registerCordonLike(program: Command, app: App, desired: boolean): void {
  const verb = desired ? 'cordon' : 'uncordon';
  const what = desired ? 'unschedulable' : 'schedulable';
  const cmd = program
    .command(verb)
    .description(`Mark node as ${what}.`)
    .summary(`Mark node as ${what}`)
    .usage('NODE [options]')
    .argument('[args...]');
  addCommonFlags(cmd);
  withExamples(cmd, `  # Mark node "foo" as ${what}\n  ${app.ctx.binName} ${verb} foo`);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const f = app.factory(c);
      const o = completeTarget(c, args, opts);
      const dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
      const { cordonNode } = await import('../node/drain.js');
      const nodes = await resolveNodes(f, o.names, o.selector, 500);
      const clients = await f.clients();
      for (const node of nodes) await cordonNode(clients, node, desired, dryRun, f.io);
      return 0;
    }),
  );
}

interface Target {
  names: string[];
  selector: string;
}

function completeTarget(c: Command, args: string[], opts: Flags): Target {
  const selector = opts.selector;
  if (args.length === 0 && selector === undefined) throw new UsageError(`USAGE: ${c.name()} NODE [flags]`, commandPath(c));
  if (args.length > 0 && selector) throw new UsageError('cannot specify both a node name and a --selector option', commandPath(c));
  return { names: args, selector: selector ?? '' };
}

/** The nodes named (NAME or TYPE/NAME) or selected, read from the server; the first failure ends the command. */
async function resolveNodes(f: Factory, names: string[], selector: string, chunkSize: number): Promise<KubeObject[]> {
  // kubectl names the type only with a selector: an empty --selector= and no names select nothing (the builder's error)
  const args = names.length ? names.map((n) => (n.includes('/') ? n : `nodes/${n}`)) : selector ? ['nodes'] : [];
  const { MISSING_RESOURCE_MESSAGE } = await import('../resource/args.js');
  const r = await f.builder().args(args).selector(selector).chunkSize(chunkSize).latest().noResourcesMessage(MISSING_RESOURCE_MESSAGE).do();
  if (r.errors.length) throw r.errors[0];
  const out: KubeObject[] = [];
  for (const info of r.infos) {
    if (info.mapping.resource !== 'nodes' || info.mapping.group !== '') {
      const gvr = `${info.mapping.group ? `${info.mapping.group}/` : ''}${info.mapping.version}, Resource=${info.mapping.resource}`;
      throw new KtlError(`error: expected resource of type node, got "${gvr}"`);
    }
    out.push(info.object!);
  }
  return out;
}

const EXAMPLES = (bin: string) => `  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it
  ${bin} drain foo --force
  
  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes
  ${bin} drain foo --grace-period=900`;

export function registerDrain(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('drain')
    .description(
      `Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use ${bin} uncordon, which will make the node schedulable again.\n\nhttps://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg`,
    )
    .summary('Drain node in preparation for maintenance')
    .usage('NODE [options]')
    .argument('[args...]')
    .addOption(
      new Option('--chunk-size <n>', 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.').default(
        undefined,
        '500',
      ),
    )
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).')
    .option('--disable-eviction', 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.')
    .option('--force', 'Continue even if there are pods that do not declare a controller.')
    .addOption(
      new Option(
        '--grace-period <seconds>',
        'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.',
      ).default(undefined, '-1'),
    )
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods.')
    .addOption(new Option('--pod-selector <selector>', 'Label selector to filter pods on the node').default(undefined, "''"))
    .addOption(
      new Option(
        '--skip-wait-for-delete-timeout <seconds>',
        'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.',
      ).default(undefined, '0'),
    )
    .addOption(new Option('--timeout <duration>', 'The length of time to wait before giving up, zero means infinite').default(undefined, '0s'));
  addCommonFlags(cmd);
  checkValues(cmd, { '--chunk-size': 'int', '--grace-period': 'int', '--skip-wait-for-delete-timeout': 'int', '--timeout': 'duration' });
  withExamples(cmd, EXAMPLES(bin));
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const f = app.factory(c);
      const t = completeTarget(c, args, opts);
      const dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
      const podSelector = opts.podSelector ?? '';
      if (podSelector) {
        const { parseSelector } = await import('../mutate/selector.js');
        try {
          parseSelector(podSelector);
        } catch {
          throw new KtlError('--pod-selector=<pod_selector> must be a valid label selector');
        }
      }
      const o = {
        force: !!opts.force,
        ignoreDaemonSets: !!opts.ignoreDaemonsets,
        deleteEmptyDirData: !!opts.deleteEmptydirData,
        gracePeriod: parseIntFlag(opts.gracePeriod, '--grace-period', -1),
        timeoutMs: parseDurationFlag(opts.timeout, '--timeout', 0),
        podSelector,
        disableEviction: !!opts.disableEviction,
        skipWaitForDeleteTimeout: parseIntFlag(opts.skipWaitForDeleteTimeout, '--skip-wait-for-delete-timeout', 0),
        chunkSize: parseIntFlag(opts.chunkSize, '--chunk-size', 500),
        dryRun,
      };
      return drain(f, t, o);
    }),
  );
}

async function drain(f: Factory, t: Target, o: import('../node/drain.js').DrainOptions): Promise<number> {
  const { cordonNode, podsForDeletion, deleteOrEvictPods, DrainError } = await import('../node/drain.js');
  const { dryRunSuffix } = await import('../mutate/report.js');
  const nodes = await resolveNodes(f, t.names, t.selector, o.chunkSize);
  const clients = await f.clients();
  const io = f.io;
  for (const node of nodes) await cordonNode(clients, node, true, o.dryRun, io);
  const fatal: InstanceType<typeof DrainError>[] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    try {
      await drainOne(name);
      await write(io.out, `node/${name} drained${dryRunSuffix(o.dryRun)}\n`);
    } catch (err) {
      const e = err instanceof DrainError ? err : new DrainError([err instanceof Error ? err.message : String(err)], false);
      await write(io.errOut, `error: unable to drain node "${name}" due to error: ${e.message}, continuing command...\n`);
      fatal.push(e);
      remaining.push(name);
    }
  }
  if (remaining.length) await write(io.errOut, `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
  if (fatal.length === 0) return 0;
  if (fatal.length > 1) throw new ErrorList(fatal.map((e) => new KtlError(e.message)), 'standard');
  const only = fatal[0]!;
  // kubectl lists an aggregate's members one per line (no "error: "); a single error is "error: ..."
  if (only.aggregate) throw new ErrorList([...new Set(only.errors)].map((m) => new KtlError(m)), 'standard');
  throw new KtlError(only.message);

  async function drainOne(name: string): Promise<void> {
    const list = await podsForDeletion(clients, name, o);
    if (list.errors.length) throw new DrainError(list.errors);
    if (list.warnings) await write(io.errOut, `Warning: ${list.warnings}\n`);
    if (o.dryRun === 'client') {
      for (const p of list.pods) await write(io.out, `evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
      return;
    }
    try {
      await deleteOrEvictPods(clients, list.pods, o, io);
    } catch (err) {
      try {
        const pending = await podsForDeletion(clients, name, o);
        if (pending.pods.length) {
          const msg = err instanceof Error ? err.message : String(err);
          await write(io.errOut, `There are pending pods in node "${name}" when an error occurred: ${msg}\n${pending.pods.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
        }
        if (pending.errors.length) {
          await write(io.errOut, `Following errors occurred while getting the list of pods to delete:\n${pending.errors.length === 1 ? pending.errors[0] : `[${pending.errors.join(', ')}]`}`);
        }
      } catch (listErr) {
        await write(io.errOut, `Following errors occurred while getting the list of pods to delete:\n${listErr instanceof Error ? listErr.message : String(listErr)}`);
      }
      throw err;
    }
  }
}
