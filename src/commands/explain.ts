import { Option, type Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import type { Opts } from '../flags/opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ apiVersion: string; output: string }>;

const EXAMPLES = `  # Get the documentation of the resource and its fields
  ktl explain pods

  # Get all the fields in the resource
  ktl explain pods --recursive

  # Get the explanation for deployment in supported api versions
  ktl explain deployments --api-version=apps/v1

  # Get the documentation of a specific field of a resource
  ktl explain pods.spec.containers

  # Get the documentation of resources in different format
  ktl explain deployment --output=plaintext-openapiv2`;

export function registerExplain(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('explain')
    .description(
      `Describe fields and structure of various resources.\n\n This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n        <type>.<fieldName>[.<fieldName>]\n        \n Information about each field is retrieved from the server in OpenAPI format.\n\nUse "${bin} api-resources" for a complete list of supported resources.`,
    )
    .summary('Get documentation for a resource')
    .usage('TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]')
    .argument('[args...]')
    .option('--api-version <group/version>', 'Get different explanations for particular API version (API group/version)')
    .addOption(new Option('--output <format>', 'Format in which to render the schema (plaintext, plaintext-openapiv2)').default(undefined, "'plaintext'"))
    .option('--recursive', 'Print the fields of fields (Currently only 1 level deep)');
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const f = app.factory(c);
      if (args.length === 0) {
        throw new KtlError(`You must specify the type of resource to explain. Use "${bin} api-resources" for a complete list of supported resources.`);
      }
      if (args.length > 1) throw new KtlError('We accept only this format: explain RESOURCE');
      const { runExplain } = await import('../explain/run.js');
      await runExplain({
        factory: f,
        out: (s) => write(f.io.out, s),
        err: (s) => write(f.io.errOut, s),
        arg: args[0]!,
        apiVersion: opts.apiVersion ?? '',
        output: opts.output ?? 'plaintext',
        recursive: !!opts.recursive,
      });
      return 0;
    }),
  );
  withExamples(cmd, EXAMPLES);
}
