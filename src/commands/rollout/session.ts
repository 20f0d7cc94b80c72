/**
 * The target of a workload command (scale, rollout, wait, set): its
 * arguments, -f/-R and selectors, resolved through src/resource into the
 * objects the server holds now.
 */
import type { Context } from '../../context.js';
import type { GlobalFlags } from '../../flags/global.js';
import { FilenameFlags, type FilenameOptions } from '../../flags/filename.js';
import { SelectorFlags, type SelectorOptions } from '../../flags/selector.js';
import type { Clients } from '../../client/index.js';
import type { KtlError } from '../../errors.js';
import type { ResourceInfo } from '../../resource/types.js';

export interface TargetFlags extends FilenameOptions, SelectorOptions {
  args: string[];
}

export interface Resolved {
  infos: ResourceInfo[];
  /** mapping and per-object failures (NotFound ...), reported after the successes */
  errors: KtlError[];
}

/** Reads the target flags Commander collected (refusing -k). */
export function targetFlags(args: string[], opts: Record<string, unknown>): TargetFlags {
  return { args, ...new FilenameFlags().toOptions(opts), ...new SelectorFlags().toOptions(opts) };
}

/**
 * Resolves a target to the server's objects (the builder's Latest()).
 * `allowEmptySelector`: a TYPE alone means all of its objects (rollout).
 */
export async function resolveTarget(
  ctx: Context,
  clients: Clients,
  t: TargetFlags,
  o: { allowEmptySelector: boolean },
): Promise<Resolved> {
  const { resolveResources, MISSING_RESOURCE_MESSAGE } = await import('../../resource/args.js');
  return resolveResources(clients, t.args, {
    namespace: clients.config.namespace,
    allNamespaces: t.allNamespaces,
    selector: t.selector,
    fieldSelector: t.fieldSelector,
    all: t.all,
    filenames: t.filenames,
    recursive: t.recursive,
    enforceNamespace: clients.config.namespaceFromFlag,
    allowEmptySelector: o.allowEmptySelector,
    noResourcesMessage: MISSING_RESOURCE_MESSAGE,
    latest: true,
    ctx,
  });
}

/** Connects and resolves the target; closes the clients if resolving fails. */
export async function openSession(
  ctx: Context,
  flags: GlobalFlags,
  command: string,
  t: TargetFlags,
  o: { allowEmptySelector: boolean },
): Promise<{ clients: Clients; resolved: Resolved; namespace: string }> {
  const { connect } = await import('../../client/index.js');
  const clients = await connect(ctx, flags, { command: `${ctx.binName} ${command}` });
  try {
    const resolved = await resolveTarget(ctx, clients, t, o);
    return { clients, resolved, namespace: clients.config.namespace };
  } catch (err) {
    clients.close();
    throw err;
  }
}
