import { Option, type Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import { KtlError } from '../errors.js';
import { validateRaw } from '../mutate/raw.js';
import { FilenameFlags } from '../flags/filename.js';
import { SelectorFlags } from '../flags/selector.js';
import { parseCascadeFlag, parseDryRun, parseDurationFlag, parseIntFlag } from '../mutate/flags.js';
import type { Context } from '../context.js';
import type { GlobalFlags } from '../flags/global.js';
import type { DeleteOptions } from '../mutate/delete.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults, helpTexts } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ output: string }>;

const EXAMPLES = `  # Delete a pod using the type and name specified in pod.json
  ktl delete -f ./pod.json

  # Delete resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
  ktl delete -k dir

  # Delete resources from all files that end with '.json'
  ktl delete -f '*.json'

  # Delete a pod based on the type and name in the JSON passed into stdin
  cat pod.json | ktl delete -f -

  # Delete pods and services with same names "baz" and "foo"
  ktl delete pod,service baz foo

  # Delete pods and services with label name=myLabel
  ktl delete pods,services -l name=myLabel

  # Delete a pod with minimal delay
  ktl delete pod foo --now

  # Force delete a pod on a dead node
  ktl delete pod foo --force

  # Delete all pods
  ktl delete pods --all

  # Delete all pods only if the user confirms the deletion
  ktl delete pods --all --interactive`;

export const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

export function registerDelete(program: Command, app: App): void {
  const cmd = program
    .command('delete')
    .description(`Delete resources by file names, stdin, resources and names, or by resources and label selector.

 JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.

 Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.

 IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.

 Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.

 After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run "ktl api-resources" to refresh the discovery cache.`)
    .summary('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .usage('([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]')
    .argument('[args...]');
  new FilenameFlags('containing the resource to delete.').addTo(cmd);
  new SelectorFlags({ selector: true, fieldSelector: true, all: true, allNamespaces: true }).addTo(cmd);
  cmd
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.')
    .addOption(new Option('--no-ignore-not-found').hideHelp())
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).')
    .option('--now', 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.')
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.')
    .option('--wait', 'If true, wait for resources to be gone before returning. This waits for finalizers.')
    .addOption(new Option('--no-wait').hideHelp())
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
    .option('-o, --output <format>', 'Output mode. Use "-o name" for shorter output (resource/name).')
    .option('-i, --interactive', 'If true, delete resource only when user confirms.')
    .option('--raw <uri>', 'Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file.');
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const o = complete(app.ctx, app.globals(c), args, opts, commandPath(c));
      validate(o, opts);
      const { runDelete } = await import('../mutate/delete.js');
      return runDelete(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpTexts(cmd, {
    '--all': 'Delete all resources, in the namespace of the specified resource types.',
    '--filename': 'containing the resource to delete.',
    '--kustomize': "Process a kustomization directory. This flag can't be used together with -f or -R.",
  });
  helpDefaults(cmd, { '--cascade': "'background'", '--dry-run': "'none'", '--grace-period': '-1', '--timeout': '0s', '--wait': 'true' });
}

function complete(ctx: Context, flags: GlobalFlags, args: string[], opts: Flags, path: string): DeleteOptions {
  const files = new FilenameFlags().toOptions(opts);
  const sel = new SelectorFlags().toOptions(opts);
  const output = opts.output ?? '';
  // kubectl reads --cascade (its deprecation warning) before it checks -o
  const cascade = parseCascadeFlag(opts.cascade, (s) => void ctx.io.errOut.write(s));
  if (output !== '' && output !== 'name') throw new KtlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  const force = !!opts.force;
  const now = !!opts.now;
  let gracePeriod = parseIntFlag(opts.gracePeriod, '--grace-period', -1);
  if (now) {
    if (gracePeriod !== -1) throw new KtlError('--now and --grace-period cannot be specified together');
    gracePeriod = 1;
  }
  if (gracePeriod === 0 && !force) gracePeriod = 1; // kubectl's guard against accidental force deletion
  if (force && gracePeriod < 0) gracePeriod = 0;
  const selecting = sel.all || sel.selector !== '' || sel.fieldSelector !== '';
  const ignoreNotFound = opts.ignoreNotFound === undefined ? selecting : opts.ignoreNotFound === true;
  const warn = (s: string) => void ctx.io.errOut.write(s);
  return {
    ctx,
    flags,
    path,
    args,
    ...files,
    ...sel,
    ignoreNotFound,
    gracePeriod,
    force,
    cascade,
    wait: opts.wait !== false,
    timeoutMs: parseDurationFlag(opts.timeout, '--timeout'),
    dryRun: parseDryRun(opts.dryRun, warn),
    output,
    interactive: !!opts.interactive,
    raw: opts.raw === undefined ? undefined : String(opts.raw),
  };
}

function validate(o: DeleteOptions, opts: Flags): void {
  if (o.all && o.selector) throw new KtlError("setting 'all' parameter but found a non empty selector. ");
  if (o.force && o.gracePeriod > 0) throw new KtlError('--force and --grace-period greater than 0 cannot be specified together');
  if (o.force && o.gracePeriod === 0) void o.ctx.io.errOut.write(FORCE_WARNING);
  if (o.interactive && o.raw !== undefined) throw new KtlError('--interactive can not be used with --raw');
  if (o.raw !== undefined) {
    validateRaw(o.raw, o);
    return;
  }
  if (o.args.length === 0 && o.filenames.length === 0) {
    if (o.all || o.selector || o.fieldSelector) throw new KtlError('at least one resource must be specified to use a selector');
    throw new KtlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
}
