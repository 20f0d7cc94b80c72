import { Command, CommanderError, Help, Option } from 'commander';
import type { Context } from './context.js';
import { write } from './context.js';
import { registerCommands, needsFactory, COMMAND_GROUPS, COMMANDS } from './commands/index.js';
import { addGlobalFlags, pflagTerm, type GlobalFlags } from './flags/global.js';
import type {} from './flags/commander-ext.js';
import { formatError } from './errors-format.js';
import { ConfigError, ExitError, FlagValueError, KtlError, PreConfigError, UsageError } from './errors.js';
import { parseGoDuration } from './config/duration.js';
import { applyKuberc } from './kuberc/index.js';
import type { Factory } from './factory.js';
import { action, commandPath, createApp, loadFactory, type RunState } from './commands/kit.js';
import { goQuote } from './printers/go-format.js';
import { isRecord } from './codec/value.js';
import { T, useLanguage } from './i18n/index.js';

export { createApp, type App } from './commands/kit.js';

/**
 * The root program with the global flags and the commands. Only the command
 * named in args (or every command with verb '*') is really loaded.
 */
export async function buildProgram(ctx: Context, args: string[] = [], verb?: string, o: { placeholders?: boolean } = {}): Promise<Command> {
  const program = new Command(ctx.binName);
  const factories: Factory[] = [];
  program.factories = factories;
  const app = createApp(ctx, factories, () => buildProgram(ctx, [], '*'));
  program
    .description(`${ctx.binName} controls the Kubernetes cluster manager.`)
    .usage('[flags] [options]')
    .allowExcessArguments(false)
    .showSuggestionAfterError(false)
    .helpOption('-h, --help', `help for ${ctx.binName}`)
    .addHelpCommand(false)
    .configureOutput({
      writeOut: (s) => void ctx.io.out.write(s),
      writeErr: (s) => void ctx.io.errOut.write(s),
      outputError: () => {
        /* errors are printed by run() in kubectl's words */
      },
    })
    .exitOverride();
  addGlobalFlags(program, { kuberc: ctx.env.KUBECTL_KUBERC !== 'false' });
  const name = verb ?? findVerb(program, args);
  // `help TOPIC ...` loads the topic's command; no topic or an unknown one: the placeholders, for root help
  const load = name === 'help' ? helpTopic(program, args) : name;
  await Promise.all([registerCommands(program, app, load, o.placeholders), needsFactory(load) ? loadFactory() : undefined]);
  if (name === 'help') registerHelp(program, ctx);
  // root help (no verb, or `help` without a known topic) lists the plugins on PATH as kubectl does
  if (load === undefined && (name === undefined || name === 'help')) {
    const { rootHelpPlugins } = await import('./plugins/list.js');
    program.plugins = await rootHelpPlugins(ctx, new Set(Object.keys(COMMANDS)));
  }
  program.configureHelp({ formatHelp: (cmd, helper) => formatHelp(cmd, helper, ctx.binName) });
  for (const sub of allCommands(program)) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (s) => void ctx.io.out.write(s),
      writeErr: (s) => void ctx.io.errOut.write(s),
      outputError: () => {},
    });
    sub.configureHelp({ formatHelp: (cmd, helper) => formatHelp(cmd, helper, ctx.binName) });
    unknownFlagBeforeHelp(sub);
  }
  unknownFlagBeforeHelp(program);
  return program;
}

/**
 * pflag parses every flag before cobra looks at --help, so an unknown flag
 * is an error even beside -h/--help (`get --bogus --help`: unknown flag,
 * exit 1). Commander prints the help first; here the first unknown option
 * before any `--` is refused before that.
 */
function unknownFlagBeforeHelp(cmd: Command): void {
  const showHelp = cmd._outputHelpIfRequested.bind(cmd);
  cmd._outputHelpIfRequested = (args: string[]) => {
    const help = cmd._getHelpOption();
    const end = args.indexOf('--');
    const flags = (end < 0 ? args : args.slice(0, end)).filter((a) => /^-./.test(a));
    const unknown = help && flags.some((a) => help.is(a)) ? flags.find((a) => !help.is(a)) : undefined;
    if (unknown !== undefined) cmd.unknownOption(unknown);
    showHelp(args);
  };
}

