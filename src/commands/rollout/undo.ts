import type { Command } from 'commander';
import { action, withExamples, type App } from '../../cli.js';
import type { Context } from '../../context.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import type { GlobalFlags } from '../../flags/global.js';
import { addDryRunFlag, addFilenameFlags, addOutputFlags, addSelectorFlag, parseIntFlag, refuseKustomize } from './common.js';
import { dryRunSuffix, parseDryRun, parseOutput, ObjectPrinter, type DryRun } from './output.js';
import { targetFlags, type TargetFlags } from './session.js';

export interface RolloutUndoOptions {
  ctx: Context;
  flags: GlobalFlags;
  target: TargetFlags;
  toRevision: number;
  dryRun: DryRun;
  output: '' | 'name' | 'json' | 'yaml';
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
  addFilenameFlags(cmd, 'get from a server');
  addSelectorFlag(cmd);
  addDryRunFlag(cmd);
  addOutputFlags(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      refuseKustomize(opts);
      return run({
        ctx: app.ctx,
        flags: app.globals(c),
        target: targetFlags(args, opts),
        toRevision: parseIntFlag('to-revision', opts.toRevision, 0),
        dryRun: parseDryRun(opts.dryRun),
        output: parseOutput(opts.output as string | undefined),
      });
    }),
  );
  withExamples(cmd, EXAMPLES);
}

async function run(o: RolloutUndoOptions): Promise<number> {
  const { openSession } = await import('./session.js');
  const { finish } = await import('./report.js');
  const { loadRevisions } = await import('./history.js');
  const { resourcePath } = await import('../../client/index.js');
  const undo = await import('../../rollout/undo.js');
  const { describePodTemplate } = await import('../../rollout/template.js');
  const { clients, resolved } = await openSession(o.ctx, o.flags, 'rollout undo', o.target, { typeAloneMeansAll: true });
  const failures: unknown[] = [];
  try {
    const printer = new ObjectPrinter(o.output);
    for (const info of resolved.infos) {
      try {
        const { group, kind } = info.mapping;
        const isDeployment = group === 'apps' && kind === 'Deployment';
        if (!isDeployment && !(group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet'))) {
          throw new KtlError(`no rollbacker has been implemented for ${JSON.stringify({ Group: group, Kind: kind })}`);
        }
        const revisions = await loadRevisions(clients, info);
        let operation: string;
        if (o.dryRun === 'client') {
          const target = isDeployment
            ? undo.deploymentUndoTarget(info.object!, revisions, o.toRevision)
            : undo.controllerRevisionUndoTarget(revisions, o.toRevision);
          const template = isDeployment ? (target.source as { spec?: { template?: unknown } }).spec?.template : target.template;
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
        await write(o.ctx.io.out, await printer.print(info, info.object, `${operation}${dryRunSuffix(o.dryRun)}`));
      } catch (err) {
        failures.push(err);
      }
    }
    failures.push(...resolved.errors);
    return finish(o.ctx.io, failures);
  } finally {
    clients.close();
  }
}
