/**
 * The target of a workload command (scale, rollout, wait, set): its
 * arguments, -f/-R and selectors, resolved through src/resource into the
 * objects the server holds now; and the session around a run over them.
 */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import type { Context } from '../../context.js';
import type { Factory } from '../../factory.js';
import { FilenameFlags, type FilenameOptions } from '../../flags/filename.js';
import { SelectorFlags, type SelectorOptions } from '../../flags/selector.js';
import type { PrintOptions } from '../../flags/print.js';
import type { Clients } from '../../client/index.js';
import { failIfAny, KtlError } from '../../errors.js';
import type { ResourceInfo } from '../../resource/types.js';
import type { BuilderResult } from '../../resource/builder.js';
import { addDryRunFlag, parseDryRun } from '../../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../../mutate/output.js';
import type { DryRun } from '../../mutate/report.js';

export interface TargetFlags extends FilenameOptions, SelectorOptions {
  args: string[];
}

export interface Resolved {
  infos: ResourceInfo[];
  /** mapping and per-object failures (NotFound ...), reported after the successes */
  errors: unknown[];
  /** the builder's visit: each object in turn, going on past failures, the failures in kubectl's order */
  visit: BuilderResult['visit'];
}

/** What every workload command knows once its flags are read. */
export interface TargetCommandOptions {
  ctx: Context;
  factory: Factory;
  target: TargetFlags;
  print: PrintOptions;
}

/** ... and what the ones that can write without persisting add. */
export interface DryRunTargetOptions extends TargetCommandOptions {
  dryRun: DryRun;
}

/**
 * The flags after a workload command's own: -f/-R, selectors, --dry-run
 * when the command writes, and the object printing flags.
 */
export function addTargetFlags(cmd: Command, o: { dryRun: boolean; filenameUsage?: string }): void {
  new FilenameFlags(o.filenameUsage ?? 'identifying the resource to get from a server.').addTo(cmd);
  new SelectorFlags({ selector: true }).addTo(cmd);
  if (o.dryRun) addDryRunFlag(cmd);
  addObjectPrintFlags(cmd);
}

/**
 * Reads the flags addTargetFlags declared (without --dry-run) around the
 * command's own, in kubectl's order: target, `own()`, then printing.
 */
export function targetOptions<T>(
  app: App,
  c: Command,
  args: string[],
  opts: Record<string, unknown>,
  own: () => T,
): TargetCommandOptions & T {
  const factory = app.factory(c);
  const target = targetFlags(args, opts);
  const mine = own();
  return { ctx: app.ctx, factory, target, ...mine, print: objectPrintOptions(opts) };
}

/** As targetOptions, with --dry-run read after `own()` (its deprecation notices go to stderr). */
export function dryRunTargetOptions<T>(
  app: App,
  c: Command,
  args: string[],
  opts: Record<string, unknown>,
  own: () => T,
): DryRunTargetOptions & T {
  let dryRun: DryRun = 'none';
  const o = targetOptions(app, c, args, opts, () => {
    const mine = own();
    dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
    return mine;
  });
  return { ...o, dryRun };
}

/** Reads the target flags Commander collected (-f, -R, -k, -l). */
export function targetFlags(args: string[], opts: Record<string, unknown>): TargetFlags {
  return { args, ...new FilenameFlags().toOptions(opts), ...new SelectorFlags().toOptions(opts) };
}

/**
 * Resolves a target to the server's objects (the builder's Latest()).
 * `allowEmptySelector`: a TYPE alone means all of its objects (rollout).
 */
export async function resolveTarget(factory: Factory, t: TargetFlags, o: { allowEmptySelector: boolean }): Promise<Resolved> {
  // the rollout commands check this themselves, before the builder
  if (o.allowEmptySelector && t.args.length === 0 && t.filenames.length === 0) throw new KtlError('required resource not specified');
  const { MISSING_RESOURCE_MESSAGE } = await import('../../resource/args.js');
  const r = await factory
    .builder()
    .args(t.args)
    .filenames(t)
    .selector(t.selector)
    .fieldSelector(t.fieldSelector)
    .selectAllParam(t.all)
    .allNamespaces(t.allNamespaces)
    .allowEmptySelector(o.allowEmptySelector)
    .noResourcesMessage(MISSING_RESOURCE_MESSAGE)
    .latest()
    .do();
  return { infos: r.infos, errors: r.errors, visit: r.visit };
}

/** Connects and resolves the target (the factory closes the clients when the command ends). */
export async function openSession(
  factory: Factory,
  t: TargetFlags,
  o: { allowEmptySelector: boolean },
): Promise<{ clients: Clients; resolved: Resolved; namespace: string }> {
  const clients = await factory.clients();
  const resolved = await resolveTarget(factory, t, o);
  return { clients, resolved, namespace: (await factory.namespace()).namespace };
}

export interface Session {
  clients: Clients;
  resolved: Resolved;
  namespace: string;
}

/**
 * Opens a session, runs `body` over it and ends the command kubectl's way:
 * the body's failures and the resolver's, in kubectl's order (`resolveErrors`
 * 'first' or 'last'), reported after the successes. Closes the clients.
 */
export async function inSession(
  o: { ctx: Context; factory: Factory; target: TargetFlags },
  opts: { allowEmptySelector: boolean; resolveErrors: 'first' | 'last' },
  body: (s: Session) => Promise<unknown[]>,
): Promise<number> {
  const session = await openSession(o.factory, o.target, { allowEmptySelector: opts.allowEmptySelector });
  try {
    const failures = await body(session);
    const { errors } = session.resolved;
    failIfAny(opts.resolveErrors === 'first' ? [...errors, ...failures] : [...failures, ...errors], 'bare');
    return 0;
  } finally {
    o.factory.close();
  }
}

/** Runs `visit` on each object, going on past a failed one; returns the failures in order. */
export async function eachInfo(infos: ResourceInfo[], visit: (info: ResourceInfo) => Promise<void>): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const info of infos) {
    try {
      await visit(info);
    } catch (err) {
      failures.push(err);
    }
  }
  return failures;
}
