import type { Command } from 'commander';
import { action, withExamples, type App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { parseIntFlag } from '../../mutate/flags.js';
import { addTargetFlags, dryRunTargetOptions, type DryRunTargetOptions } from './session.js';
import { helpDefaults } from '../../flags/global.js';

export interface RolloutUndoOptions extends DryRunTargetOptions {
  toRevision: number;
}

const EXAMPLES = `  # Roll back to the previous deployment
  ktl rollout undo deployment/abc

  # Roll back to daemonset revision 3
  ktl rollout undo daemonset/abc --to-revision=3

  # Roll back to the previous deployment with dry-run
  ktl rollout undo --dry-run=server deployment/abc`;

export function registerRolloutUndo(parent: Command, app: App): void {
  const cmd = parent
    .command('undo')
    .description('Roll back to a previous rollout.')
    .summary('Undo a previous rollout')
    .usage('(TYPE NAME | TYPE/NAME) [flags]')
    .argument('[args...]')
    .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).');
  addTargetFlags(cmd, { dryRun: true });
  helpDefaults(cmd, { '--to-revision': '0' });
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) =>
      run(dryRunTargetOptions(app, c, args, opts, () => ({ toRevision: parseIntFlag(opts.toRevision, '--to-revision', 0) }))),
    ),
  );
  withExamples(cmd, EXAMPLES);
}

async function run(o: RolloutUndoOptions): Promise<number> {
  const { inSession, eachInfo } = await import('./session.js');
  const { loadRevisions } = await import('./history.js');
  const { resourcePath } = await import('../../client/index.js');
  const undo = await import('../../rollout/undo.js');
  const { describePodTemplate } = await import('../../rollout/template.js');
  const { templateIn } = await import('../../rollout/history.js');
  const { ObjectOutput } = await import('../../mutate/output.js');
  const { noRollbacker } = await import('../../rollout/kinds.js');
  return inSession(o, { allowEmptySelector: true, resolveErrors: 'last' }, ({ clients, resolved }) => {
    const printer = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
    return eachInfo(resolved.infos, async (info) => {
      const { group, kind } = info.mapping;
      const isDeployment = group === 'apps' && kind === 'Deployment';
      if (!isDeployment && !(group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet'))) {
        throw noRollbacker(group, kind);
      }
      const revisions = await loadRevisions(clients, info);
      let operation: string;
      if (o.dryRun === 'client') {
        const target = isDeployment
          ? undo.deploymentUndoTarget(info.object!, revisions, o.toRevision)
          : undo.controllerRevisionUndoTarget(revisions, o.toRevision);
        const template = isDeployment ? templateIn(target.source) : target.template;
        // kubectl words the DaemonSet/StatefulSet preview differently
        operation = isDeployment ? describePodTemplate(template) : `will roll back to ${describePodTemplate(template)}`;
      } else {
        const plan = isDeployment
          ? undo.planDeploymentUndo(info.object!, revisions, o.toRevision)
          : undo.planControllerRevisionUndo(info.object!, revisions, o.toRevision);
        if (plan.kind === 'skip') operation = plan.message;
        else {
          const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name });
          await clients.rest.patch(path, plan.patchType, plan.patch, o.dryRun === 'server' ? { dryRun: 'All' } : undefined);
          operation = 'rolled back';
        }
      }
      await write(o.ctx.io.out, await printer.render(info.object!, operation, false));
    });
  });
}