/** The command `help` is asked about (the first word after it) when it is one of ktl's, else undefined. */
function helpTopic(program: Command, args: string[]): string | undefined {
  const at = args.findIndex((a) => a === 'help');
  const topic = findVerb(program, args.slice(at + 1));
  return topic !== undefined && Object.hasOwn(COMMANDS, topic) ? topic : undefined;
}

/**
 * cobra's help command: `help` prints root help, `help CMD [SUB...]` that
 * command's help (words after the deepest command found are ignored), and a
 * first word naming no command `Unknown help topic` and root's usage on
 * stderr; exit 0 in all three.
 */
function registerHelp(program: Command, ctx: Context): void {
  program
    .command('help')
    .summary('Help about any command')
    .description(`Help provides help for any command in the application.\nSimply type ${ctx.binName} help [path to command] for full details.`)
    .usage('[command] [flags]')
    .argument('[command...]')
    .action(
      action(async (words: string[]) => {
        let target = program;
        for (const w of words) {
          const next = target.commands.find((c) => c.name() === w || c.aliases().includes(w));
          if (!next) break;
          target = next;
        }
        if (words.length > 0 && target === program) {
          const topics = words.map((w) => (canBackquote(w) ? `\`${w}\`` : goQuote(w))).join(' ');
          await write(ctx.io.errOut, `Unknown help topic [${topics}]\n\n\n${rootUsage(program, ctx.binName)}`);
          return 0;
        }
        target.outputHelp();
        return 0;
      }),
    );
}

/** Go's strconv.CanBackquote: whether %#q prints the word between backquotes. */
function canBackquote(s: string): boolean {
  return !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff\ufffd]/.test(s);
}

function* allCommands(cmd: Command): Generator<Command> {
  for (const sub of cmd.commands) {
    yield sub;
    yield* allCommands(sub);
  }
}

/**
 * Runs ktl with argv (as process.argv: node, script, ...args) and returns the
 * exit code. Every error is printed here, once, in kubectl's words.
 */
export async function run(argv: string[], ctx: Context): Promise<number> {
  // kubectl's language (LC_ALL, LC_MESSAGES, LANG): its catalogue is read only for a language other than English
  await useLanguage(ctx.env);
  // the shell scripts' hidden completion request (cobra's __complete)
  if (argv[2] === '__complete' || argv[2] === '__completeNoDesc') {
    const { runComplete } = await import('./completion/complete.js');
    return runComplete(argv.slice(3), ctx, argv[2] === '__completeNoDesc', buildProgram, T);
  }
  // ~/.kube/kuberc (kubectl 1.33's preferences): aliases and flag defaults rewrite the line
  const line = await applyKuberc(argv.slice(2), ctx, (a) => buildProgram(ctx, a, undefined, { placeholders: true }));
  if (typeof line === 'number') return line;
  return runLine(line, ctx, argv.slice(2));
}

