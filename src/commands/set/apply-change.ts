/**
 * The loop every `set` subcommand runs: for each object, change a copy of it,
 * send the strategic patch between the two (field manager kubectl-set), print
 * "<kind>/<name> <what> updated"; unchanged objects print nothing, as in kubectl.
 */
import { write, type Context } from '../../context.js';
import type { Clients } from '../../client/index.js';
import type { KubeObject } from '../../client/rest.js';
import type { ResourceInfo } from '../rollout/args.js';
import { dryRunSuffix, ObjectPrinter, type DryRun } from '../rollout/output.js';

export interface ChangeOptions {
  ctx: Context;
  clients: Clients;
  infos: ResourceInfo[];
  dryRun: DryRun;
  output: '' | 'name' | 'json' | 'yaml';
  fieldManager: string;
  operation: string;
  /** mutates `copy` in place; throws to report a failure for this object */
  mutate(copy: KubeObject, info: ResourceInfo): void | Promise<void>;
}

export async function changeEach(o: ChangeOptions): Promise<unknown[]> {
  const { resourcePath } = await import('../../client/index.js');
  const { twoWayStrategicPatch } = await import('../../set/strategic-diff.js');
  const printer = new ObjectPrinter(o.output);
  const failures: unknown[] = [];
  for (const info of o.infos) {
    try {
      const before = info.object ?? {};
      const after = JSON.parse(JSON.stringify(before)) as KubeObject;
      await o.mutate(after, info);
      const patch = twoWayStrategicPatch(before, after);
      if (Object.keys(patch).length === 0) continue;
      let result: KubeObject = after;
      if (o.dryRun !== 'client') {
        const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name });
        const query: Record<string, string> = { fieldManager: o.fieldManager };
        if (o.dryRun === 'server') query.dryRun = 'All';
        result = await o.clients.rest.patch(path, 'strategic', patch, query);
      }
      await write(o.ctx.io.out, await printer.print(info, result, `${o.operation}${dryRunSuffix(o.dryRun)}`));
    } catch (err) {
      failures.push(err);
    }
  }
  return failures;
}
