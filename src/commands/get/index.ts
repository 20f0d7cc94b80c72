/**
 * `ktl get`: declares the flags and turns them into GetOptions
 * (complete), checks them (validate) and hands over to run.ts, which is
 * loaded only when get runs.
 */
import { Option, type Command } from 'commander';
import { action, commandPath, withExamples, type App } from '../kit.js';
import type { Context } from '../../context.js';
import { write } from '../../context.js';
import { FlagValueError, KtlError, PreConfigError, UsageError } from '../../errors.js';
import { FilenameFlags } from '../../flags/filename.js';
import type { GlobalFlags } from '../../flags/global.js';
import { PrintFlags } from '../../flags/print.js';
import { SelectorFlags } from '../../flags/selector.js';
import { parseColorMode } from '../../printers/color-mode.js';
import type { GetOptions } from './shared.js';
import type { Opts } from '../../flags/opts.js';
import { helpDefaults } from '../../flags/global.js';
import { requestUriError } from '../../client/request-uri.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ chunkSize: string; color: string; raw: string; subresource: string }>;


const EXAMPLES = `  # List all pods in ps output format
  ktl get pods

  # List all pods in ps output format with more information (such as node name)
  ktl get pods -o wide

  # List a single replication controller with specified NAME in ps output format
  ktl get replicationcontroller web

  # List deployments in JSON output format, in the "v1" version of the "apps" API group
  ktl get deployments.v1.apps -o json

  # List a single pod in JSON output format
  ktl get -o json pod web-pod-13je7

  # List a pod identified by type and name specified in "pod.yaml" in JSON output format
  ktl get -f pod.yaml -o json

  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml
  ktl get -k dir/

  # Return only the phase value of the specified pod
  ktl get -o template pod/web-pod-13je7 --template={{.status.phase}}

  # List resource information in custom columns
  ktl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image

  # List all replication controllers and services together in ps output format
  ktl get rc,services

  # List one or more resources by their type and names
  ktl get rc/web service/frontend pods/web-pod-13je7

  # List the 'status' subresource for a single pod
  ktl get pod web-pod-13je7 --subresource status

  # List all deployments in namespace 'backend'
  ktl get deployments.apps --namespace backend

  # List all pods existing in all namespaces
  ktl get pods --all-namespaces`;

const printFlags = new PrintFlags({ table: true });
const filenameFlags = new FilenameFlags('identifying the resource to get from a server.');
const selectorFlags = new SelectorFlags({ selector: true, fieldSelector: true, allNamespaces: true });

export function registerGet(program: Command, app: App): void {
  const cmd = program
    .command('get')
    .description(
      `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "ktl api-resources" for a complete list of supported resources.`,
    )
    .summary('Display one or many resources')
    .usage('[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]')
    .argument('[args...]');
  printFlags.addTo(cmd);
  filenameFlags.addTo(cmd);
  selectorFlags.addTo(cmd);
  cmd
    .option('--chunk-size <n>', 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.')
    .option('--ignore-not-found', 'If the requested object does not exist the command will return exit code 0.')
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.')
    .option('--raw <uri>', 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.')
    .option('--server-print', 'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.')
    .addOption(new Option('--no-server-print').hideHelp())
    .option('--subresource <name>', 'If specified, gets the subresource of the requested object.')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes.')
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first.')
    .option('--color <when>', "ktl only: colour table output: 'auto' (when stdout is a terminal and NO_COLOR is unset), 'always' or 'never'.")
    .action(
      action(async (args: string[], opts: Flags, c: Command) => {
        const o = await complete(app.ctx, app.globals(c), args, opts, commandPath(c));
        validate(o);
        const { runGet } = await import('./run.js');
        return runGet(o);
      }),
    );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--chunk-size': '500', '--server-print': 'true' });
}

async function complete(
  ctx: Context,
  flags: GlobalFlags,
  args: string[],
  opts: Flags,
  path: string,
): Promise<GetOptions> {
  const files = filenameFlags.toOptions(opts);
  const rawChunk = opts.chunkSize ?? '500';
  const chunkSize = Number(rawChunk);
  if (!/^-?\d+$/.test(rawChunk)) {
    throw new FlagValueError(rawChunk, '--chunk-size', `strconv.ParseInt: parsing "${rawChunk}": invalid syntax`);
  }
  // an empty --raw is no --raw (kubectl tests its length)
  const raw = opts.raw === '' ? undefined : opts.raw;
  if (raw !== undefined && opts.output !== undefined) throw new PreConfigError('--raw and --output are mutually exclusive');
  if (args.length === 0 && files.filenames.length === 0 && raw === undefined) {
    // kubectl's Complete has read the kubeconfig before this check: its fault comes first
    await (await import('../../config/rest-config.js')).loadRestConfig(ctx, flags);
    await write(
      ctx.io.errOut,
      `You must specify the type of resource to get. Use "${ctx.binName} api-resources" for a complete list of supported resources.\n\n`,
    );
    throw new UsageError(
      `Required resource not specified.\nUse "${ctx.binName} explain <resource>" for a detailed description of that resource (e.g. ${ctx.binName} explain pods).`,
      path,
    );
  }
  return {
    ctx,
    flags,
    path,
    args,
    print: printFlags.toOptions(opts),
    files,
    select: selectorFlags.toOptions(opts),
    watch: !!opts.watch,
    watchOnly: !!opts.watchOnly,
    outputWatchEvents: !!opts.outputWatchEvents,
    ignoreNotFound: !!opts.ignoreNotFound,
    chunkSize,
    raw,
    subresource: opts.subresource,
    serverPrint: opts.serverPrint !== false,
    color: parseColorMode(opts.color),
  };
}

function validate(o: GetOptions): void {
  if (o.raw !== undefined) {
    if (o.args.length > 0) throw new KtlError('arguments may not be passed when --raw is specified');
    const why = requestUriError(o.raw);
    if (why !== undefined) throw new KtlError(`--raw must be a valid URL path: ${why}`);
    return;
  }
  if (o.outputWatchEvents && !(o.watch || o.watchOnly)) {
    throw new KtlError('--output-watch-events option can only be used with --watch or --watch-only');
  }
}
