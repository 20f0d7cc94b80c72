/**
 * The hook at the top of the CLI: a first word that is no built-in command
 * runs a plugin from PATH, or fails as kubectl does. `create X` with no
 * built-in X may run a `create-X` plugin, as kubectl 1.33 allows.
 */
import type { Command } from 'commander';
import { write, type Context } from '../context.js';
import { findPlugin, PluginError, type PluginMatch } from './lookup.js';
import { unknownCommandText } from './unknown-command.js';
import { errnoCode } from '../errors.js';

/** Words cobra adds itself; kubectl never searches plugins for them. */
const NOT_PLUGINS = new Set(['help', '__complete', '__completeNoDesc']);

/**
 * Returns the exit code when args were handled here (a plugin ran, or the
 * command is unknown), undefined when the built-in command should run.
 */
export async function dispatchPlugin(program: Command, args: string[], verb: string | undefined, ctx: Context): Promise<number | undefined> {
  if (verb === undefined || NOT_PLUGINS.has(verb)) return undefined;
  const builtin = program.commands.find((c) => c.name() === verb || c.aliases().includes(verb));
  let match: PluginMatch | undefined;
  try {
    if (builtin) {
      const sub = args[1];
      if (verb !== 'create' || args[0] !== 'create' || !sub || sub.startsWith('-')) return undefined;
      if (builtin.commands.some((c) => c.name() === sub || c.aliases().includes(sub))) return undefined;
      match = findPlugin(args, 2, ctx);
      if (!match) return undefined;
    } else {
      match = findPlugin(args, 1, ctx);
    }
  } catch (err) {
    if (!(err instanceof PluginError)) throw err;
    await write(ctx.io.errOut, `Error: ${err.message}\n`);
    return 1;
  }
  if (!match) {
    await write(ctx.io.errOut, unknownCommandText(verb, program));
    return 1;
  }
  const { execPlugin } = await import('./exec.js');
  try {
    return await execPlugin(match.path, match.args, ctx);
  } catch (err) {
    await write(ctx.io.errOut, `Error: ${errnoText(err)}\n`);
    return 1;
  }
}

/** Go's syscall error strings for what exec can fail with. */
function errnoText(err: unknown): string {
  const code = errnoCode(err);
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    ENOENT: 'no such file or directory',
    ENOEXEC: 'exec format error',
  };
  return (code && known[code]) || (err instanceof Error ? err.message : String(err));
}
