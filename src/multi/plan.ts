/**
 * Many contexts at once (a ktl extension): reads `--context A,B`,
 * `--all-contexts`, `--contexts=REGEX` and `--yes` off a command line, and
 * says which commands may run across contexts. Pure; src/multi/run.ts runs
 * the plan. Without these flags nothing here applies and ktl is kubectl.
 */

/** How the contexts are chosen. */
export type ContextSelection = { kind: 'list'; names: string[] } | { kind: 'all' } | { kind: 'regex'; pattern: string };

export interface MultiPlan {
  select: ContextSelection;
  /** --yes: confirms a write to every context --all-contexts/--contexts chose */
  yes: boolean;
  /** the command line without the flags above and without --context */
  args: string[];
}

/** A command line that asks for several contexts in a way ktl refuses. */
export class MultiContextError extends Error {}

/** Read commands that run across contexts. */
export const MULTI_READ_COMMANDS = ['get', 'describe', 'events', 'top', 'auth can-i', 'auth whoami', 'version', 'api-resources', 'logs'];
/** Write commands that run across contexts, with an explicit list or --yes. */
export const MULTI_WRITE_COMMANDS = ['apply', 'delete', 'scale', 'rollout restart', 'set image'];

const GO_BOOL = /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/;
const GO_TRUE = /^(1|t|T|TRUE|true|True)$/;

/** A cheap test run() makes before loading this module. */
export function mayBeMultiContext(args: readonly string[]): boolean {
  return args.some((a) => a.startsWith('--all-contexts') || a.startsWith('--contexts') || a.startsWith('--context'));
}

/**
 * The plan for a command line, or undefined when it names at most one
 * context (then the line is left to kubectl's rules, untouched).
 * Stops at `--`: what follows belongs to the command run in a container.
 */
export function parseMultiContext(args: readonly string[]): MultiPlan | undefined {
  const rest: string[] = [];
  let all = false;
  let regex: string | undefined;
  let context: string | undefined;
  let yes = false;
  const boolValue = (flag: string, v: string): boolean => {
    if (!GO_BOOL.test(v)) throw new MultiContextError(`invalid argument "${v}" for "${flag}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
    return GO_TRUE.test(v);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i));
      break;
    }
    let m: RegExpExecArray | null;
    if (a === '--all-contexts') {
      all = true;
    } else if ((m = /^--all-contexts=(.*)$/s.exec(a))) {
      all = boolValue('--all-contexts', m[1]!);
    } else if (a === '--contexts' || a === '--context') {
      // without a value the line is left to the parser, which says so as pflag does (with the command's usage hint)
      if (i + 1 >= args.length) {
        rest.push(a);
        continue;
      }
      if (a === '--contexts') regex = args[++i]!;
      else context = args[++i]!;
    } else if ((m = /^--(contexts|context)=(.*)$/s.exec(a))) {
      if (m[1] === 'contexts') regex = m[2]!;
      else context = m[2]!;
    } else if (a === '--yes') {
      yes = true;
    } else if ((m = /^--yes=(.*)$/s.exec(a))) {
      yes = boolValue('--yes', m[1]!);
    } else {
      rest.push(a);
    }
  }
  const list = context !== undefined && context.includes(',');
  const ways = [all, regex !== undefined, list].filter(Boolean).length;
  if (ways === 0) return undefined;
  if (ways > 1 || (context !== undefined && !list)) {
    throw new MultiContextError('only one of --context, --all-contexts and --contexts may be given');
  }
  let select: ContextSelection;
  if (all) select = { kind: 'all' };
  else if (regex !== undefined) {
    try {
      new RegExp(regex);
    } catch {
      throw new MultiContextError(`invalid --contexts regular expression "${regex}"`);
    }
    select = { kind: 'regex', pattern: regex };
  } else {
    const names = context!.split(',');
    if (names.some((n) => n === '')) throw new MultiContextError(`empty context name in --context "${context}"`);
    select = { kind: 'list', names: [...new Set(names)] };
  }
  return { select, yes, args: rest };
}

/** Whether `path` ("get", "auth can-i", "rollout restart", "top pod") may run across contexts, and as what. */
export function multiCommandKind(path: string): 'read' | 'write' | undefined {
  const is = (c: string) => path === c || path.startsWith(`${c} `);
  if (MULTI_READ_COMMANDS.some(is)) return 'read';
  if (MULTI_WRITE_COMMANDS.some(is)) return 'write';
  return undefined;
}

/** The contexts a selection names, from the kubeconfig's context names. */
export function selectContexts(select: ContextSelection, available: readonly string[]): string[] {
  const sorted = [...available].sort();
  switch (select.kind) {
    case 'list':
      return select.names;
    case 'all':
      if (sorted.length === 0) throw new MultiContextError('--all-contexts: the kubeconfig has no contexts');
      return sorted;
    case 'regex': {
      const re = new RegExp(select.pattern);
      const chosen = sorted.filter((n) => re.test(n));
      if (chosen.length === 0) throw new MultiContextError(`no context matches --contexts "${select.pattern}"`);
      return chosen;
    }
  }
}

/** -o's value on a command line ('' when absent): `-o x`, `-ox`, `-o=x`, `--output x`, `--output=x`; the last wins. */
export function outputOf(args: readonly string[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if ((a === '-o' || a === '--output') && i + 1 < args.length) out = args[++i]!;
    else if (a.startsWith('--output=')) out = a.slice('--output='.length);
    else if (a.startsWith('-o=')) out = a.slice(3);
    else if (/^-o./.test(a)) out = a.slice(2);
  }
  return out;
}

/** A boolean flag's value on a command line (`--flag`, `--flag=BOOL`, or a short form); the last wins. */
export function boolFlag(args: readonly string[], ...names: string[]): boolean {
  let v = false;
  for (const a of args) {
    if (a === '--') break;
    for (const n of names) {
      if (a === n) v = true;
      else if (a.startsWith(`${n}=`)) v = GO_TRUE.test(a.slice(n.length + 1));
    }
  }
  return v;
}

/** A string flag's value (`--flag x`, `--flag=x`); the last wins. */
export function stringFlag(args: readonly string[], name: string): string | undefined {
  let v: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === name && i + 1 < args.length) v = args[++i]!;
    else if (a.startsWith(`${name}=`)) v = a.slice(name.length + 1);
  }
  return v;
}

/**
 * The line each context runs: `--context=NAME` first, and for the object
 * formats merged here (json, yaml, jsonpath, templates) `-o json` instead
 * of the user's -o and --template.
 */
export function contextArgs(args: readonly string[], context: string, asJson: boolean): string[] {
  if (!asJson) return [`--context=${context}`, ...args];
  const out: string[] = [`--context=${context}`];
  let tail: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      tail = args.slice(i);
      break;
    }
    if (a === '-o' || a === '--output' || a === '--template') {
      i++;
      continue;
    }
    if (a.startsWith('--output=') || a.startsWith('-o') || a.startsWith('--template=')) continue;
    out.push(a);
  }
  out.push('-o', 'json', ...tail);
  return out;
}
