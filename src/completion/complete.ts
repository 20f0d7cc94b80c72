/**
 * The hidden `__complete` command the shell scripts call on every TAB,
 * answering as cobra does: one candidate a line ("value\tdescription"), then
 * ":<directive>", and a note on stderr the scripts ignore. Only the command
 * being completed is loaded, so an answer costs about one startup.
 */
import type { Command, Option } from 'commander';
import { write, type Context } from '../context.js';
import type { GlobalFlags } from '../flags/global.js';
import { valueCompletions, argCompletions } from './sources.js';
import type { Answer, Parsed } from './types.js';
import type {} from '../flags/commander-ext.js';

/** cobra's ShellCompDirective bits */
export const Directive = { Error: 1, NoSpace: 2, NoFileComp: 4, FilterFileExt: 8, FilterDirs: 16, KeepOrder: 32 } as const;

const DIRECTIVE_NAMES: Array<[number, string]> = [
  [Directive.Error, 'ShellCompDirectiveError'],
  [Directive.NoSpace, 'ShellCompDirectiveNoSpace'],
  [Directive.NoFileComp, 'ShellCompDirectiveNoFileComp'],
  [Directive.FilterFileExt, 'ShellCompDirectiveFilterFileExt'],
  [Directive.FilterDirs, 'ShellCompDirectiveFilterDirs'],
  [Directive.KeepOrder, 'ShellCompDirectiveKeepOrder'],
];

export function directiveName(d: number): string {
  const names = DIRECTIVE_NAMES.filter(([bit]) => d & bit).map(([, n]) => n);
  return names.length ? names.join(', ') : 'ShellCompDirectiveDefault';
}

/** Options visible to cmd: its own, then its ancestors'. */
function chain(cmd: Command): Command[] {
  const cs: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) cs.push(c);
  return cs;
}

function findOption(cmd: Command, name: string): Option | undefined {
  for (const c of chain(cmd)) {
    const o = c.options.find((x) => (name.length === 1 ? x.short === `-${name}` : x.long === `--${name}`));
    if (o) return o;
  }
  return undefined;
}

/** A flag that reads the next word as its value (pflag: no NoOptDefVal). */
const takesValue = (o: Option) => o.required;

function record(p: Parsed, o: Option, value: unknown, own: boolean): void {
  const key = o.attributeName();
  const prev = p.flags[key];
  p.flags[key] = Array.isArray(prev) ? [...prev, value] : prev !== undefined && isRepeatable(o) ? [prev, value] : value;
  if (o.long) p.given.add(o.long);
  if (own) p.localFlagGiven = true;
}

/** Flags that may be given more than once (pflag slices/arrays) stay on offer after use. */
function isRepeatable(o: Option): boolean {
  return Array.isArray(o.defaultValue) || o.defaultValueDescription === '[]' || o.variadic;
}

/** Walks the words as cobra's Find and pflag would: commands first, then flags and arguments. */
export function parseWords(program: Command, words: string[]): Parsed | undefined {
  const p: Parsed = { cmd: program, args: [], flags: {}, given: new Set(), dashDash: false, localFlagGiven: false, rest: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (p.dashDash) {
      p.args.push(w);
      p.rest.push(w);
      continue;
    }
    if (w === '--') {
      p.dashDash = true;
      p.rest.push(w);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      p.rest.push(w);
      const long = w.startsWith('--');
      const eq = w.indexOf('=');
      p.flagError ??= flagError(p.cmd, w, i + 1 < words.length);
      const name = long ? w.slice(2, eq < 0 ? undefined : eq) : eq < 0 ? w.slice(-1) : w.slice(eq - 1, eq);
      const o = findOption(p.cmd, name);
      if (!o) continue;
      if (eq < 0 && takesValue(o) && i + 1 < words.length) p.rest.push(words[i + 1]!);
      const own = p.cmd.options.includes(o) && p.cmd.parent !== null;
      if (eq >= 0) record(p, o, w.slice(eq + 1), own);
      else if (takesValue(o) && i + 1 < words.length) record(p, o, words[++i], own);
      else record(p, o, true, own);
      continue;
    }
    if (p.args.length === 0) {
      const sub = p.cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
      if (sub) {
        p.cmd = sub;
        continue;
      }
      // cobra: an unknown word right after the root names no command
      if (!p.cmd.parent) return undefined;
    }
    p.args.push(w);
    p.rest.push(w);
  }
  return p;
}

