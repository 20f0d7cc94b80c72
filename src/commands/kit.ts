/**
 * What every command module uses to declare itself: the App it is given,
 * action() (result -> exit code), subCommandRun, commandPath, withExamples.
 * Apart from the registry (index.ts), cli.ts and commands/ meet here: this
 * module does not import the registry, so no command imports it through cli.ts.
 */
import { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { KtlError, UsageError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import { goQuote } from '../printers/go-format.js';
import type { Factory, FactoryOptions } from '../factory.js';
import type {} from '../flags/commander-ext.js';

/** What a command's action receives besides its own arguments. */
export interface App {
  ctx: Context;
  /** root flags merged with the command's own */
  globals(cmd: Command): GlobalFlags;
  /**
   * The factory for this run, from the connection flags as `cmd` sees them;
   * its clients are closed when the command ends. `command` (the
   * Kubectl-Command header) defaults to the command path, e.g. "ktl scale".
   */
  factory(cmd: Command, o?: FactoryOptions): Factory;
  /** The root program with every command registered (plugin list: which plugins a command shadows). */
  allCommands(): Promise<Command>;
}

/**
 * factory.ts and what it imports (the resource builder, its argument parser,
 * the client's mapper ...), loaded with the command that needs them: commands
 * the registry marks `factory: false` (version, config ...) start without.
 */
let factoryModule: typeof import('../factory.js') | undefined;

/** Loads factory.ts once; app.factory() needs it loaded. */
export async function loadFactory(): Promise<void> {
  factoryModule ??= await import('../factory.js');
}

/** The App for a run; every factory it makes is recorded in `factories` so run() can close it. */
export function createApp(ctx: Context, factories: Factory[] = [], allCommands?: () => Promise<Command>): App {
  return {
    ctx,
    allCommands: () => (allCommands ? allCommands() : Promise.reject(new Error('internal error: this App has no program'))),
    globals: (cmd) => cmd.optsWithGlobals<GlobalFlags>(),
    factory(cmd, o = {}) {
      // a command the registry marks `factory: false` must not ask for one
      if (!factoryModule) throw new Error(`internal error: ${commandPath(cmd)} uses a factory; its registry entry says it does not`);
      const f = factoryModule.createFactory(ctx, cmd.optsWithGlobals<GlobalFlags>(), { command: commandPath(cmd), ...o });
      factories.push(f);
      return f;
    },
  };
}

/** Holds the exit code an action chose, since Commander actions return nothing useful. */
export interface RunState {
  code: number;
}

/**
 * Wraps an async action so its result becomes the exit code and any error is
 * thrown through to run(), where it is printed once.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    // Commander passes the command itself last
    const cmd = args[args.length - 1];
    const state = cmd instanceof Command ? rootOf(cmd).state : undefined;
    // a command with a --profile of its own (debug) shadows the global one, as a local flag does in cobra
    if (cmd instanceof Command && !cmd.options.some((o) => o.long === '--profile')) checkProfile(rootOf(cmd).opts<GlobalFlags>().profile);
    const code = await fn(...args);
    if (state && typeof code === 'number') state.code = code;
  };
}

/** The profiles Go's runtime/pprof offers kubectl's --profile (with cpu). */
const GO_PROFILES = new Set(['cpu', 'goroutine', 'threadcreate', 'heap', 'allocs', 'block', 'mutex']);

/**
 * --profile, checked before any command runs as kubectl's pre-run does: `none` is
 * nothing to do, a name Go does not have is kubectl's error. ktl has no Go runtime
 * to capture a pprof file from, so a real profile name is refused in one line
 * rather than leaving no file behind without a word.
 */
function checkProfile(profile: string | undefined): void {
  if (profile === undefined || profile === 'none') return;
  if (!GO_PROFILES.has(profile)) throw new KtlError(`unknown profile '${profile}'`);
  throw new KtlError(`--profile=${profile}: ktl is not a Go program and cannot write a pprof profile; only 'none' is accepted`);
}

function rootOf(cmd: Command): Command {
  let c: Command = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/**
 * cobra's DefaultSubCommandRun, kubectl's run of a group command (rollout,
 * set, auth, config, create secret ...): a word that names no subcommand is an
 * unknown command with the usage footer; alone, the help on `stream`, exit 1.
 */
export function subCommandRun(cmd: Command, stream: 'out' | 'err' = 'err'): Command {
  return cmd.argument('[command...]').action(
    action(async (args: string[]) => {
      rejectForeignFlags(cmd);
      if (args.length > 0) throw new UsageError(`unknown command ${goQuote(args.join(' '))}`, commandPath(cmd));
      cmd.outputHelp({ error: stream === 'err' });
      return 1;
    }),
  );
}

/**
 * cobra parses every flag of the line against the command that runs: its own
 * flags and the global ones. Commander lets a parent keep its options wherever
 * they appear (`create secret -o yaml` gives -o to create, and `create
 * deployment -f x` -f), so the command that runs checks the line itself: the
 * first flag that is neither its own nor global is pflag's unknown flag.
 */
export function rejectForeignFlags(cmd: Command): void {
  const root = rootOf(cmd);
  const known = [...cmd.options, ...root.options];
  // the words as typed: pflag names `-o=yaml` whole
  const raw = root.lineArgs ?? root.rawArgs ?? [];
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    if (a === '--') return;
    if (!a.startsWith('-') || a === '-') continue;
    if (a.startsWith('--')) {
      const opt = known.find((o) => o.long === a.split('=')[0]);
      if (!opt) cmd.unknownOption(a);
      else if (opt.required && !a.includes('=')) i++;
      continue;
    }
    // shorthands: -abc is -a -b -c until one takes a value (the rest, or the next argument)
    for (let j = 1; j < a.length; j++) {
      const opt = known.find((o) => o.short === `-${a[j]}`);
      if (!opt) {
        cmd.unknownOption(a);
        break;
      }
      if (opt.required || opt.optional) {
        if (opt.required && j === a.length - 1) i++;
        break;
      }
    }
  }
}

/** "ktl config view" for a command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Attach kubectl-style examples to a command's help. */
export function withExamples(cmd: Command, examples: string): Command {
  cmd.examples = examples;
  return cmd;
}

/** Replaces a command's help with `text` (kubectl's `options --help` prints nothing). */
export function withHelpText(cmd: Command, text: string): Command {
  cmd.helpText = text;
  return cmd;
}

export { Option };
