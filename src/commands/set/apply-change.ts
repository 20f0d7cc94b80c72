/**
 * The loop every `set` subcommand runs: for each object, change a copy of it,
 * send the strategic patch between the two (field manager kubectl-set), print
 * "<kind>/<name> <what> updated"; unchanged objects print nothing, as in kubectl.
 */
import { write, type Context } from '../../context.js';
import type { Clients } from '../../client/index.js';
import type { KubeObject } from '../../client/rest.js';
import type { PrintOptions } from '../../flags/print.js';
import type { ResourceInfo } from '../../resource/types.js';
import { ObjectOutput } from '../../mutate/output.js';
import type { DryRun } from '../../mutate/report.js';

export interface ChangeOptions {
  ctx: Context;
  clients: Clients;
  infos: ResourceInfo[];
  dryRun: DryRun;
  print: PrintOptions;
  fieldManager: string;
  operation: string;
  /** mutates `copy` in place; throws to report a failure for this object */
  mutate(copy: KubeObject, info: ResourceInfo): void | Promise<void>;
}

export async function changeEach(o: ChangeOptions): Promise<unknown[]> {
  const { resourcePath } = await import('../../client/index.js');
  const { twoWayStrategicPatch } = await import('../../set/strategic-diff.js');
  const printer = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
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
      // kubectl set prints typed objects: Go struct order, which the server's JSON already has
      await write(o.ctx.io.out, await printer.render(result, o.operation, true));
    } catch (err) {
      failures.push(err);
    }
  }
  return failures;
}