const BOOL_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** pflag's error for a boolean flag given a value that is no boolean (strconv.ParseBool's words). */
function boolError(o: Option, value: string): string | undefined {
  if (o.required || o.optional || BOOL_WORDS.has(value)) return undefined;
  const names = o.short ? `${o.short}, ${o.long}` : o.long;
  return `invalid argument ${JSON.stringify(value)} for "${names}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`;
}

const isHelpFlag = (name: string) => name === 'help' || name === 'h';

/**
 * pflag's error for one flag word, if it has one: an unknown name, or a
 * flag wanting a value at the end of the words (`more`: words follow).
 */
function flagError(cmd: Command, w: string, more: boolean): string | undefined {
  if (w.startsWith('--')) {
    const eq = w.indexOf('=');
    const name = w.slice(2, eq < 0 ? undefined : eq);
    if (isHelpFlag(name) && name !== 'h') return undefined;
    const o = findOption(cmd, name);
    if (!o || name.length === 1) return `unknown flag: --${name}`;
    if (eq < 0 && takesValue(o) && !more) return `flag needs an argument: ${w}`;
    return eq < 0 ? undefined : boolError(o, w.slice(eq + 1));
  }
  // a group of shorthands: each one in turn, a value-taking one ends the group
  let shorthands = w.slice(1);
  while (shorthands.length > 0) {
    const c = shorthands[0]!;
    if (shorthands.length > 2 && shorthands[1] === '=') {
      const o = c === 'h' ? undefined : findOption(cmd, c);
      if (!o && c !== 'h') return `unknown shorthand flag: '${c}' in -${shorthands}`;
      return o ? boolError(o, shorthands.slice(2)) : undefined;
    }
    const o = c === 'h' ? undefined : findOption(cmd, c);
    if (c !== 'h' && !o) return `unknown shorthand flag: '${c}' in -${shorthands}`;
    if (o && takesValue(o)) {
      if (shorthands.length === 1 && !more) return `flag needs an argument: '${c}' in -${shorthands}`;
      return undefined;
    }
    shorthands = shorthands.slice(1);
  }
  return undefined;
}

const firstLine = (s: string) => (s.split('\n')[0] ?? '').trim();

/**
 * The environment's language for summaries and flag texts (src/i18n/), handed
 * in by the caller: importing it here too would make it a bundle part of its
 * own, read at every start.
 */
let T: (text: string) => string = (text) => text;

/** A command's summary in the environment's language (i18n/); cobra's own help command stays English, as in kubectl. */
const summaryOf = (c: Command) => {
  const text = c.summary() || firstLine(c.description());
  return c.name() === 'help' ? text : T(text);
};

/** The options cobra offers for "-…": the root's (persistent) ones, then the command's own plus --help, each sorted by name. */
function offeredFlags(cmd: Command): [inherited: Option[], own: Option[]] {
  // cobra never offers a deprecated flag (--record); hidden ones it does (--password: ktl only keeps them out of `options`)
  const visible = (c: Command) =>
    c.options.filter(
      (o) =>
        o.long &&
        o.description &&
        !o.deprecated &&
        !(o.negate && c.options.some((x) => x.long === o.long!.replace(/^--no-/, '--'))),
    );
  const byName = (a: Option, b: Option) => (a.long! < b.long! ? -1 : a.long! > b.long! ? 1 : 0);
  // kubectl's persistent flags are the root's: a parent command's own flags (create's -f ...) are not its subcommands'
  // (a flag of the command's own, such as config set-context's --cluster, hides the root's of that name)
  const root = chain(cmd).at(-1)!;
  const own = new Set(cmd.options.map((o) => o.long));
  const inherited = (cmd === root ? [] : visible(root).filter((o) => !own.has(o.long))).sort(byName);
  const mine = [...visible(cmd)];
  // `config` itself: its --kubeconfig is its own flag there
  const kubeconfig = inherited.findIndex((o) => o.long === '--kubeconfig');
  if (cmd.name() === 'config' && cmd.parent === root && kubeconfig >= 0) mine.push(...inherited.splice(kubeconfig, 1));
  return [inherited, mine.sort(byName)];
}