/** Runs a command line that kuberc has already rewritten. */
async function runLine(line: string[], ctx: Context, raw: string[] = line): Promise<number> {
  // ktl extension: --context A,B / --all-contexts / --contexts=REGEX run the line once per context
  if (line.some((a) => a.startsWith('--context') || a.startsWith('--all-contexts'))) {
    const multi = await runAcrossContexts(line, ctx);
    if (multi !== undefined) return multi;
  }
  const program = await buildProgram(ctx, line);
  // the line as typed, before kuberc: what --record writes into kubernetes.io/change-cause
  program.rawArgs = raw;
  program.lineArgs = line;
  const state: RunState = { code: 0 };
  program.state = state;
  let args: string[];
  try {
    const warnings: string[] = [];
    try {
      args = normalizeArgs(program, line, (t) => warnings.push(t));
    } finally {
      if (warnings.length) await write(ctx.io.errOut, warnings.join(''));
    }
  } catch (err) {
    if (!(err instanceof FlagValueError)) throw err;
    return handleFlagValueError(err, program, line, ctx);
  }
  if (args.length === 0) {
    program.outputHelp();
    return 0;
  }
  // a first word that is no built-in command: a plugin from PATH, or kubectl's unknown-command error
  // (`create X` may run a create-X plugin); a built-in verb skips loading the plugin code
  const verb = findVerb(program, args);
  if (verb !== undefined && (verb === 'create' || !program.commands.some((c) => c.name() === verb || c.aliases().includes(verb)))) {
    const { dispatchPlugin } = await import('./plugins/dispatch.js');
    const handled = await dispatchPlugin(program, args, verb, ctx);
    if (handled !== undefined) return handled;
  }
  if (verb !== undefined) ctx.commandChosen?.(verb);
  try {
    await program.parseAsync(args, { from: 'user' });
    if (state.code === 0 && args.includes('--warnings-as-errors')) {
      // kubectl: after a command that succeeded, any server warning fails the run
      const { warningCount } = await import('./client/warnings.js');
      const n = warningCount(ctx);
      if (n > 0) {
        await write(ctx.io.errOut, `error: ${n} warning${n === 1 ? '' : 's'} received\n`);
        return 1;
      }
    }
    return state.code;
  } catch (err) {
    if (err instanceof ExitError && err.silent) return err.exitCode;
    // a write to a closed stdout/stderr: quiet, as SIGPIPE ends kubectl
    if (isClosedPipe(err)) return CLOSED_PIPE_EXIT;
    if (err instanceof CommanderError) return handleCommanderError(err, program, args, ctx);
    if (err instanceof FlagValueError) return handleFlagValueError(err, program, args, ctx);
    // a -f document nested deeper than this stack takes: the launcher runs the line again on a larger one
    if (ctx.rerunOnLargerStack && isRecord(err) && err.deepDocument === true) {
      return await ctx.rerunOnLargerStack(Buffer.isBuffer(err.stdin) ? err.stdin : undefined);
    }
    if (err instanceof ConfigError) err = (await printerFirst(program, args, ctx)) ?? err;
    else if (checkedBeforeConfig(err)) err = (await kubeconfigFault(program, args, ctx)) ?? err;
    if (err instanceof ConfigError && err.forms) err = await configErrorAsSeen(err, program, args);
    const verbosity = verbosityOf(args);
    const { text, code } = formatError(err, { binName: ctx.binName, verbosity });
    if (text) await write(ctx.io.errOut, text.endsWith('\n') ? text : text + '\n');
    return code;
  } finally {
    for (const f of program.factories ?? []) f.close();
  }
}

/**
 * A failure of ktl's own checks that kubectl makes only after its Complete has
 * read the kubeconfig (Validate's, and Run's before any request): with a
 * kubeconfig that does not work, kubectl reports that instead. The usage errors
 * kubectl's Complete raises first (the NAME count, USAGE lines) and flag
 * values keep their place.
 */
function checkedBeforeConfig(err: unknown): boolean {
  return (
    err instanceof KtlError &&
    !(err instanceof UsageError || err instanceof PreConfigError || err instanceof FlagValueError || err instanceof ConfigError || err instanceof ExitError)
  );
}

/** The commands that never read the kubeconfig (version only without --client). */
const NO_KUBECONFIG = new Set(['config', 'completion', 'plugin', 'kustomize', 'options', 'help', 'alpha']);

/** Commands whose Complete builds the printer before it reads the kubeconfig (kubectl 1.33, measured). */
const PRINTER_FIRST = new Set([
  'annotate',
  'certificate approve',
  'certificate deny',
  'cluster-info dump',
  'create',
  'expose',
  'scale',
  'set env',
  'set image',
  'set resources',
  'set selector',
  'set serviceaccount',
  'set subject',
  'wait',
]);

/** The error the -o and --template flags give when they make no printer (an unknown format, a template that does not parse). */
async function printerFault(flags: Record<string, unknown>, ctx: Context): Promise<Error | undefined> {
  try {
    const { objectPrintOptions } = await import('./mutate/output.js');
    const { createPrinter } = await import('./printers/resource-printer.js');
    const printer = await createPrinter(objectPrintOptions(flags), { cwd: ctx.cwd });
    try {
      // a template is parsed on its first use: a run on nothing shows a parse error
      printer.print({}, () => undefined);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('error parsing ')) return new KtlError(e.message.trimEnd());
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : undefined;
  }
}

/** For a command that makes its printer first, the printer's fault in place of a kubeconfig fault. */
async function printerFirst(program: Command, args: string[], ctx: Context): Promise<Error | undefined> {
  const cmd = findCommand(program, args);
  if (!PRINTER_FIRST.has(pathBelowRoot(cmd))) return undefined;
  return printerFault(cmd.optsWithGlobals(), ctx);
}

