/**
 * Applying kuberc preferences to a command line, as kubectl 1.33 does before
 * parsing: an alias (the first non-flag word, when it is no command) becomes
 * its command with prependArgs after it and appendArgs at the end; alias and
 * override flags are defaults, added unless the line already has the flag.
 * ktl adds them as `--name=value` words instead of setting pflag values.
 */
import path from 'node:path';
import type { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { KubercError, loadPreference, type AliasOverride, type Preference, type PreferenceFlag } from './load.js';

/** `--kuberc PATH`/`--kuberc=PATH` before any "--": taken out of the line (ktl has no such Commander flag). */
export function takeKubercFlag(args: string[]): { args: string[]; path?: string } {
  const out: string[] = [];
  let file: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    // the first one names the file, as kubectl's getExplicitKuberc reads it; later ones are taken off too
    if (a === '--kuberc') {
      if (i + 1 >= args.length) {
        if (file === undefined) throw new KubercError('kuberc error kuberc file is not found');
        out.push(a);
        continue;
      }
      const v = args[++i]!;
      file ??= v;
    } else if (a.startsWith('--kuberc=')) {
      // kubectl splits at "=": --kuberc=a=b names "a"
      const v = a.split('=')[1]!;
      if (!v && file === undefined) throw new KubercError('kuberc error kuberc file is not found');
      file ??= v;
    } else out.push(a);
  }
  return { args: [...out, ...args.slice(i)], path: file };
}

const ALIAS_NAME = /^[a-zA-Z]+$/;

/** kubectl's validate(): alias names, long flag names, no duplicate aliases. */
export function validatePreference(p: Preference): void {
  const flagsOk = (flags: PreferenceFlag[]) => {
    for (const f of flags) if (f.name.startsWith('-')) throw new KubercError(`flag name ${f.name} should be in long form without dashes`);
  };
  const seen = new Set<string>();
  for (const a of p.aliases) {
    if (!ALIAS_NAME.test(a.name)) throw new KubercError('invalid alias name, can only include alphabetical characters');
    flagsOk(a.flags);
    if (seen.has(a.name)) throw new KubercError(`duplicate alias name ${a.name}`);
    seen.add(a.name);
  }
  for (const o of p.overrides) flagsOk(o.flags);
}

/** cobra's Find over words: the deepest command named, or undefined when the first word names none. */
function find(program: Command, words: string[]): { cmd: Command; rest: string[]; end: number } | undefined {
  const findOpt = (cmd: Command, a: string): Option | undefined => {
    for (let c: Command | null = cmd; c; c = c.parent) {
      const o = c.options.find((x) => x.long === a || x.short === a);
      if (o) return o;
    }
    return undefined;
  };
  let cmd = program;
  const rest: string[] = [];
  let end = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') break;
    if (w.startsWith('-')) {
      if (!w.includes('=') && findOpt(cmd, w)?.required) i++;
      continue;
    }
    const sub = rest.length === 0 ? cmd.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) {
      cmd = sub;
      end = i + 1;
    } else rest.push(w);
  }
  if (cmd === program && rest.length > 0) return undefined;
  return { cmd, rest, end };
}

/** The option of cmd (or an ancestor) with this long name. */
function flagOf(cmd: Command, name: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((x) => x.long === `--${name}`);
    if (o) return o;
  }
  return undefined;
}

const SHORTHANDS = /^-[a-zA-Z]+$/;

/** kubectl's searchInArgs: is the flag already on the line (long, `-x...`, or inside `-abc`)? */
function given(o: Option, cmd: Command, args: string[]): boolean {
  const name = o.long!.slice(2);
  const short = o.short?.slice(1);
  const shorts = new Set<string>();
  for (let c: Command | null = cmd; c; c = c.parent) for (const x of c.options) if (x.short) shorts.add(x.short.slice(1));
  for (const a of args) {
    if (a === `--${name}` || a.startsWith(`--${name}=`)) return true;
    if (!short) continue;
    if (a.startsWith(`-${short}`)) return true;
    if (SHORTHANDS.test(a) && shorts.has(short) && a.slice(1).includes(short)) return true;
  }
  return false;
}

