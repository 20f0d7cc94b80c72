/**
 * `ktl describe`: flags and usage checks; the work is in src/describe/run.ts,
 * loaded only when describe runs.
 */
import { Option, type Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { KtlError, FlagValueError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import type { Opts } from '../flags/opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ chunkSize: string; selector: string }>;

const EXAMPLES = `  # Describe a node
  ktl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  ktl describe pods/nginx

  # Describe a pod identified by type and name in "pod.json"
  ktl describe -f pod.json

  # Describe all pods
  ktl describe pods

  # Describe pods by label name=myLabel
  ktl describe pods -l name=myLabel

  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  ktl describe pods frontend`;

const filenameFlags = new FilenameFlags('containing the resource to describe');

/** kubectl's AddChunkSizeFlag value check (an int64). */
export function parseChunkSize(raw: string | undefined): number {
  const text = raw ?? '500';
  if (!/^[+-]?\d+$/.test(text)) {
    throw new FlagValueError(text, '--chunk-size', `strconv.ParseInt: parsing "${text}": invalid syntax`);
  }
  return Number(text);
}

export function registerDescribe(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('describe')
    .description(
      `Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:\n\n        $ ${bin} describe TYPE NAME_PREFIX\n        \n will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.\n\nUse "${bin} api-resources" for a complete list of supported resources.`,
    )
    .summary('Show details of a specific resource or group of resources')
    .usage('(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]')
    .argument('[args...]');
  cmd.option(
    '-A, --all-namespaces',
    'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
  );
  cmd.addOption(
    new Option('--chunk-size <n>', 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.').default(
      '500',
      '500',
    ),
  );
  filenameFlags.addTo(cmd);
  cmd.option(
    '-l, --selector <selector>',
    "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
  );
  cmd.addOption(new Option('--show-events', 'If true, display events related to the described object.').default(true, 'true'));
  cmd.addOption(new Option('--no-show-events').hideHelp());
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const files = filenameFlags.toOptions(opts);
      const chunkSize = parseChunkSize(opts.chunkSize);
      if (args.length === 0 && files.filenames.length === 0) {
        throw new KtlError(
          `You must specify the type of resource to describe. Use "${bin} api-resources" for a complete list of supported resources.\n`,
        );
      }
      const { runDescribe } = await import('../describe/run.js');
      return runDescribe({
        ctx: app.ctx,
        factory: app.factory(c, { command: `${bin} describe` }),
        args,
        files,
        selector: opts.selector ?? '',
        allNamespaces: !!opts.allNamespaces,
        settings: { showEvents: opts.showEvents !== false, chunkSize },
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
}