/** The kubeconfig's fault for this line's command, if it has one; undefined when the kubeconfig works. */
async function kubeconfigFault(program: Command, args: string[], ctx: Context): Promise<ConfigError | undefined> {
  const cmd = findCommand(program, args);
  const path = pathBelowRoot(cmd);
  const verb = path.split(' ')[0]!;
  if (verb === '' || NO_KUBECONFIG.has(verb)) return undefined;
  const flags = cmd.optsWithGlobals<GlobalFlags & { client?: boolean }>();
  if (verb === 'version' && flags.client) return undefined;
  const { kubeconfigLoaded, loadRestConfig } = await import('./config/rest-config.js');
  if (kubeconfigLoaded(ctx)) return undefined;
  // a command's own --user (create rolebinding, set subject) names a subject, not the kubeconfig's user
  if (cmd.options.some((o) => o.long === '--user')) delete flags.user;
  // these commands make their printer (-o, a template) before they read the kubeconfig
  if (PRINTER_FIRST.has(path) && (await printerFault(flags as Record<string, unknown>, ctx))) return undefined;
  try {
    await loadRestConfig(ctx, flags);
    return undefined;
  } catch (e) {
    return e instanceof ConfigError ? e : undefined;
  }
}

/** A kubeconfig fault worded as the command that ran meets it first in kubectl (src/config/lookup-order.ts). */
async function configErrorAsSeen(err: ConfigError, program: Command, args: string[]): Promise<ConfigError> {
  const { configErrorFor } = await import('./config/lookup-order.js');
  const cmd = findCommand(program, args);
  const opts = cmd.optsWithGlobals<GlobalFlags & { raw?: string }>();
  return configErrorFor(err, pathBelowRoot(cmd), { namespaceFlag: !!opts.namespace, raw: opts.raw !== undefined });
}

/** The multi-context run of a line, or undefined when the line names at most one context. */
async function runAcrossContexts(line: string[], ctx: Context): Promise<number | undefined> {
  const { parseMultiContext, multiCommandKind, MultiContextError, MULTI_READ_COMMANDS, MULTI_WRITE_COMMANDS } = await import('./multi/plan.js');
  try {
    const plan = parseMultiContext(line);
    if (!plan) return undefined;
    if (plan.args.includes('-h') || plan.args.includes('--help')) return runLine(plan.args, ctx);
    const program = await buildProgram(ctx, plan.args);
    // help prints the same text whatever the contexts
    if (findVerb(program, plan.args) === 'help') return runLine(plan.args, ctx);
    const path = pathBelowRoot(findCommand(program, plan.args));
    const kind = multiCommandKind(path);
    if (!kind) {
      throw new MultiContextError(
        `${path ? `"${path}"` : 'this command'} does not run across contexts; reads: ${MULTI_READ_COMMANDS.join(', ')}; writes (with --yes or a --context list): ${MULTI_WRITE_COMMANDS.join(', ')}`,
      );
    }
    const { runMultiContext } = await import('./multi/run.js');
    return await runMultiContext(plan, kind, path, ctx, runLine);
  } catch (err) {
    if (isClosedPipe(err)) return CLOSED_PIPE_EXIT;
    const { text, code } = err instanceof MultiContextError ? { text: `error: ${err.message}`, code: 1 } : formatError(err, { binName: ctx.binName, verbosity: verbosityOf(line) });
    if (text) await write(ctx.io.errOut, text.endsWith('\n') ? text : text + '\n');
    return code;
  }
}

/** The status a shell reports for a process killed by SIGPIPE (128 + 13), as kubectl is on a closed stdout. */
export const CLOSED_PIPE_EXIT = 141;

function isClosedPipe(err: unknown): boolean {
  const code = isRecord(err) ? err.code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

function verbosityOf(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^(?:-v|--v)=?(\d+)$/.exec(a);
    if (m) return Number(m[1]);
    if ((a === '-v' || a === '--v') && args[i + 1]) return Number(args[i + 1]) || 0;
  }
  return 0;
}

const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const GO_TRUE = /^(1|t|T|TRUE|true|True)$/;

/** pflag's name for a flag in its messages: `-w, --watch` or `--raw`. */
function pflagName(o: Option): string {
  return o.short && o.long ? `${o.short}, ${o.long}` : (o.long ?? o.short ?? '');
}