const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const isBool = (o: Option) => !o.required && (!o.optional || o.flags.includes('[bool]'));

/** The defaults to add for these flags, checked as pflag's Set would check them. */
function defaults(cmd: Command, flags: PreferenceFlag[], args: string[], unknown: (f: PreferenceFlag) => string, bad: (f: PreferenceFlag, why: string) => string): string[] {
  const out: string[] = [];
  for (const f of flags) {
    const o = flagOf(cmd, f.name);
    if (!o) throw new KubercError(unknown(f));
    if (given(o, cmd, args)) continue;
    if (isBool(o) && !GO_BOOL.test(f.default)) {
      throw new KubercError(bad(f, `invalid argument "${f.default}" for "--${f.name}" flag: strconv.ParseBool: parsing "${f.default}": invalid syntax`));
    }
    out.push(`--${f.name}=${f.default}`);
  }
  return out;
}

/** Defaults go right after the command's words: anything the line says later wins over them. */
function withFlags(args: string[], flags: string[], at: number): string[] {
  return [...args.slice(0, at), ...flags, ...args.slice(at)];
}

export interface Applied {
  args: string[];
  /** warnings for stderr */
  notices: string[];
}

/**
 * Rewrites args by the preferences. `build(args)` returns the program with
 * the command those args name fully loaded.
 */
export async function applyPreference(p: Preference, args: string[], ctx: Context, build: (args: string[]) => Promise<Command>): Promise<Applied> {
  const notices: string[] = [];
  let program = await build(args);
  let alias: AliasOverride | undefined;
  if (!find(program, args)) {
    // kubectl: the alias is the first word not starting with "-" (a flag's value counts)
    const index = args.findIndex((a) => !a.startsWith('-'));
    alias = index < 0 ? undefined : p.aliases.find((a) => a.name === args[index]);
    if (alias) {
      const words = alias.command.split(/\s+/).filter(Boolean);
      // resolved with the named command loaded, so its subcommands are known
      const target = find(await build(words), words);
      if (!target) throw new KubercError(`command "${alias.command}" not found to set alias "${alias.name}": [${words.join(' ')}]`);
      // the command the alias names; words after it are dropped, as kubectl copies only the command
      const cmdWords = words.slice(0, words.length - target.rest.length);
      const next = [...args.slice(0, index), ...cmdWords, ...alias.prependArgs, ...args.slice(index + 1), ...alias.appendArgs];
      program = await build(next);
      const added = defaults(
        find(program, next)!.cmd,
        alias.flags,
        args,
        (f) => `invalid alias flag ${f.name} in alias ${ctx.binName}`,
        (f, why) => `could not apply value ${f.default} to flag ${f.name} in alias ${ctx.binName} err: ${why}`,
      );
      args = withFlags(next, added, index + cmdWords.length);
    }
  }
  const found = find(program, args);
  if (!found) return { args, notices };
  const extra: string[] = [];
  for (const o of p.overrides) {
    const words = o.command.split(/\s+/).filter(Boolean);
    // while an alias runs, it is a command of its own name, which overrides may not name
    if (alias && words[0] === alias.name) {
      if (words.length === 1) throw new KubercError(`alias ${alias.name} can not be overridden`);
      continue;
    }
    const target = find(program, words);
    if (!target) {
      notices.push(`Warning: command "${o.command}" not found to set kuberc override\n`);
      continue;
    }
    // kubectl compares command names only
    if (alias || target.cmd.name() !== found.cmd.name()) continue;
    extra.push(
      ...defaults(
        found.cmd,
        o.flags,
        args,
        (f) => `invalid flag ${f.name} for command ${o.command}`,
        (f, why) => `could not apply override value ${f.default} to flag ${f.name} in command ${o.command} err: ${why}`,
      ),
    );
  }
  return { args: withFlags(args, extra, found.end), notices };
}

/** The file kubectl reads by default. */
export function defaultKubercPath(ctx: Context): string {
  return path.join(ctx.homeDir, '.kube', 'kuberc');
}

export { KubercError, loadPreference };