function flagNameCompletions(cmd: Command, p: Parsed, toComplete: string): string[] {
  type Entry = { o?: Option; long: string; short?: string; description: string };
  // kubectl's config command has a persistent --kubeconfig of its own, described differently
  const underConfig = chain(cmd).some((c) => c.name() === 'config' && c.parent && !c.parent.parent);
  const describe = (o: Option) => (underConfig && o.long === '--kubeconfig' ? 'use a particular kubeconfig file' : o.description);
  const toEntry = (o: Option): Entry => ({ o, long: o.long!, short: o.short, description: describe(o) });
  const [inherited, own] = offeredFlags(cmd);
  // cobra adds --help to the command's own flags before completing
  const ownEntries = [...own.map(toEntry), { long: '--help', short: '-h', description: `help for ${cmd.name()}` }];
  ownEntries.sort((a, b) => (a.long < b.long ? -1 : a.long > b.long ? 1 : 0));
  const out: string[] = [];
  for (const e of [...inherited.map(toEntry), ...ownEntries]) {
    if (e.o && p.given.has(e.long) && !isRepeatable(e.o)) continue;
    // kubectl's flag texts in the environment's language (i18n/)
    const text = firstLine(T(e.description));
    if (e.long.startsWith(toComplete)) out.push(`${e.long}\t${text}`);
    if (e.short && e.short.startsWith(toComplete)) out.push(`${e.short}\t${text}`);
  }
  return out;
}

/** Flags kubectl 1.33 marks required (cobra's MarkFlagRequired), by command path. */
const REQUIRED_FLAGS: Record<string, string[]> = {
  autoscale: ['--max'],
  'create clusterrolebinding': ['--clusterrole'],
  'create cronjob': ['--image', '--schedule'],
  'create deployment': ['--image'],
  'create service externalname': ['--external-name'],
  run: ['--image'],
  scale: ['--replicas'],
};

/** cobra's completeRequireFlags: the required flags not given yet whose names start with toComplete. */
function requiredFlagCompletions(cmd: Command, p: Parsed, toComplete: string): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  const required = REQUIRED_FLAGS[names.join(' ')];
  if (!required) return [];
  const out: string[] = [];
  for (const long of [...required].sort()) {
    if (p.given.has(long)) continue;
    const o = findOption(cmd, long.slice(2));
    if (!o) continue;
    const text = firstLine(T(o.description));
    if (long.startsWith(toComplete)) out.push(`${long}\t${text}`);
    if (o.short && o.short.startsWith(toComplete)) out.push(`${o.short}\t${text}`);
  }
  return out;
}

/** The answer for the words of a command line, the last one being completed. */
export async function answer(program: Command, words: string[], ctx: Context): Promise<Answer> {
  let toComplete = words[words.length - 1] ?? '';
  let before = words.slice(0, -1);
  // which flag's value is being completed, as cobra's checkIfFlagCompletion decides
  let valueOf: Option | undefined;
  // kubectl adds the plugins as commands when the first word names no command of its own
  const plugin = await pluginAnswer(program, words, ctx);
  if (plugin) return plugin;
  const p0 = parseWords(program, before);
  if (!p0) return { completions: [], directive: 0, notes: [`[Debug] [Error] unable to find a command for arguments: [${before.join(' ')}]`] };
  let unsupported: string | undefined;
  if (!p0.dashDash) {
    if (toComplete.startsWith('-') && toComplete.includes('=')) {
      const eq = toComplete.indexOf('=');
      const name = toComplete.startsWith('--') ? toComplete.slice(2, eq) : toComplete.slice(eq - 1, eq);
      valueOf = isHelpFlag(name) ? undefined : findOption(p0.cmd, name);
      if (!valueOf) unsupported = `Subcommand '${p0.cmd.name()}' does not support flag '${name}'`;
      toComplete = toComplete.slice(eq + 1);
    } else if (!toComplete.startsWith('-') && before.length) {
      const prev = before[before.length - 1]!;
      if (/^-/.test(prev) && prev !== '--' && !prev.includes('=')) {
        const name = prev.startsWith('--') ? prev.slice(2) : prev.slice(-1);
        const o = findOption(program, name) ?? findOption(p0.cmd, name);
        if (o && takesValue(o)) {
          valueOf = o;
          before = before.slice(0, -1);
        }
      }
    }
  }
  const p = valueOf ? parseWords(program, before)! : p0;
  // cobra parses the flags before completing: pflag's first error ends it
  if (p.flagError) return { completions: [], directive: 0, notes: [`[Debug] [Error] Error while parsing flags from args [${p.rest.join(' ')}]: ${p.flagError}`] };
  if (unsupported) return { completions: [], directive: 0, notes: [`[Debug] [Error] ${unsupported}`] };
  if (p.given.has('--help') || before.some((w) => w === '-h' || w === '--help' || w.startsWith('--help='))) return { completions: [], directive: Directive.NoFileComp };
  const flags = p.flags as GlobalFlags;
  if (valueOf) return valueCompletions(valueOf, p, flags, toComplete, ctx);
  if (toComplete.startsWith('-') && !p.dashDash) {
    // cobra offers the required flags not given yet, and only then the others
    const required = requiredFlagCompletions(p.cmd, p, toComplete);
    return { completions: required.length ? required : flagNameCompletions(p.cmd, p, toComplete), directive: Directive.NoFileComp };
  }
  if (p.cmd.name() === 'help' && p.cmd.parent && !p.cmd.parent.parent) return helpCompletions(p.cmd.parent, p.args, toComplete);
  const completions: string[] = [];
  let directive = 0;
  if (p.args.length === 0 && !p.localFlagGiven) {
    const subs = p.cmd.commands.filter((c) => !c._hidden);
    const named = subs.map((c) => ({ name: c.name(), summary: summaryOf(c) }));
    if (!p.cmd.parent) {
      // cobra's help command, registered by ktl only when it runs
      if (!named.some((n) => n.name === 'help')) named.push({ name: 'help', summary: 'Help about any command' });
      named.push(...(await pluginCommands(ctx, new Set(named.map((n) => n.name)))));
    }
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const n of named) if (n.name.startsWith(toComplete)) completions.push(`${n.name}\t${n.summary}`);
    if (named.length) directive = Directive.NoFileComp;
  }
  // cobra: required flags not given yet, even without a "-" typed (and after "--")
  completions.push(...requiredFlagCompletions(p.cmd, p, toComplete));
  const more = await argCompletions(p, flags, toComplete, ctx);
  if (more) {
    completions.push(...more.completions);
    directive = more.directive;
  }
  return { completions, directive };
}

