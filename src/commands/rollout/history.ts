import type { Command } from 'commander';
import { action, withExamples, type App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import type { Clients } from '../../client/index.js';
import type { KubeObject } from '../../client/rest.js';
import type { Revision } from '../../rollout/history.js';
import type { ResourceInfo } from '../../resource/types.js';
import { parseIntFlag } from '../../mutate/flags.js';
import { refOf } from '../../mutate/output.js';
import { labelSelectorOf } from '../../mutate/selector.js';
import { pathAt } from '../../codec/value.js';
import { addTargetFlags, targetOptions, type TargetCommandOptions } from './session.js';
import { helpDefaults } from '../../flags/global.js';

export interface RolloutHistoryOptions extends TargetCommandOptions {
  revision: number;
}

const EXAMPLES = `  # View the rollout history of a deployment
  ktl rollout history deployment/abc

  # View the details of daemonset revision 3
  ktl rollout history daemonset/abc --revision=3`;

export function registerRolloutHistory(parent: Command, app: App): void {
  const cmd = parent
    .command('history')
    .description('View previous rollout revisions and configurations.')
    .summary('View rollout history')
    .usage('(TYPE NAME | TYPE/NAME) [flags]')
    .argument('[args...]')
    .option('--revision <n>', 'See the details, including podTemplate of the revision specified');
  addTargetFlags(cmd, { dryRun: false });
  helpDefaults(cmd, { '--revision': '0' });
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const o: RolloutHistoryOptions = targetOptions(app, c, args, opts, () => ({
        revision: parseIntFlag(opts.revision, '--revision', 0),
      }));
      if (o.revision < 0) throw new KtlError(`revision must be a positive integer: ${o.revision}`);
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
}

/** The revisions of a workload, read from its ReplicaSets or ControllerRevisions. */
export async function loadRevisions(clients: Clients, info: ResourceInfo): Promise<Revision[]> {
  const { resourcePath } = await import('../../client/index.js');
  const h = await import('../../rollout/history.js');
  const { noHistoryViewer } = await import('../../rollout/kinds.js');
  const obj: KubeObject = info.object ?? {};
  const labelSelector = h.selectorString(labelSelectorOf(pathAt(obj, 'spec', 'selector'))) || undefined;
  const namespace = info.namespace || undefined;
  const { group, kind } = info.mapping;
  if (group === 'apps' && kind === 'Deployment') {
    const list = await clients.rest.list(resourcePath({ group: 'apps', version: 'v1', resource: 'replicasets' }, { namespace }), {
      query: { labelSelector },
    });
    return h.deploymentRevisions(obj, withKind(list.items, 'apps/v1', 'ReplicaSet'));
  }
  if (group === 'apps' && (kind === 'DaemonSet' || kind === 'StatefulSet')) {
    const list = await clients.rest.list(resourcePath({ group: 'apps', version: 'v1', resource: 'controllerrevisions' }, { namespace }), {
      query: { labelSelector },
    });
    return h.controllerRevisions(obj, withKind(list.items, 'apps/v1', 'ControllerRevision'));
  }
  throw noHistoryViewer(group, kind);
}

function withKind(items: KubeObject[], apiVersion: string, kind: string): KubeObject[] {
  return items.map((i) => ({ apiVersion, kind, ...i }));
}

async function run(o: RolloutHistoryOptions): Promise<number> {
  const { inSession, eachInfo } = await import('./session.js');
  const { historyTable, findRevision, printedRevision } = await import('../../rollout/history.js');
  const { describePodTemplate } = await import('../../rollout/template.js');
  const { ObjectOutput } = await import('../../mutate/output.js');
  return inSession(o, { allowEmptySelector: true, resolveErrors: 'last' }, ({ clients, resolved }) => {
    const printer = new ObjectOutput(o.print, o.ctx.cwd, 'none');
    return eachInfo(resolved.infos, async (info) => {
      const revisions = await loadRevisions(clients, info);
      // -o given: the revisions themselves (kubectl's OutputFlagSpecified)
      if (o.print.output) {
        const chosen = o.revision > 0 ? [findRevision(revisions, o.revision)] : revisions;
        for (const r of chosen) await write(o.ctx.io.out, await printer.render(printedRevision(info.object!, r), '', false));
        return;
      }
      const text =
        o.revision > 0
          ? `with revision #${o.revision}\n${describePodTemplate(findRevision(revisions, o.revision).template)}`
          : historyTable(revisions);
      // --template alone: kubectl prints the workload itself through the template
      if (o.print.format) return void (await write(o.ctx.io.out, await printer.render(info.object!, '', false)));
      await write(o.ctx.io.out, `${refOf(info.object!)} ${text}\n`);
    });
  });
}
