/**
 * `ktl edit (RESOURCE/NAME | -f FILENAME)`: edit objects in $KUBE_EDITOR /
 * $EDITOR and apply the changes as patches. The work is in src/edit/run.ts.
 */
import { addRecordFlag, recordCause } from '../flags/record.js';
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { KtlError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { parseValidate, SAVE_CONFIG_HELP, VALIDATE_HELP } from '../mutate/flags.js';
import type { EditOptions } from '../edit/run.js';
import { helpDefaults } from '../flags/global.js';
import { isBulk } from '../resource/args.js';

const EXAMPLES = `  # Edit the service named 'registry'
  ktl edit svc/registry

  # Use an alternative editor
  KUBE_EDITOR="nano" ktl edit svc/registry

  # Edit the job 'myjob' in JSON using the v1 API format
  ktl edit job.v1.batch/myjob -o json

  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation
  ktl edit deployment/mydeployment -o yaml --save-config

  # Edit the 'status' subresource for the 'mydeployment' deployment
  ktl edit deployment mydeployment --subresource='status'`;

export function registerEdit(program: Command, app: App): void {
  const cmd = program
    .command('edit')
    .summary('Edit a resource on the server')
    .description(
      `Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.

 You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.

 Editing is done with the API version used to fetch the resource. To edit using a specific API version, fully-qualify the resource, version, and group.

 The default format is YAML. To edit in JSON, specify "-o json".

 The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.

 In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.`,
    )
    .usage('(RESOURCE/NAME | -f FILENAME)')
    .argument('[args...]');
  new FilenameFlags('to use to edit the resource').addTo(cmd);
  cmd
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--output-patch', 'Output the patch if the resource is edited.')
    .option('--save-config', SAVE_CONFIG_HELP)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--subresource <name>', 'If specified, edit will operate on the subresource of the requested object.')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--validate [mode]', VALIDATE_HELP)
    .option('--windows-line-endings', 'Defaults to the line ending native to your platform.');
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const ctx = app.ctx;
      const files = new FilenameFlags().toOptions(opts);
      const output = opts.output ?? 'yaml';
      if (output !== 'yaml' && output !== 'json') throw new KtlError(`the flag 'output' must be one of yaml|json`);
      const subresource = opts.subresource || undefined;
      // types without names: cli-runtime's selector visit refuses a subresource
      if (subresource && isBulk(args, files.filenames)) {
        throw new KtlError('subresource cannot be used when bulk resources are specified');
      }
      if (args.length === 0 && files.filenames.length === 0) {
        throw new KtlError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      const o: EditOptions = {
        ctx,
        factory: app.factory(c),
        args,
        ...files,
        format: output,
        outputPatch: !!opts.outputPatch,
        saveConfig: !!opts.saveConfig,
        fieldManager: opts.fieldManager ?? 'kubectl-edit',
        validate: parseValidate(opts.validate),
        subresource,
        showManagedFields: !!opts.showManagedFields,
        printObjects: opts.output !== undefined,
        windowsLineEndings: !!opts.windowsLineEndings,
        changeCause: recordCause(c, opts, ctx.binName),
      };
      const { runEdit } = await import('../edit/run.js');
      return runEdit(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--field-manager': "'kubectl-edit'", '--validate': "'strict'" });
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ output: string; subresource: string; fieldManager: string }>;