/** A boolean flag as pflag sees it: a Commander flag without a value, or one declared `[bool]`. */
function isBoolOption(o: Option): boolean {
  return (!o.required && !o.optional) || o.flags.includes('[bool]');
}

/** What Commander takes for a negative number (an argument, not a flag). */
const NEGATIVE_NUMBER = /^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/;
/** How normalizeArgs hands such a word to Commander (an unknown flag; the error shows the word). */
const NEGATIVE_NUMBER_FLAG = '--ktl-negative-number=';

/**
 * Accepts pflag spellings Commander does not, and refuses what pflag refuses
 * before any command runs: `-n=ns` (shorthand with "="), `--flag=BOOL` and
 * `-w=BOOL` for boolean flags (`--no-flag` when Commander has a negation,
 * otherwise the flag is dropped for false; a value that is not Go's
 * strconv.ParseBool syntax is pflag's error), and a bare `[bool]` flag that
 * must not take the next argument as its value. Stops at "--".
 */
export function normalizeArgs(program: Command, args: string[], warn?: (text: string) => void): string[] {
  const out: string[] = [];
  let cmd = program;
  const chain = (): Command[] => {
    const cs: Command[] = [];
    for (let c: Command | null = cmd; c; c = c.parent) cs.push(c);
    return cs;
  };
  const findOption = (long: string): Option | undefined => {
    for (const c of chain()) {
      const o = c.options.find((x) => x.long === long);
      if (o) return o;
    }
    return undefined;
  };
  const findShort = (short: string): Option | undefined => chain().flatMap((c) => c.options).find((o) => o.short === short);
  /** a boolean flag given a value: what Commander should see instead */
  const boolWithValue = (opt: Option, value: string): string[] => {
    if (!GO_BOOL.test(value)) throw new FlagValueError(value, pflagName(opt), `strconv.ParseBool: parsing "${value}": invalid syntax`);
    if (opt.optional) return [`${opt.long}=${value}`]; // `[bool]`: the command reads the text
    const yes = GO_TRUE.test(value);
    if (opt.negate) {
      // kubectl's own --no-x flags (--no-headers): true is the flag, false its absence
      const positive = findOption(opt.long!.replace(/^--no-/, '--'));
      if (!positive) return yes ? [opt.long!] : [];
      return yes ? [] : [positive.long!];
    }
    if (yes) return [opt.long ?? opt.short!];
    const negation = opt.long ? findOption(`--no-${opt.long.slice(2)}`) : undefined;
    return negation ? [negation.long!] : [];
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    // pflag reads `-1` as shorthand flags (unknown), where Commander would take a negative
    // number for an argument of a leaf command: it goes to Commander as an unknown long
    // flag, reported in its place among other unknown flags; a plugin's arguments are left alone
    if (cmd !== program && NEGATIVE_NUMBER.test(a)) {
      out.push(`${NEGATIVE_NUMBER_FLAG}${a}`);
      continue;
    }
    // pflag's MarkDeprecated: the flag still works, each use says so on stderr
    const named = /^(--[A-Za-z0-9][\w-]*)(?:=|$)/.exec(a);
    // only a flag of the command that runs (or a global one): a parent's is unknown there, with no warning
    const deprecated = named ? [...cmd.options, ...program.options].find((o) => o.long === named[1]) : undefined;
    if (deprecated?.deprecated !== undefined) warn?.(`Flag ${deprecated.long} has been deprecated, ${deprecated.deprecated}\n`);
    const short = /^-([A-Za-z])=(.*)$/s.exec(a);
    if (short) {
      const opt = findShort(`-${short[1]}`);
      // `-X=` with nothing after: pflag reads the "=" itself as the value, or for a boolean as the next shorthand
      if (opt && short[2] === '') {
        if (isBoolOption(opt)) out.push(...boolWithValue(opt, 'true'), '-=');
        else out.push(`-${short[1]}`, '=');
        continue;
      }
      if (opt && isBoolOption(opt)) out.push(...boolWithValue(opt, short[2]!));
      else if (opt) out.push(`-${short[1]}`, short[2]!);
      // no such flag: left whole, so the error names the word as pflag does (`in -a=x`)
      else out.push(a);
      continue;
    }
    const long = /^(--[A-Za-z0-9][\w-]*)=(.*)$/s.exec(a);
    if (long) {
      const opt = findOption(long[1]!);
      // ktl's `[bool-or-duration]` flags (--wait on apply/replace): pflag's boolean, or a duration (ktl extension)
      if (opt?.flags.includes('[bool-or-duration]') && !GO_BOOL.test(long[2]!) && parseGoDuration(long[2]!) === undefined) {
        throw new FlagValueError(long[2]!, pflagName(opt), `strconv.ParseBool: parsing "${long[2]!}": invalid syntax`);
      }
      if (opt && isBoolOption(opt)) {
        out.push(...boolWithValue(opt, long[2]!));
        continue;
      }
    }
    if (/^-[A-Za-z]$|^--[A-Za-z0-9][\w-]*$/.test(a)) {
      const opt = a.startsWith('--') ? findOption(a) : findShort(a);
      // a flag whose value is the next argument: copy both, so a value is never taken for a command
      if (opt && opt.required && i + 1 < args.length) {
        out.push(a, args[++i]!);
        continue;
      }
      // pflag never gives the next argument to a boolean flag: `--raw nope` is the flag and an argument;
      // nor to ktl's optional-value flags (`--wait-ready [timeout]`, `--wait [bool-or-duration]`)
      if (opt && opt.optional && (isBoolOption(opt) || /\[(timeout|bool-or-duration)\]/.test(opt.flags))) {
        out.push(`${opt.long}=true`);
        continue;
      }
    }
    if (!a.startsWith('-')) {
      const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
      if (next) cmd = next;
    }
    out.push(a);
  }
  return out;
}

