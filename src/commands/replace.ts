/**
 * `ktl replace -f FILENAME`: PUT each object from the manifests, or with
 * --force delete, wait until gone and create. The work is in
 * src/mutate/replace-run.ts.
 */
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { KtlError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { parseCascadeFlag, parseDryRun, parseDurationFlag, parseIntFlag, parseValidate, SAVE_CONFIG_HELP, VALIDATE_HELP } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import type { ReplaceOptions } from '../mutate/replace-run.js';
import { addWaitReadyFlags, kubectlWaitOption, waitFlags } from '../wait/ready/run.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults, helpTexts } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; subresource: string }>;

const EXAMPLES = `  # Replace a pod using the data in pod.json
  ktl replace -f ./pod.json

  # Replace a pod based on the JSON passed into stdin
  cat pod.json | ktl replace -f -

  # Update a single-container pod's image version (tag) to v4
  ktl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | ktl replace -f -

  # Force replace, delete and then re-create the resource
  ktl replace --force -f ./pod.json`;

export function registerReplace(program: Command, app: App): void {
  const cmd = program
    .command('replace')
    .summary('Replace a resource by file name or stdin')
    .description(
      'Replace a resource by file name or stdin.\n\n JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be provided. This can be obtained by\n\n        $ ktl get TYPE NAME -o yaml',
    )
    .usage('-f FILENAME [options]')
    .argument('[args...]');
  new FilenameFlags('that contain the configurations to replace.').addTo(cmd);
  addObjectPrintFlags(cmd);
  cmd
    .option('--cascade [mode]', 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.')
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).')
    .option('--save-config', SAVE_CONFIG_HELP)
    .option('--subresource <name>', 'If specified, replace will operate on the subresource of the requested object.')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object')
    .option('--validate [mode]', VALIDATE_HELP)
    .addOption(kubectlWaitOption('If true, wait for resources to be gone before returning. This waits for finalizers.'));
  addWaitReadyFlags(cmd, { waitToo: false });
  cmd.option('--raw <uri>', 'Raw URI to PUT to the server.  Uses the transport specified by the kubeconfig file.');
  cmd.action(
    action(async (_args: string[], opts: Flags, c: Command) => {
      const ctx = app.ctx;
      const files = new FilenameFlags().toOptions(opts);
      const print = objectPrintOptions(opts);
      const dryRun = parseDryRun(opts.dryRun, (s) => void ctx.io.errOut.write(s));
      const cascade = parseCascadeFlag(opts.cascade, (s) => void ctx.io.errOut.write(s));
      const force = !!opts.force;
      let gracePeriod = parseIntFlag(opts.gracePeriod, '--grace-period', -1);
      const timeoutMs = parseDurationFlag(opts.timeout, '--timeout');
      const validate = parseValidate(opts.validate);
      // kubectl's Validate, in its order
      if (gracePeriod >= 0 && !force) throw new KtlError('--grace-period must have --force specified');
      if (timeoutMs !== 0 && !force) throw new KtlError('--timeout must have --force specified');
      if (force && dryRun !== 'none') throw new KtlError('--dry-run can not be used when --force is set');
      if (files.filenames.length === 0) throw new KtlError('must specify one of -f and -k');
      if (opts.raw !== undefined) {
        const { validateRaw, sendRaw } = await import('../mutate/raw.js');
        validateRaw(String(opts.raw), { ...files, output: print.output });
        const { connect } = await import('../client/index.js');
        const clients = await connect(ctx, app.globals(c), { command: `${ctx.binName} replace` });
        try {
          return await sendRaw(ctx, clients, 'PUT', String(opts.raw), files.filenames);
        } finally {
          clients.close();
        }
      }
      // 0 would be a force deletion; kubectl turns it into 1
      if (gracePeriod === 0) gracePeriod = 1;
      const o: ReplaceOptions = {
        ctx,
        flags: app.globals(c),
        ...files,
        print,
        dryRun,
        force,
        cascade,
        gracePeriod,
        timeoutMs,
        validate,
        saveConfig: !!opts.saveConfig,
        fieldManager: opts.fieldManager ?? 'kubectl-replace',
        subresource: opts.subresource || undefined,
        readyTimeoutMs: waitFlags(opts, { kubectlWait: true }).readyTimeoutMs,
      };
      const { runReplace } = await import('../mutate/replace-run.js');
      return runReplace(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpTexts(cmd, {
    '--filename': 'The files that contain the configurations to replace.',
    '--kustomize': "Process a kustomization directory. This flag can't be used together with -f or -R.",
  });
  helpDefaults(cmd, { '--cascade': "'background'", '--dry-run': "'none'", '--field-manager': "'kubectl-replace'", '--grace-period': '-1', '--timeout': '0s', '--validate': "'strict'" });
}
