/** Connects and resolves the arguments of a rollout-style command. */
import type { Context } from '../../context.js';
import type { GlobalFlags } from '../../flags/global.js';
import type { Clients } from '../../client/index.js';
import type { Resolved } from './args.js';

export interface TargetFlags {
  args: string[];
  selector: string;
  filenames: string[];
  recursive: boolean;
  all?: boolean;
  allNamespaces?: boolean;
  fieldSelector?: string;
}

export async function openSession(
  ctx: Context,
  flags: GlobalFlags,
  command: string,
  t: TargetFlags,
  o: { typeAloneMeansAll: boolean },
): Promise<{ clients: Clients; resolved: Resolved; namespace: string }> {
  const { connect } = await import('../../client/index.js');
  const { resolveArgs } = await import('./args.js');
  const clients = await connect(ctx, flags, { command: `${ctx.binName} ${command}` });
  try {
    const resolved = await resolveArgs(clients, t.args, {
      namespace: clients.config.namespace,
      allNamespaces: t.allNamespaces,
      selector: t.selector,
      fieldSelector: t.fieldSelector,
      all: t.all,
      filenames: t.filenames,
      recursive: t.recursive,
      typeAloneMeansAll: o.typeAloneMeansAll,
      latest: true,
      binName: ctx.binName,
      cwd: ctx.cwd,
    });
    return { clients, resolved, namespace: clients.config.namespace };
  } catch (err) {
    clients.close();
    throw err;
  }
}

export function targetFlags(args: string[], opts: Record<string, unknown>): TargetFlags {
  return {
    args,
    selector: (opts.selector as string | undefined) ?? '',
    filenames: (opts.filename as string[] | undefined) ?? [],
    recursive: !!opts.recursive,
    all: !!opts.all,
    allNamespaces: !!opts.allNamespaces,
    fieldSelector: (opts.fieldSelector as string | undefined) ?? '',
  };
}