/** The first argument that is not a flag or a global flag's value: the verb. */
export function findVerb(program: Command, args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (!a.startsWith('-') || a === '-') return a;
    if (a.includes('=')) continue;
    const opt = program.options.find((o) => o.long === a || o.short === a);
    const skip = flagTakesNext(a, opt, args.length - i - 1);
    if (skip === 'stop') return undefined;
    if (skip) i++;
  }
  return undefined;
}

/**
 * cobra's stripFlags, which finds the command before any flag is parsed: a
 * flag without `=` that is unknown or takes a value (`--foo`, `-x`, `-n`;
 * not `-xyz`, not a boolean) takes the next word as its value, unless at
 * most one word follows it, which ends the search. So `--foo get pods`
 * looks for a command `pods` (then a plugin, refused: a flag comes first),
 * and `-x get` finds no command (root's usage hint).
 */
function flagTakesNext(a: string, opt: Option | undefined, remaining: number): boolean | 'stop' {
  const candidate = opt ? !!opt.required : a.startsWith('--') || a.length === 2;
  if (!candidate) return false;
  return remaining <= 1 ? 'stop' : true;
}

/** Maps Commander's parse errors to pflag/cobra's wording. */
async function handleCommanderError(
  err: CommanderError,
  program: Command,
  args: string[],
  ctx: Context,
): Promise<number> {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') {
    return 0;
  }
  const bin = ctx.binName;
  const path = findCommandPath(program, args);
  let text: string;
  switch (err.code) {
    case 'commander.unknownOption': {
      const m = /unknown option '([^']+)'/.exec(err.message);
      let flag = m?.[1] ?? '';
      if (flag.startsWith(NEGATIVE_NUMBER_FLAG)) flag = flag.slice(NEGATIVE_NUMBER_FLAG.length);
      const shown = flag.startsWith('--') ? flag.split('=')[0]! : `-${flag.replace(/^-/, '').charAt(0)}`;
      text = flag.startsWith('--')
        ? `error: unknown flag: ${shown}\nSee '${path} --help' for usage.\n`
        : `error: unknown shorthand flag: '${shown.slice(1)}' in ${flag}\nSee '${path} --help' for usage.\n`;
      break;
    }
    case 'commander.unknownCommand': {
      const m = /unknown command '([^']+)'/.exec(err.message);
      text = `error: unknown command "${m?.[1] ?? ''}" for "${path}"\n`;
      break;
    }
    case 'commander.optionMissingArgument': {
      const m = /option '(?:-(\w), )?(--[\w-]+)/.exec(err.message);
      // the flag without its value is the line's last word (before any --); pflag names a shorthand by its letter
      const end = args.indexOf('--');
      const last = (end < 0 ? args : args.slice(0, end)).at(-1) ?? '';
      const short = m?.[1];
      const shown = short && /^-[^-]/.test(last) && last.endsWith(short) ? `'${short}' in -${short}` : (m?.[2] ?? err.message);
      text = `error: flag needs an argument: ${shown}\nSee '${path} --help' for usage.\n`;
      break;
    }
    case 'commander.missingMandatoryOptionValue': {
      const m = /option '(?:-\w, )?--([\w-]+)/.exec(err.message);
      text = `error: required flag(s) "${m?.[1] ?? ''}" not set\n`;
      break;
    }
    case 'commander.invalidArgument':
      text = `error: ${err.message.replace(/^error: /, '')}\nSee '${path} --help' for usage.\n`;
      break;
    case 'commander.excessArguments':
      text = `error: unexpected arguments\nSee '${path} -h' for help and examples\n`;
      break;
    default:
      text = `error: ${err.message.replace(/^error: /, '')}\n`;
  }
  return printFlagError(text, program, args, ctx, err.code !== 'commander.unknownCommand');
}