/**
 * `help WORDS... <TAB>`, as cobra's help command completes: the subcommands of
 * the command WORDS name (the deepest found; a first word naming no command:
 * nothing), help itself among root's.
 */
function helpCompletions(root: Command, words: string[], toComplete: string): Answer {
  let cmd = root;
  for (const w of words) {
    const next = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (!next) {
      if (cmd === root) return { completions: [], directive: Directive.NoFileComp };
      break;
    }
    cmd = next;
  }
  const subs = cmd.commands
    .filter((c) => !c._hidden && c.name().startsWith(toComplete))
    .sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
  return { completions: subs.map((c) => `${c.name()}\t${summaryOf(c)}`), directive: Directive.NoFileComp };
}

/** Plugins on PATH offered beside the built-in commands, as kubectl offers them. */
async function pluginCommands(ctx: Context, builtins: Set<string>): Promise<Array<{ name: string; summary: string }>> {
  const { pluginFiles } = await import('../plugins/list.js');
  const out = new Map<string, string>();
  for (const file of await pluginFiles(ctx, true)) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    const word = (base.split('-')[1] ?? '').replaceAll('_', '-');
    if (word && !builtins.has(word)) out.set(word, `The command ${word} is a plugin installed by the user`);
  }
  return [...out].map(([name, summary]) => ({ name, summary }));
}

/**
 * Runs `__complete` / `__completeNoDesc` with the words after it; returns the
 * exit code. `buildProgram` is cli.ts's (passed in: this module is below cli.ts).
 */
export async function runComplete(
  words: string[],
  ctx: Context,
  noDesc: boolean,
  buildProgram: (ctx: Context, args: string[]) => Promise<Command>,
  translate: (text: string) => string = (text) => text,
): Promise<number> {
  T = translate;
  if (words.length === 0) {
    await write(ctx.io.errOut, 'error: requires at least 1 arg(s), only received 0\n');
    return 1;
  }
  const program = await buildProgram(ctx, words.slice(0, -1));
  const { completions, directive, notes = [] } = await answer(program, words, ctx);
  if (notes.length) await write(ctx.io.errOut, notes.map((n) => `${n}\n`).join(''));
  const lines = completions.map((c) => (noDesc ? c.split('\t')[0]! : c).split('\n')[0]!.trim());
  const ended = `Completion ended with directive: ${directiveName(directive)}\n`;
  // kubectl's options command writes everything to stdout, cobra's closing note included
  const onStdout = words.length > 1 && words[0] === 'options';
  await write(ctx.io.out, lines.map((l) => `${l}\n`).join('') + `:${directive}\n` + (onStdout ? ended : ''));
  if (!onStdout) await write(ctx.io.errOut, ended);
  return 0;
}

interface PluginNode {
  children: Map<string, PluginNode>;
}

