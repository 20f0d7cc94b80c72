/**
 * The kuberc hook at the top of the CLI. On by default in ktl (kubectl 1.33
 * needs KUBECTL_KUBERC=true); off with KUBECTL_KUBERC=false, KUBERC=off (as
 * kubectl) or --kuberc=off.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { write, type Context } from '../context.js';

/**
 * Returns the rewritten args, or an exit code after printing kubectl's
 * "error occurred while applying preferences" line.
 */
export async function applyKuberc(args: string[], ctx: Context, build: (args: string[]) => Promise<Command>): Promise<string[] | number> {
  const enabled = ctx.env.KUBECTL_KUBERC !== 'false';
  if (!enabled || args.length === 0) return args;
  // the common case, no --kuberc and no ~/.kube/kuberc, costs one stat and loads nothing
  if (!args.some((a) => a.startsWith('--kuberc')) && !existsSync(path.join(ctx.homeDir, '.kube', 'kuberc'))) return args;
  const apply = await import('./apply.js');
  try {
    const taken = apply.takeKubercFlag(args);
    args = taken.args;
    if (taken.path === 'off') return args;
    if (ctx.env.KUBERC === 'off') {
      if (taken.path !== undefined) throw new apply.KubercError('kuberc error disabling kuberc via KUBERC=off and passing kuberc flag are mutually exclusive');
      return args;
    }
    const file = taken.path ?? apply.defaultKubercPath(ctx);
    // the common case, no file at all, costs one stat
    if (taken.path === undefined && !existsSync(file)) return args;
    const loaded = await apply.loadPreference(file, taken.path !== undefined);
    for (const n of loaded.notices) await write(ctx.io.errOut, n);
    if (!loaded.preference) return args;
    apply.validatePreference(loaded.preference);
    const applied = await apply.applyPreference(loaded.preference, args, ctx, build);
    for (const n of applied.notices) await write(ctx.io.errOut, n);
    return applied.args;
  } catch (err) {
    if (!(err instanceof apply.KubercError)) throw err;
    await write(ctx.io.errOut, `error occurred while applying preferences ${err.message}\n`);
    return 1;
  }
}