/** A flag value pflag refuses: its message and cobra's usage footer. */
function handleFlagValueError(err: FlagValueError, program: Command, args: string[], ctx: Context): Promise<number> {
  return printFlagError(`error: ${err.message}\nSee '${findCommandPath(program, args)} --help' for usage.\n`, program, args, ctx, true);
}

async function printFlagError(text: string, program: Command, args: string[], ctx: Context, flagError: boolean): Promise<number> {
  // a command that words flag errors as usage errors and exits higher (diff: kubectl's CheckDiffErr)
  const target = findCommand(program, args);
  if (target.flagErrorsAsUsage && flagError) {
    const path = commandPath(target);
    text = text.replace(/\nSee '[^']*' for usage\.\n$/, '\n').replace(/\n$/, `\nSee '${path} -h' for help and examples\n`);
  }
  await write(ctx.io.errOut, text);
  return 1 + (target.exitOffset ?? 0);
}

/** The deepest command named by the leading non-flag args ("ktl config view"); flag values are skipped. */
function findCommand(program: Command, args: string[]): Command {
  let cmd = program;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (a.includes('=')) continue;
      let opt: Option | undefined;
      for (let c: Command | null = cmd; c && !opt; c = c.parent) opt = c.options.find((o) => o.long === a || o.short === a);
      const skip = flagTakesNext(a, opt, args.length - i - 1);
      if (skip === 'stop') break;
      if (skip) i++;
      continue;
    }
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    cmd = next;
  }
  return cmd;
}

/** A command's path without the binary's name ("create deployment"; "" for the root). */
function pathBelowRoot(cmd: Command): string {
  return commandPath(cmd).split(' ').slice(1).join(' ');
}

function findCommandPath(program: Command, args: string[]): string {
  return commandPath(findCommand(program, args));
}

/**
 * Root help from the command groups on: what cobra's usage template prints
 * for root (also after `Unknown help topic`).
 */
function rootUsage(cmd: Command, bin: string): string {
  const lines: string[] = [];
  const byName = new Map(cmd.commands.map((c) => [c.name(), c]));
  // kubectl pads names to 15 columns plus one space
  const pad = Math.max(15, ...cmd.commands.map((c) => c.name().length)) + 1;
  for (const group of COMMAND_GROUPS) {
    const members = group.commands.map((n) => byName.get(n)).filter((c): c is Command => !!c);
    if (members.length === 0) continue;
    lines.push(`${group.title}:`);
    for (const c of members) lines.push(`  ${c.name().padEnd(pad)}${say(c.summary() || firstLine(c.description()), bin)}`);
    lines.push('');
    // kubectl's group for the plugins found on PATH comes after the settings commands
    if (group.title === 'Settings Commands') {
      lines.push('Subcommands provided by plugins:');
      for (const p of cmd.plugins ?? []) lines.push(`  ${p.padEnd(11)}   The command ${p} is a plugin installed by the user`);
      lines.push('');
    }
  }
  lines.push('Usage:', `  ${bin} [flags] [options]`, '');
  lines.push(`Use "${bin} <command> --help" for more information about a given command.`);
  lines.push(`Use "${bin} options" for a list of global command-line options (applies to all commands).`);
  return lines.join('\n') + '\n';
}