/**
 * kubectl's plugin completion. When the first word (not a flag) names none of
 * its commands and more words follow, kubectl clears its global flags and
 * adds each plugin on PATH as a command (two levels at most: kubectl-foo-bar
 * is `foo bar`), taking no flags. A plugin command offers its plugin
 * subcommands, then what `kubectl_complete-<plugin>` on PATH prints for the
 * words after it (a last line `:N` being the directive). Returns undefined
 * when the first word is kubectl's own.
 */
async function pluginAnswer(program: Command, words: string[], ctx: Context): Promise<Answer | undefined> {
  const first = words[0]!;
  if (words.length < 2 || first.startsWith('-')) return undefined;
  const builtins = new Set([...program.commands.map((c) => c.name()), 'help', '__complete', '__completeNoDesc']);
  if (builtins.has(first)) return undefined;
  const notes = ['[Debug] Cleared global flags for plugin completion'];
  const before = words.slice(0, -1);
  const toComplete = words[words.length - 1]!;
  const { pluginFiles } = await import('../plugins/list.js');
  const { pluginPrefixes, lookPath } = await import('../plugins/lookup.js');
  const root: PluginNode = { children: new Map() };
  for (const file of await pluginFiles(ctx, true)) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    const prefix = pluginPrefixes(ctx).find((x) => base.startsWith(`${x}-`))!;
    const names = base.slice(prefix.length + 1).split('-').slice(0, 2).map((w) => w.replaceAll('_', '-'));
    if (builtins.has(names[0]!)) continue;
    let node = root;
    for (const n of names) {
      let next = node.children.get(n);
      if (!next) node.children.set(n, (next = { children: new Map() }));
      node = next;
    }
  }
  const path: string[] = [];
  let node = root;
  for (const w of before) {
    const next = node.children.get(w);
    if (!next) break;
    path.push(w);
    node = next;
  }
  if (path.length === 0) {
    notes.push(`[Debug] [Error] unable to find a command for arguments: [${before.join(' ')}]`);
    return { completions: [], directive: 0, notes };
  }
  const args = before.slice(path.length);
  const completions: string[] = [];
  let directive: number = Directive.NoFileComp;
  if (!(toComplete.startsWith('-') && !toComplete.includes('='))) {
    directive = 0;
    if (args.length === 0) {
      const subs = [...node.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const n of subs) if (n.startsWith(toComplete)) completions.push(`${n}\tThe command ${n} is a plugin installed by the user`);
      if (subs.length) directive = Directive.NoFileComp;
    }
  }
  // the plugin's own completion program, named after the command path
  const pluginName = [ctx.binName, ...path].map((w) => w.replaceAll('-', '_')).join('-');
  const tail = pluginName.slice(pluginName.indexOf('-') + 1);
  let exe: string | undefined;
  for (const prefix of pluginPrefixes(ctx)) {
    notes.push(`[Debug] About to look for: ${prefix}_complete-${tail}`);
    exe = lookPath(`${prefix}_complete-${tail}`, ctx);
    if (exe) break;
  }
  if (!exe) {
    notes.push(`[Debug] Plugin ${pluginName} does not provide a matching completion executable`);
    return { completions, directive: 0, notes };
  }
  const callArgs = [...args, toComplete];
  notes.push(`[Debug] About to call: ${exe} ${callArgs.join(' ')}`);
  // the notes so far come before what the program itself writes to stderr
  await write(ctx.io.errOut, notes.map((n) => `${n}\n`).join(''));
  const out = await runCompletionProgram(exe, callArgs, ctx);
  directive = 0;
  if (out !== undefined) {
    const lines = out.split('\n').filter((l) => l.length > 0);
    const last = lines.at(-1);
    if (last && last.length > 1 && last[0] === ':' && /^[+-]?\d+$/.test(last.slice(1))) {
      directive = Number(last.slice(1));
      lines.pop();
    }
    completions.push(...lines);
  }
  return { completions, directive, notes: [] };
}

/** Runs a plugin's completion program (stdin and stderr shared); its stdout, or undefined when it fails. */
async function runCompletionProgram(file: string, args: string[], ctx: Context): Promise<string | undefined> {
  const { spawn } = await import('node:child_process');
  const { fdOf } = await import('../context.js');
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: [fdOf(ctx.io.in) ?? 'ignore', 'pipe', fdOf(ctx.io.errOut) ?? 'pipe'], env: ctx.env, cwd: ctx.cwd });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.pipe(ctx.io.errOut, { end: false });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks).toString('utf8') : undefined));
  });
}
