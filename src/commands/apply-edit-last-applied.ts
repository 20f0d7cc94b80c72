/** `ktl apply edit-last-applied`: flags and help as kubectl 1.33's; the work is in src/apply/edit-last-applied.ts. */
import { Option, type Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { KtlError } from '../errors.js';
import { filenameOptions, FilenameFlags } from '../flags/filename.js';
import { parseValidate } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';

const LONG = `Edit the latest last-applied-configuration annotations of resources from the default editor.

 The edit-last-applied command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad' for Windows. You can edit multiple objects, although changes are applied one at a time. The command accepts file names as well as command-line arguments, although the files you point to must be previously saved versions of resources.

 The default format is YAML. To edit in JSON, specify "-o json".

 The flag --windows-line-endings can be used to force Windows line endings, otherwise the default for your operating system will be used.

 In the event an error occurs while updating, a temporary file will be created on disk that contains your unapplied changes. The most common error when updating a resource is another editor changing the resource on the server. When this occurs, you will have to apply your changes to the newer version of the resource, or update your temporary saved copy to include the latest resource version.`;

/** apply declares the same flags; Commander hands them to whichever command declares them first. */
function withParentOptions(own: Record<string, unknown>, c: Command): Flags {
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return { ...c.optsWithGlobals(), ...defined };
}

export function registerEditLastApplied(apply: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = apply
    .command('edit-last-applied')
    .summary('Edit latest last-applied-configuration annotations of a resource/object')
    .description(LONG)
    .usage('(RESOURCE/NAME | -f FILENAME) [options]')
    .argument('[args...]');
  addObjectPrintFlags(cmd);
  new FilenameFlags('to use to edit the resource').addTo(cmd);
  cmd
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default(undefined, "'kubectl-client-side-apply'"))
    .addOption(
      new Option(
        '--validate [mode]',
        'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
      ).default(undefined, "'strict'"),
    )
    .option('--windows-line-endings', 'Defaults to the line ending native to your platform.');
  withExamples(
    cmd,
    `  # Edit the last-applied-configuration annotations by type/name in YAML\n  ${bin} apply edit-last-applied deployment/nginx\n  \n  # Edit the last-applied-configuration annotations by file in JSON\n  ${bin} apply edit-last-applied -f deploy.yaml -o json`,
  );
  cmd.action(
    action(async (args: string[], own: Record<string, unknown>, c: Command) => {
      const opts = withParentOptions(own, c);
      const print = objectPrintOptions(opts);
      const files = filenameOptions(opts.filename ?? [], !!opts.recursive, opts.kustomize);
      if (args.length === 0 && files.filenames.length === 0) {
        throw new KtlError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      const { runEditLastApplied } = await import('../apply/edit-last-applied.js');
      return runEditLastApplied({
        ctx: app.ctx,
        factory: app.factory(c),
        args,
        ...files,
        print,
        fieldManager: opts.fieldManager ?? 'kubectl-client-side-apply',
        validate: parseValidate(opts.validate),
        windowsLineEndings: !!opts.windowsLineEndings,
      });
    }),
  );
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ filename: string[]; kustomize: string; fieldManager: string }>;
