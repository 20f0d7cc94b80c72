import type { Command } from 'commander';
import { action, commandPath, withExamples, type App } from '../cli.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import {
  addDryRunFlag,
  addFilenameFlags,
  addOutputFlags,
  addSelectorFlag,
  parseDurationFlag,
  parseIntFlag,
  refuseKustomize,
} from './rollout/common.js';
import { dryRunSuffix, parseDryRun, parseOutput, ObjectPrinter, type DryRun } from './rollout/output.js';

export interface ScaleOptions {
  ctx: Context;
  flags: GlobalFlags;
  args: string[];
  replicas: number;
  currentReplicas: number;
  resourceVersion: string;
  all: boolean;
  selector: string;
  filenames: string[];
  recursive: boolean;
  timeoutMs: number;
  dryRun: DryRun;
  output: '' | 'name' | 'json' | 'yaml';
  path: string;
}

const EXAMPLES = `  # Scale a replica set named 'foo' to 3
  ktl scale --replicas=3 rs/foo

  # Scale a resource identified by type and name specified in "foo.yaml" to 3
  ktl scale --replicas=3 -f foo.yaml

  # If the deployment named mysql's current size is 2, scale mysql to 3
  ktl scale --current-replicas=2 --replicas=3 deployment/mysql

  # Scale multiple replication controllers
  ktl scale --replicas=5 rc/example1 rc/example2 rc/example3

  # Scale stateful set named 'web' to 3
  ktl scale --replicas=3 statefulset/web`;

export function registerScale(program: Command, app: App): void {
  const cmd = program
    .command('scale')
    .description('Set a new size for a deployment, replica set, replication controller, or stateful set.')
    .summary('Set a new size for a deployment, replica set, or replication controller')
    .usage('[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)')
    .argument('[args...]')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.')
    .requiredOption('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--resource-version <version>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a scale operation, zero means don\'t wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).');
  addFilenameFlags(cmd, 'set a new size');
  addSelectorFlag(cmd);
  addDryRunFlag(cmd);
  addOutputFlags(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const o = complete(app.ctx, app.globals(c), args, opts, commandPath(c));
      validate(o);
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
}

function complete(ctx: Context, flags: GlobalFlags, args: string[], opts: Record<string, unknown>, path: string): ScaleOptions {
  refuseKustomize(opts);
  return {
    ctx,
    flags,
    args,
    replicas: parseIntFlag('replicas', opts.replicas, -1),
    currentReplicas: parseIntFlag('current-replicas', opts.currentReplicas, -1),
    resourceVersion: (opts.resourceVersion as string | undefined) ?? '',
    all: !!opts.all,
    selector: (opts.selector as string | undefined) ?? '',
    filenames: (opts.filename as string[] | undefined) ?? [],
    recursive: !!opts.recursive,
    timeoutMs: parseDurationFlag('timeout', opts.timeout, 0),
    dryRun: parseDryRun(opts.dryRun),
    output: parseOutput(opts.output as string | undefined),
    path,
  };
}

function validate(o: ScaleOptions): void {
  if (o.replicas < 0) throw new KtlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (o.currentReplicas < -1) throw new KtlError('The --current-replicas must specify an integer of -1 or greater');
}

async function run(o: ScaleOptions): Promise<number> {
  const { connect, resourcePath } = await import('../client/index.js');
  const { resolveArgs, groupResourceOf } = await import('./rollout/args.js');
  const { finish } = await import('./rollout/report.js');
  const { scaleOne, waitForReplicas } = await import('../rollout/scale.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} scale` });
  try {
    const { infos, errors } = await resolveArgs(clients, o.args, {
      namespace: clients.config.namespace,
      selector: o.selector,
      all: o.all,
      filenames: o.filenames,
      recursive: o.recursive,
      latest: true,
      binName: o.ctx.binName,
      cwd: o.ctx.cwd,
    });
    if (infos.length === 0) {
      const detail = errors.map((e) => (e instanceof Error ? e.message : String(e)));
      const suffix = detail.length === 0 ? '' : detail.length === 1 ? ` ${detail[0]}` : ` [${detail.join(', ')}]`;
      throw new KtlError(`no objects passed to scale${suffix}`);
    }
    if (o.resourceVersion && infos.length > 1) throw new KtlError('cannot use --resource-version with multiple resources');
    const printer = new ObjectPrinter(o.output);
    const failures: unknown[] = [...errors];
    for (const info of infos) {
      const scalePath = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name, subresource: 'scale' });
      if (o.dryRun !== 'client') {
        await scaleOne(clients.rest, scalePath, {
          replicas: o.replicas,
          currentReplicas: o.currentReplicas,
          resourceVersion: o.resourceVersion,
          serverDryRun: o.dryRun === 'server',
        });
        if (o.timeoutMs > 0 && o.dryRun === 'none') {
          await waitForReplicas(clients.rest, scalePath, o.replicas, info.name, o.timeoutMs);
        }
      }
      let obj = info.object;
      if (o.output === 'json' || o.output === 'yaml') {
        if (o.dryRun === 'client') obj = withReplicas(obj, o.replicas);
        else obj = await clients.rest.getJson(resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name }));
      }
      void groupResourceOf;
      await write(o.ctx.io.out, await printer.print(info, obj, `scaled${dryRunSuffix(o.dryRun)}`));
    }
    return finish(o.ctx.io, failures);
  } finally {
    clients.close();
  }
}

function withReplicas<T>(obj: T, replicas: number): T {
  const c = JSON.parse(JSON.stringify(obj ?? {}));
  c.spec ??= {};
  c.spec.replicas = replicas;
  return c;
}
