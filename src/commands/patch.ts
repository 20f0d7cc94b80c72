/**
 * `ktl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]`:
 * strategic (default), merge or json patches. The work is in
 * src/mutate/patch-run.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { addRecordFlag, recordCause } from '../flags/record.js';
import { KtlError, messageOf, errnoCode } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { parseDryRun } from '../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import type { PatchOptions } from '../mutate/patch-run.js';
import { readFileCapped } from '../read-capped.js';
import type { Opts } from '../flags/opts.js';
import { helpDefaults } from '../flags/global.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; patch: string; subresource: string; type: string }>;

const EXAMPLES = `  # Partially update a node using a strategic merge patch, specifying the patch as JSON
  ktl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

  # Partially update a node using a strategic merge patch, specifying the patch as YAML
  ktl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'

  # Partially update a node identified by the type and name specified in "node.json" using strategic merge patch
  ktl patch -f node.json -p '{"spec":{"unschedulable":true}}'

  # Update a container's image; spec.containers[*].name is required because it's a merge key
  ktl patch pod valid-pod -p '{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}'

  # Update a container's image using a JSON patch with positional arrays
  ktl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'

  # Update a deployment's replicas through the 'scale' subresource using a merge patch
  ktl patch deployment nginx-deployment --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'`;

export function registerPatch(program: Command, app: App): void {
  const cmd = program
    .command('patch')
    .summary('Update fields of a resource')
    .description('Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.\n\n Note: Strategic merge patch is not supported for custom resources.')
    .usage('(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]')
    .argument('[args...]');
  new FilenameFlags('identifying the resource to update').addTo(cmd);
  addObjectPrintFlags(cmd);
  cmd
    .option('-p, --patch <patch>', 'The patch to be applied to the resource JSON file.')
    .option('--patch-file <file>', 'A file containing a patch to be applied to the resource.')
    .option('--type <type>', 'The type of patch being provided; one of [json merge strategic]')
    .option('--local', 'If true, patch will operate on the content of the file, not the server-side resource.')
    .option('--subresource <name>', "If specified, patch will operate on the subresource of the requested object.")
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.');
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const ctx = app.ctx;
      const files = new FilenameFlags().toOptions(opts);
      const type = opts.type ?? 'strategic';
      if (type !== 'json' && type !== 'merge' && type !== 'strategic') throw new KtlError(`--type must be one of [json merge strategic], not "${type}"`);
      const print = objectPrintOptions(opts);
      const dryRun = parseDryRun(opts.dryRun, (s) => void ctx.io.errOut.write(s));
      const local = !!opts.local;
      if (opts.patch !== undefined && opts.patchFile !== undefined) throw new KtlError('cannot specify --patch and --patch-file together');
      let patchText = opts.patch ?? '';
      if (opts.patchFile !== undefined) {
        const f = String(opts.patchFile);
        try {
          patchText = (await readFileCapped(path.resolve(ctx.cwd, f), f)).toString('utf8');
        } catch (err) {
          const code = errnoCode(err);
          if (err instanceof KtlError) throw err;
          throw new KtlError(`unable to read patch file: open ${f}: ${code === 'ENOENT' ? 'no such file or directory' : messageOf(err)}`);
        }
      }
      if (patchText === '') throw new KtlError('must specify --patch or --patch-file containing the contents of the patch');
      if (local && args.length > 0) throw new KtlError('cannot specify --local and server resources');
      if (local && dryRun === 'server') throw new KtlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
      if (!local && args.length === 0 && files.filenames.length === 0) {
        throw new KtlError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      if (!local && files.filenames.length === 0 && args.length === 1 && !args[0]!.includes('/')) {
        throw new KtlError('resource(s) were provided, but no name was specified');
      }
      const o: PatchOptions = {
        ctx,
        factory: app.factory(c),
        args,
        ...files,
        selector: '',
        fieldSelector: '',
        all: false,
        allNamespaces: false,
        subresource: opts.subresource || undefined,
        patchText,
        type,
        local,
        dryRun,
        print,
        fieldManager: opts.fieldManager ?? 'kubectl-patch',
        changeCause: recordCause(c, opts, ctx.binName),
      };
      const { runPatch } = await import('../mutate/patch-run.js');
      return runPatch(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--dry-run': "'none'", '--field-manager': "'kubectl-patch'", '--type': "'strategic'" });
}
