import { registerEditLastApplied } from './apply-edit-last-applied.js';
import { filenameOptions } from '../flags/filename.js';
import { addRecordFlag, recordCause } from '../flags/record.js';
import { Option, type Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError, UsageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import { collectList, collectRaw, parseDryRun, parseDurationFlag, parseBoolFlag, parseCascadeFlag, parseIntFlag, parseValidate } from '../mutate/flags.js';
import { addWaitReadyFlags, kubectlWaitOption, waitFlags } from '../wait/ready/run.js';
import type { ApplySet } from '../apply/applyset.js';
import { helpDefaults } from '../flags/global.js';
import type { ApplyOptions } from '../apply/options.js';
import type { Opts } from '../flags/opts.js';

const EXAMPLES = `  # Apply the configuration in pod.json to a pod
  ktl apply -f ./pod.json
  
  # Apply resources from a directory containing kustomization.yaml - e.g. dir/kustomization.yaml
  ktl apply -k dir/
  
  # Apply the JSON passed into stdin to a pod
  cat pod.json | ktl apply -f -
  
  # Apply the configuration from all files that end with '.json'
  ktl apply -f '*.json'
  
  # Note: --prune is still in Alpha
  # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx
  ktl apply --prune -f manifest.yaml -l app=nginx
  
  # Apply the configuration in manifest.yaml and delete all the other config maps that are not in the file
  ktl apply --prune -f manifest.yaml --all --prune-allowlist=core/v1/ConfigMap`;

/** kubectl's KUBECTL_APPLYSET feature gate: on only when the variable is "true" in any case. */
export function applySetEnabled(env: Record<string, string | undefined>): boolean {
  return (env.KUBECTL_APPLYSET ?? '').toLowerCase() === 'true';
}

/** An option whose help shows kubectl's default (`--cascade='background'`) while its value stays undefined unless given. */
const shown = (flags: string, description: string, def: string) => new Option(flags, description).default(undefined, def);

export function registerApply(program: Command, app: App): void {
  const applySet = applySetEnabled(app.ctx.env);
  const cmd = program
    .command('apply')
    .description(
      "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.\n\n JSON and YAML formats are accepted.\n\n Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.",
    )
    .summary('Apply a configuration to a resource by file name or stdin')
    .usage('(-f FILENAME | -k DIRECTORY) [options]')
    .argument('[args...]')
    .addOption(shown('-f, --filename <file>', 'The files that contain the configurations to apply.', '[]').argParser(collectList))
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.')
    .option('-k, --kustomize <dir>', 'Process a kustomization directory. This flag can\'t be used together with -f or -R.')
    .option('--server-side', 'If true, apply runs in the server instead of the client.')
    .option('--force-conflicts', 'If true, server-side apply will force the changes against conflicts.')
    .addOption(shown('--field-manager <name>', 'Name of the manager used to track field ownership.', "'kubectl-client-side-apply'"))
    .addOption(
      shown(
        '--dry-run [strategy]',
        'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        "'none'",
      ),
    )
    .addOption(
      shown(
        '--validate [mode]',
        'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
        "'strict'",
      ),
    )
    .option(
      '--prune',
      applySet
        ? 'Automatically delete previously applied resource objects that do not appear in the provided configs. For alpha1, use with either -l or --all. For alpha2, use with --applyset.'
        : 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.',
    )
    .option(
      '-l, --selector <selector>',
      "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    )
    .option('--all', 'Select all resources in the namespace of the specified resource types.')
    .addOption(shown('--prune-allowlist <gvk>', 'Overwrite the default allowlist with <group/version/kind> for --prune', '[]').argParser(collectRaw))
    .addOption(shown('--overwrite [bool]', 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration', 'true'))
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.')
    .addOption(
      shown(
        '--grace-period <seconds>',
        'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).',
        '-1',
      ),
    )
    .addOption(
      shown(
        '--cascade [mode]',
        'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
        "'background'",
      ),
    )
    .addOption(kubectlWaitOption('If true, wait for resources to be gone before returning. This waits for finalizers.'))
    .addOption(shown('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object', '0s'))
    .option('--subresource <name>', 'If specified, apply will operate on the subresource of the requested object.  Only allowed when using --server-side.')
    .addOption(
      shown(
        '--openapi-patch [bool]',
        'If true, use openapi to calculate diff when the openapi presents and the resource can be found in the openapi spec. Otherwise, fall back to use baked-in types.',
        'true',
      ),
    )
    .addOption(shown('--concurrency <n>', 'ktl: how many objects to apply at once (objects that depend on each other keep their order).', '16'));
  if (applySet) {
    cmd.option(
      '--applyset <parent>',
      '[alpha] The name of the ApplySet that tracks which resources are being managed, for the purposes of determining what to prune. Live resources that are part of the ApplySet but have been removed from the provided configs will be deleted. Format: [RESOURCE][.GROUP]/NAME. A Secret will be used if no resource or group is specified.',
    );
  }
  addWaitReadyFlags(cmd, { waitToo: false });
  addObjectPrintFlags(cmd);
  addRecordFlag(cmd);
  cmd.action(
      action(async (args: string[], opts: Flags, c: Command) => {
        const o = complete(app.ctx, app.factory(c), args, opts, commandPath(c));
        o.changeCause = recordCause(c, opts, app.ctx.binName);
        const { runApply } = await import('../apply/command.js');
        // the flags are checked together after the allowlist is read, as kubectl
        return runApply(o, (applySet) => validate(o, applySet));
      }),
    );
  withExamples(cmd, EXAMPLES);
  registerLastApplied(cmd, app);
  registerEditLastApplied(cmd, app);
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{
  filename: string[];
  kustomize: string;
  selector: string;
  output: string;
  cascade: string | boolean;
  fieldManager: string;
  pruneAllowlist: string[];
  subresource: string;
  applyset: string;
}>;

function withParentOptions(own: Record<string, unknown>, c: Command): Flags {
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return { ...c.optsWithGlobals(), ...defined };
}

/** `apply view-last-applied` and `apply set-last-applied`. */
function registerLastApplied(apply: Command, app: App): void {
  const set = apply
    .command('set-last-applied')
    .summary('Set the last-applied-configuration annotation on a live object to match the contents of a file')
    .description(
      'Set the latest last-applied-configuration annotations by setting it to match the contents of a file. This results in the last-applied-configuration being updated as though \'ktl apply -f<file> \' was run, without updating any other parts of the object.',
    )
    .usage('-f FILENAME [options]')
    .option('--create-annotation', "Will create 'last-applied-configuration' annotations if current objects doesn't have one")
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files that contains the last-applied-configuration annotations', collectList)
    .argument('[args...]');
  addObjectPrintFlags(set);
  set.action(
    action(async (_args: string[], own: Record<string, unknown>, c: Command) => {
      const opts = withParentOptions(own, c);
      const dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
      const print = objectPrintOptions(opts);
      const { runSetLastApplied } = await import('../apply/last-applied-cmd.js');
      return runSetLastApplied({
        ctx: app.ctx,
        factory: app.factory(c),
        filenames: opts.filename ?? [],
        createAnnotation: !!opts.createAnnotation,
        dryRun,
        print,
      });
    }),
  );
  helpDefaults(set, { '--dry-run': "'none'" });
  withExamples(
    set,
    `  # Set the last-applied-configuration of a resource to match the contents of a file
  ktl apply set-last-applied -f deploy.yaml

  # Execute set-last-applied against each configuration file in a directory
  ktl apply set-last-applied -f path/

  # Set the last-applied-configuration of a resource to match the contents of a file; will create the annotation if it does not already exist
  ktl apply set-last-applied -f deploy.yaml --create-annotation=true`,
  );

  const view = apply
    .command('view-last-applied')
    .summary('View the latest last-applied-configuration annotations of a resource/object')
    .description(
      'View the latest last-applied-configuration annotations by type/name or file.\n\n The default output will be printed to stdout in YAML format. You can use the -o option to change the output format.',
    )
    .usage('(TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME) [options]')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format. Must be one of (yaml, json)')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files that contains the last-applied-configuration annotations', collectList)
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.')
    .option('-k, --kustomize <dir>', 'Process the kustomization directory. This flag can\'t be used together with -f or -R.')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.");
  view.action(
    action(async (args: string[], own: Record<string, unknown>, c: Command) => {
      // apply declares the same flags; Commander hands them to whichever command declares them first
      const opts = withParentOptions(own, c);
      const files = filenameOptions(opts.filename ?? [], !!opts.recursive, opts.kustomize);
      const { runViewLastApplied } = await import('../apply/last-applied-cmd.js');
      return runViewLastApplied({
        ctx: app.ctx,
        factory: app.factory(c),
        path: commandPath(c),
        args,
        filenames: files,
        selector: opts.selector ?? '',
        all: !!opts.all,
        output: opts.output ?? 'yaml',
      });
    }),
  );
  helpDefaults(view, { '--output': "'yaml'" });
  withExamples(
    view,
    `  # View the last-applied-configuration annotations by type/name in YAML
  ktl apply view-last-applied deployment/nginx

  # View the last-applied-configuration annotations by file in JSON
  ktl apply view-last-applied -f deploy.yaml -o json`,
  );
}

/** kubectl's ApplyFlags.ToOptions: arguments, --dry-run, --cascade, then -f/-k. */
function complete(ctx: Context, factory: Factory, args: string[], opts: Flags, path: string): ApplyOptions {
  if (args.length) throw new UsageError(`Unexpected args: [${args.join(' ')}]`, path);
  const serverSide = !!opts.serverSide;
  const warn = (s: string) => void ctx.io.errOut.write(s);
  // kubectl reads --dry-run first, then the delete flags (--cascade, with its deprecation warning)
  const dryRun = parseDryRun(opts.dryRun, warn);
  const cascade = parseCascadeFlag(opts.cascade, warn).toLowerCase();
  const o: ApplyOptions = {
    ctx,
    factory,
    path,
    args,
    ...filenameOptions(opts.filename ?? [], !!opts.recursive, opts.kustomize),
    serverSide,
    forceConflicts: !!opts.forceConflicts,
    fieldManager: opts.fieldManager ?? (serverSide ? 'kubectl' : 'kubectl-client-side-apply'),
    dryRun,
    validate: parseValidate(opts.validate),
    output: opts.output ?? '',
    templateOnly: !opts.output && !!opts.template,
    print: () => objectPrintOptions(opts),
    prune: !!opts.prune,
    selector: opts.selector ?? '',
    all: !!opts.all,
    pruneAllowlist: opts.pruneAllowlist ?? [],
    force: !!opts.force,
    gracePeriod: parseIntFlag(opts.gracePeriod, '--grace-period', -1),
    cascade,
    ...(() => {
      const w = waitFlags(opts, { kubectlWait: true });
      return { wait: w.kubectlWait, readyTimeoutMs: w.readyTimeoutMs };
    })(),
    timeoutMs: parseDurationFlag(opts.timeout, '--timeout'),
    concurrency: parseIntFlag(opts.concurrency, '--concurrency', 16),
    subresource: opts.subresource ?? '',
    overwrite: parseBoolFlag(opts.overwrite, '--overwrite', true),
    openapiPatch: parseBoolFlag(opts.openapiPatch, '--openapi-patch', true),
    // an empty --applyset= is kubectl's "not set"
    applySet: opts.applyset || undefined,
  };
  if (o.filenames.length === 0) throw new KtlError('must specify one of -f and -k');
  return o;
}

/** kubectl's ApplyOptions.Validate, in its order. */
async function validate(o: ApplyOptions, applySet?: ApplySet): Promise<void> {
  if (o.forceConflicts && !o.serverSide) throw new KtlError('--force-conflicts only works with --server-side');
  if (o.serverSide && o.dryRun === 'client') {
    throw new KtlError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  }
  if (o.serverSide && o.force) throw new KtlError('--force cannot be used with --server-side');
  if (o.dryRun === 'server' && o.force) throw new KtlError('--dry-run=server cannot be used with --force');
  if (o.all && o.selector) throw new KtlError('cannot set --all and --selector at the same time');
  if (applySet) {
    if (!o.prune) throw new KtlError('--applyset requires --prune');
    await applySet.validate();
  }
  if (o.prune) {
    // recreating objects while pruning would change their UIDs under the pruner
    if (o.force) throw new KtlError('--force cannot be used with --prune');
    if (applySet) {
      if (o.all) throw new KtlError('--all is incompatible with --applyset');
      if (o.selector) throw new KtlError('--selector is incompatible with --applyset');
      if (o.pruneAllowlist.length) throw new KtlError('--prune-allowlist is incompatible with --applyset');
    } else {
      if (!o.all && !o.selector) {
        throw new KtlError(
          'all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector',
        );
      }
      if (o.serverSide) throw new KtlError("--prune is in alpha and doesn't currently work on objects created by server-side apply");
    }
  }
  if (o.subresource && !o.serverSide) throw new KtlError('--subresource can only be specified for --server-side');
  if (o.concurrency < 1) throw new KtlError('--concurrency must be at least 1');
}
