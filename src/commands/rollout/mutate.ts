/** rollout restart / pause / resume: one strategic patch per object, kubectl's messages. */
import type { Command } from 'commander';
import type { Opts } from '../../flags/opts.js';
import { action, withExamples, type App } from '../kit.js';
import { write } from '../../context.js';
import { addTargetFlags, targetOptions, type TargetCommandOptions } from './session.js';
import { addWaitReadyFlags, waitFlags, type ReadyTarget } from '../../wait/ready/run.js';
import { helpDefaults } from '../../flags/global.js';
import { messageOf } from '../../errors.js';

type Verb = 'restart' | 'pause' | 'resume';

const SPECS: Record<Verb, { summary: string; description: string; done: string; examples: string }> = {
  restart: {
    summary: 'Restart a resource',
    description: 'Restart a resource.\n\n        Resource rollout will be restarted.',
    done: 'restarted',
    examples: `  # Restart all deployments in the test-namespace namespace
  ktl rollout restart deployment -n test-namespace

  # Restart a deployment
  ktl rollout restart deployment/nginx

  # Restart a daemon set
  ktl rollout restart daemonset/abc

  # Restart deployments with the app=nginx label
  ktl rollout restart deployment --selector=app=nginx`,
  },
  pause: {
    summary: 'Mark the provided resource as paused',
    description:
      'Mark the provided resource as paused.\n\n Paused resources will not be reconciled by a controller. Use "ktl rollout resume" to resume a paused resource. Currently only deployments support being paused.',
    done: 'paused',
    examples: `  # Mark the nginx deployment as paused
  # Any current state of the deployment will continue its function; new updates
  # to the deployment will not have an effect as long as the deployment is paused
  ktl rollout pause deployment/nginx`,
  },
  resume: {
    summary: 'Resume a paused resource',
    description: 'Resume a paused resource.\n\n Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.',
    done: 'resumed',
    examples: `  # Resume an already paused deployment
  ktl rollout resume deployment/nginx`,
  },
};

export interface RolloutMutationOptions extends TargetCommandOptions {
  verb: Verb;
  fieldManager: string;
  /** ktl: restart --wait[=TIMEOUT] / --wait-ready: wait until the restarted workloads are ready */
  readyTimeoutMs?: number;
}

export function registerRolloutMutations(parent: Command, app: App): void {
  const verbs: readonly Verb[] = ['pause', 'restart', 'resume'];
  for (const verb of verbs) {
    const spec = SPECS[verb];
    const cmd = parent
      .command(verb)
      .description(spec.description)
      .summary(spec.summary)
      .usage('RESOURCE')
      .argument('[args...]')
      .option('--field-manager <name>', 'Name of the manager used to track field ownership.');
    addTargetFlags(cmd, { dryRun: false });
    if (verb === 'restart') addWaitReadyFlags(cmd, { waitToo: true });
    helpDefaults(cmd, { '--field-manager': "'kubectl-rollout'" });
    cmd.action(
      action(async (args: string[], opts: Opts<{ fieldManager: string }>, c: Command) =>
        run(
          targetOptions(app, c, args, opts, () => ({
            verb,
            fieldManager: opts.fieldManager ?? 'kubectl-rollout',
            readyTimeoutMs: verb === 'restart' ? waitFlags(opts, { kubectlWait: false }).readyTimeoutMs : undefined,
          })),
        ),
      ),
    );
    withExamples(cmd, spec.examples);
  }
}

async function run(o: RolloutMutationOptions): Promise<number> {
  const { inSession, eachInfo } = await import('./session.js');
  const { PrefixedError } = await import('../../errors.js');
  const { resourcePath, groupResource } = await import('../../client/index.js');
  const { ObjectOutput } = await import('../../mutate/output.js');
  const m = await import('../../rollout/mutations.js');
  return inSession(o, { allowEmptySelector: true, resolveErrors: 'first' }, async ({ clients, resolved }) => {
    const printer = new ObjectOutput(o.print, o.ctx.cwd, 'none');
    const written: ReadyTarget[] = [];
    const failures = await eachInfo(resolved.infos, async (info) => {
      const { group, kind } = info.mapping;
      let patch: object;
      try {
        patch =
          o.verb === 'pause'
            ? m.pausePatch(group, kind, info.object)
            : o.verb === 'resume'
              ? m.resumePatch(group, kind, info.object)
              : m.restartPatch(group, kind, info.object, o.ctx.now());
      } catch (err) {
        throw new PrefixedError(`${groupResource(info.mapping)} ${JSON.stringify(info.name)} ${messageOf(err)}`);
      }
      const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name });
      const updated = await clients.rest.patch(path, 'strategic', patch, { fieldManager: o.fieldManager });
      written.push({ mapping: info.mapping, namespace: info.namespace, name: info.name, object: updated });
      await write(o.ctx.io.out, await printer.render(updated, SPECS[o.verb].done, false));
    });
    if (o.readyTimeoutMs !== undefined && failures.length === 0 && resolved.errors.length === 0) {
      const { waitUntilReady } = await import('../../wait/ready/run.js');
      await waitUntilReady(o.ctx, clients.rest, written, o.readyTimeoutMs);
    }
    return failures;
  });
}
