import { Option, type Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { formatError } from '../errors-format.js';
import { ConfigError, FlagValueError, KtlError, UsageError } from '../errors.js';
import { filenameOptions } from '../flags/filename.js';
import { collectList, collectRaw, parseIntFlag } from '../mutate/flags.js';
import type { Opts } from '../flags/opts.js';
import { isRecord } from '../codec/value.js';
import type {} from '../flags/commander-ext.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; filename: string[]; kustomize: string; pruneAllowlist: string[]; selector: string }>;

const DESCRIPTION = `Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.

 The output is always YAML.

 KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. Users can use external commands with params too, example: KUBECTL_EXTERNAL_DIFF="colordiff -N -u"

 By default, the "diff" command available in your path will be run with the "-u" (unified diff) and "-N" (treat absent files as empty) options.

 Exit status: 0 No differences were found. 1 Differences were found. >1 Kubectl or diff failed with an error.

 Note: KUBECTL_EXTERNAL_DIFF, if used, is expected to follow that convention.`;

const EXAMPLES = `  # Diff resources included in pod.json
  ktl diff -f pod.json

  # Diff file read from stdin
  cat service.yaml | ktl diff -f -`;

/**
 * kubectl diff exits 1 when differences are found, so its own failures
 * (flags included) exit one higher than elsewhere: 2.
 */
export const DIFF_EXIT_OFFSET = 1;

export function registerDiff(program: Command, app: App): void {
  const cmd = program
    .command('diff')
    .description(DESCRIPTION)
    .summary('Diff the live version against a would-be applied version')
    .usage('-f FILENAME [options]')
    .argument('[args...]')
    .addOption(new Option('--concurrency <n>', 'Number of objects to process in parallel when diffing against the live version. Larger number = faster, but more memory, I/O and CPU over that shorter period of time.').default(undefined, '1'))
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, "'kubectl-client-side-apply'"))
    .addOption(new Option('-f, --filename <file>', 'Filename, directory, or URL to files contains the configuration to diff').argParser(collectList).default(undefined, '[]'))
    .option('--force-conflicts', 'If true, server-side apply will force the changes against conflicts.')
    .option('-k, --kustomize <dir>', "Process the kustomization directory. This flag can't be used together with -f or -R.")
    .option('--prune', 'Include resources that would be deleted by pruning. Can be used with -l and default shows all resources would be pruned')
    .addOption(new Option('--prune-allowlist <gvk>', 'Overwrite the default allowlist with <group/version/kind> for --prune').argParser(collectRaw).default(undefined, '[]'))
    .option('-R, --recursive', 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.")
    .option('--server-side', 'If true, apply runs in the server instead of the client.')
    .option('--show-managed-fields', 'If true, include managed fields in the diff.');
  cmd.exitOffset = DIFF_EXIT_OFFSET;
  cmd.flagErrorsAsUsage = true;
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const ctx = app.ctx;
      try {
        // a flag value pflag refuses comes first (cli words it with diff's footer and exit code)
        const concurrency = parseIntFlag(opts.concurrency, '--concurrency', 1);
        if (args.length) throw new UsageError(`Unexpected args: [${args.join(' ')}]`, commandPath(c));
        const files = filenameOptions(opts.filename ?? [], !!opts.recursive, opts.kustomize);
        if (files.filenames.length === 0) throw new KtlError('must specify one of -f and -k');
        const serverSide = !!opts.serverSide;
        const forceConflicts = !!opts.forceConflicts;
        if (forceConflicts && !serverSide) throw new KtlError('--force-conflicts only works with --server-side');
        const pruneAllowlist = opts.pruneAllowlist ?? [];
        for (const e of pruneAllowlist) {
          if (e.split('/').length !== 3) throw new KtlError(`invalid GroupVersionKind format: ${e}, please follow <group/version/kind>`);
        }
        const { runDiff } = await import('../diff/run.js');
        return await runDiff({
          ctx,
          factory: app.factory(c),
          ...files,
          serverSide,
          forceConflicts,
          fieldManager: opts.fieldManager ?? (serverSide ? 'kubectl' : 'kubectl-client-side-apply'),
          showManagedFields: !!opts.showManagedFields,
          concurrency,
          selector: opts.selector ?? '',
          prune: !!opts.prune,
          pruneAllowlist,
          env: process.env,
        });
      } catch (err) {
        if (err instanceof FlagValueError) throw err;
        // a -f document deeper than this stack takes: run() has the line run again on a larger one
        if (ctx.rerunOnLargerStack && isRecord(err) && err.deepDocument === true) throw err;
        // kubectl's CheckDiffErr: its usual text, exit code + 1
        const shown =
          err instanceof ConfigError && err.forms
            ? (await import('../config/lookup-order.js')).configErrorFor(err, 'diff', { namespaceFlag: !!app.globals(c).namespace })
            : err;
        const { text, code } = formatError(shown, { binName: ctx.binName, verbosity: 0 });
        if (text) await write(ctx.io.errOut, text.endsWith('\n') ? text : text + '\n');
        return code + DIFF_EXIT_OFFSET;
      }
    }),
  );
  withExamples(cmd, EXAMPLES);
}
