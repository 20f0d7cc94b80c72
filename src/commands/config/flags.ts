/** Small helpers shared by the `config` subcommands. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { ExitError, KtlError } from '../../errors.js';
import type { GlobalFlags } from '../../flags/global.js';
import type { Opts } from '../../flags/opts.js';
import { kubeconfigPaths, type KubeconfigPaths } from '../../config/loader.js';

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * A `--flag[=bool]` value as Commander gives it: true for the bare flag, the
 * text after `=` otherwise. A non-boolean word was really a positional
 * argument that Commander attached to the flag; it is moved to `args`.
 */
export function parseBoolFlag(v: unknown, args: string[]): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === true || v === null) return true;
  if (v === false) return false;
  const s = String(v);
  if (TRUE.includes(s)) return true;
  if (FALSE.includes(s)) return false;
  args.push(s);
  return true;
}

/** Options of a config subcommand merged over the global flags. */
export function flagsOf<T = object>(app: App, cmd: Command): GlobalFlags & Opts<T> {
  return { ...app.globals(cmd), ...cmd.opts<Opts<T>>() };
}

export function pathsOf(app: App, cmd: Command): KubeconfigPaths {
  return kubeconfigPaths(app.ctx, app.globals(cmd).kubeconfig);
}

/** kubectl's helpErrorf: the command's help on stdout, then the error. */
export function helpError(cmd: Command, message: string): never {
  cmd.outputHelp();
  throw new KtlError(message);
}

/** Go's fmt %v of a []string: [a b c]. */
export const goList = (items: string[]): string => `[${items.join(' ')}]`;

/** Go's %q for the strings kubeconfig names hold. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

