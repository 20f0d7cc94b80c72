/**
 * `plugin list`: every file on PATH named like a plugin, with kubectl's
 * warnings (not executable, overshadowed by an earlier file of the same
 * name, overwriting a built-in command).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { write, type Context } from '../context.js';
import { pathDirs, pluginPrefixes } from './lookup.js';
import { messageOf, errnoCode } from '../errors.js';

const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
};

/** Plugin files in PATH order (each directory read in name order, as Go's os.ReadDir); quiet skips unreadable directories silently. */
export async function pluginFiles(ctx: Context, quiet = false): Promise<string[]> {
  const prefixes = pluginPrefixes(ctx).map((p) => `${p}-`);
  const found: string[] = [];
  for (const dir of [...new Set(pathDirs(ctx))]) {
    if (dir.trim() === '') continue;
    let entries;
    try {
      entries = readdirSync(path.resolve(ctx.cwd, dir), { withFileTypes: true });
    } catch (err) {
      if (quiet) continue;
      const code = errnoCode(err) ?? '';
      const why = ERRNO[code] ?? messageOf(err);
      await write(ctx.io.errOut, `Unable to read directory "${dir}" from your PATH: open ${dir}: ${why}. Skipping...\n`);
      continue;
    }
    const names = entries
      .filter((e) => !e.isDirectory())
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) if (prefixes.some((p) => name.startsWith(p))) found.push(path.join(dir, name));
  }
  return found;
}

/**
 * The names root help lists under "Subcommands provided by plugins", as
 * kubectl lists them: each plugin file's first word (`_` read as `-`), in
 * pluginFiles' order, repeats kept, words naming a built-in command (or help)
 * left out; executable or not.
 */
export async function rootHelpPlugins(ctx: Context, builtins: Set<string>): Promise<string[]> {
  const prefixes = pluginPrefixes(ctx).map((p) => `${p}-`);
  const names: string[] = [];
  for (const file of await pluginFiles(ctx, true)) {
    const base = path.basename(file);
    const rest = base.slice(prefixes.find((p) => base.startsWith(p))!.length);
    const word = rest.split('-')[0]!.replace(/_/g, '-');
    if (word !== '' && word !== 'help' && !builtins.has(word)) names.push(word);
  }
  return names;
}

/** The command a plugin's words name, as cobra's Find resolves them (root only when nothing matched). */
function overwrittenCommand(words: string[], root: Command): Command | string | undefined {
  // cobra's own help command, which ktl handles outside Commander
  if (words[0] === 'help') return `${root.name()} help`;
  let cmd = root;
  for (const w of words) {
    const next = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!next) break;
    cmd = next;
  }
  return cmd === root ? undefined : cmd;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs `plugin list`; root is a program with every command registered. Returns the exit code. */
export async function pluginList(ctx: Context, root: Command, nameOnly: boolean): Promise<number> {
  const plugins = await pluginFiles(ctx);
  const errors: string[] = [];
  if (plugins.length > 0) await write(ctx.io.out, 'The following compatible plugins are available:\n\n');
  else errors.push('error: unable to find any kubectl plugins in your PATH');
  const seen = new Map<string, string>();
  let warnings = 0;
  for (const file of plugins) {
    const base = path.basename(file);
    await write(ctx.io.out, `${nameOnly ? base : file}\n`);
    const problems: string[] = [];
    try {
      const st = statSync(path.resolve(ctx.cwd, file));
      if ((st.mode & 0o111) === 0) problems.push(`warning: ${file} identified as a kubectl plugin, but it is not executable`);
    } catch (err) {
      problems.push(`error: unable to identify ${file} as an executable file: stat ${file}: ${ERRNO[errnoCode(err) ?? ''] ?? messageOf(err)}`);
    }
    const first = seen.get(base);
    if (first !== undefined) problems.push(`warning: ${file} is overshadowed by a similarly named plugin: ${first}`);
    else seen.set(base, file);
    const words = base.split('-');
    const cmd = overwrittenCommand(words.length > 1 ? words.slice(1) : words, root);
    if (cmd) problems.push(`warning: ${base} overwrites existing command: "${typeof cmd === 'string' ? cmd : commandPath(cmd)}"`);
    for (const p of problems) await write(ctx.io.errOut, `  - ${p}\n`);
    warnings += problems.length;
  }
  if (warnings === 1) errors.push('error: one plugin warning was found');
  else if (warnings > 1) errors.push(`error: ${warnings} plugin warnings were found`);
  if (errors.length === 0) return 0;
  await write(ctx.io.errOut, errors.join('\n') + '\n');
  return 1;
}
