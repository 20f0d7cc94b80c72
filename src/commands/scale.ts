import type { Command } from 'commander';
import type { Opts } from '../flags/opts.js';
import { addRecordFlag, CHANGE_CAUSE_ANNOTATION, recordCause } from '../flags/record.js';
import { action, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import { durationValue, intValue, parseDurationFlag, parseIntFlag } from '../mutate/flags.js';
import { addTargetFlags, dryRunTargetOptions, type DryRunTargetOptions } from './rollout/session.js';
import { helpDefaults } from '../flags/global.js';

export interface ScaleOptions extends DryRunTargetOptions {
  replicas: number;
  currentReplicas: number;
  resourceVersion: string;
  timeoutMs: number;
  /** --record: kubernetes.io/change-cause, merge-patched after scaling (not as a dry run, as kubectl) */
  changeCause?: string;
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
    .description(
      'Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n Scale also allows users to specify one or more preconditions for the scale action.\n\n If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.',
    )
    .summary('Set a new size for a deployment, replica set, or replication controller')
    .usage('[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)')
    .argument('[args...]')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.', intValue('--current-replicas'))
    .requiredOption('--replicas <count>', 'The new desired number of replicas. Required.', intValue('--replicas'))
    .option('--resource-version <version>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a scale operation, zero means don\'t wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).', durationValue('--timeout'));
  addTargetFlags(cmd, { dryRun: true, filenameUsage: 'identifying the resource to set a new size' });
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const o = complete(app, c, args, opts);
      validate(o);
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--current-replicas': '-1', '--replicas': '0', '--timeout': '0s' });
}

function complete(app: App, c: Command, args: string[], opts: Opts<{ resourceVersion: string }>): ScaleOptions {
  return dryRunTargetOptions(app, c, args, opts, () => ({
    replicas: parseIntFlag(opts.replicas, '--replicas', -1),
    currentReplicas: parseIntFlag(opts.currentReplicas, '--current-replicas', -1),
    resourceVersion: opts.resourceVersion ?? '',
    timeoutMs: parseDurationFlag(opts.timeout, '--timeout', 0),
    changeCause: recordCause(c, opts, app.ctx.binName),
  }));
}

function validate(o: ScaleOptions): void {
  if (o.replicas < 0) throw new KtlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (o.currentReplicas < -1) throw new KtlError('The --current-replicas must specify an integer of -1 or greater');
}

async function run(o: ScaleOptions): Promise<number> {
  const { resourcePath } = await import('../client/index.js');
  const { inSession } = await import('./rollout/session.js');
  const { ObjectOutput } = await import('../mutate/output.js');
  const { scaleOne, waitForReplicas } = await import('../rollout/scale.js');
  const { ListError } = await import('../resource/list-error.js');
  // a list refused while the targets are found: kubectl's scale reports it as finding no objects
  const refusedList = (e: unknown) => {
    throw e instanceof ListError ? new KtlError(`no objects passed to scale ${e.message}`) : e;
  };
  return inSession(o, { allowEmptySelector: false, resolveErrors: 'first' }, async ({ clients, resolved }) => {
    const { infos, errors } = resolved;
    if (infos.length === 0) {
      const detail = errors.map((e) => (e instanceof Error ? e.message : String(e)));
      const suffix = detail.length === 0 ? '' : detail.length === 1 ? ` ${detail[0]}` : ` [${detail.join(', ')}]`;
      throw new KtlError(`no objects passed to scale${suffix}`);
    }
    if (o.resourceVersion && infos.length > 1) throw new KtlError('cannot use --resource-version with multiple resources');
    const printer = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
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
        if (o.changeCause !== undefined) {
          // kubectl's MakeRecordMergePatch against the object as read; a failure is only logged
          const same = info.object?.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] === o.changeCause;
          const patch = same ? '{}' : JSON.stringify({ metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: o.changeCause } } });
          await clients.rest.patch(resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name }), 'merge', patch).catch(() => undefined);
        }
      }
      // as kubectl: the object as it was read before scaling (also for a dry run)
      await write(o.ctx.io.out, await printer.render(info.object!, 'scaled', false));
    }
    // a failed object has already ended the command; only the resolver's errors remain
    return [];
  }).catch(refusedList);
}