/**
 * Help under the name ktl runs as: the descriptions and examples name ktl as
 * the command to run, and say `kubectl ...` when ktl runs as kubectl. ktl's
 * own flags ("ktl only: ...") and extension commands keep ktl's name.
 */
function formatHelp(cmd: Command, helper: Help, bin: string): string {
  const text = formatHelpText(cmd, helper, bin);
  if (bin === 'ktl') return text;
  return text
    .split('\n')
    .map((line) => (/^\tktl\b|^ktl Extensions|\(ktl\)$/.test(line) ? line : line.replace(/(?<![\w./-])ktl(?![\w.-])/g, bin)))
    .join('\n');
}

/** Help laid out the way kubectl's cobra templates lay it out. */
function formatHelpText(cmd: Command, helper: Help, bin: string): string {
  const lines: string[] = [];
  const desc = say(cmd.description(), bin);
  if (desc) lines.push(desc, '');
  if (!cmd.parent) {
    lines.push(' Find more information at: https://kubernetes.io/docs/reference/kubectl/', '');
    return lines.join('\n') + '\n' + rootUsage(cmd, bin);
  }
  // a command whose help is its own text (options: none at all, as kubectl)
  if (cmd.helpText !== undefined) return cmd.helpText;
  const examples = cmd.examples;
  if (cmd.aliases().length) lines.push('Aliases:', `${[cmd.name(), ...cmd.aliases()].join(', ')}`, '');
  // kubectl indents every example line, the blank ones between examples too
  if (examples) lines.push('Examples:', say(examples.replace(/\n+$/, '').replace(/^$/gm, '  '), bin), '');
  // cobra lists the available subcommands sorted by name
  const subs = cmd.commands.filter((c) => !c._hidden).sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
  if (subs.length) {
    lines.push('Available Commands:');
    // cobra pads names to at least 11 columns, then 3 spaces
    const pad = Math.max(11, ...subs.map((c) => c.name().length)) + 3;
    for (const c of subs) lines.push(`  ${c.name().padEnd(pad)}${say(c.summary() || firstLine(c.description()), bin)}`);
    lines.push('');
  }
  const opts = cmd.options
    // a --no-x flag is listed unless it only negates a listed --x (kubectl has flags like --no-headers)
    .filter((o) => !o.hidden && o.long !== '--help' && !(o.negate && cmd.options.some((x) => x.long === o.long!.replace(/^--no-/, '--'))))
    .sort((a, b) => (a.long ?? '').localeCompare(b.long ?? ''));
  if (opts.length) {
    lines.push('Options:');
    for (const o of opts) {
      lines.push(`    ${pflagTerm(o)}:`);
      lines.push(`\t${say(o.description, bin)}`, '');
    }
  }
  // kubectl's usage line ends with [options] (added when the command's own text lacks it)
  const usage = `${commandPath(cmd)} ${cmd.usage()}`.trimEnd();
  lines.push('Usage:', `  ${usage.includes('[options]') ? usage : `${usage} [options]`}`, '');
  if (subs.length) lines.push(`Use "${commandPath(cmd)} <command> --help" for more information about a given command.`);
  lines.push(`Use "${bin} options" for a list of global command-line options (applies to all commands).`);
  return lines.join('\n') + '\n';
}

/** "ktl get" (a call of a command in a help text), and the same as kubectl names it. */
let calls: { ktl: RegExp; kubectl: RegExp } | undefined;
function callPatterns(): { ktl: RegExp; kubectl: RegExp } {
  if (calls) return calls;
  const verbs = [...Object.keys(COMMANDS), 'help'].map((v) => v.replace(/-/g, '\\-')).join('|');
  return (calls = { ktl: new RegExp(`\\bktl(?= (?:${verbs})\\b)`, 'g'), kubectl: new RegExp(`\\bkubectl(?= (?:${verbs})\\b)`, 'g') });
}

/**
 * A help text as kubectl prints it: its calls of ktl named as the binary is
 * called, translated to the environment's language (i18n/). kubectl's
 * catalogues name calls `kubectl ...`: the text is looked up so.
 */
function say(text: string, bin: string): string {
  const { ktl, kubectl } = callPatterns();
  const asKubectl = text.replace(ktl, 'kubectl');
  const shown = T(asKubectl);
  if (bin === 'kubectl') return shown;
  return shown === asKubectl ? text : shown.replace(kubectl, bin);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}
