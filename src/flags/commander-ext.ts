/**
 * What ktl keeps on Commander's objects beyond Commander's typings: its own
 * marks (examples, diff's exit offset, deprecated flags) and two fields
 * Commander sets but does not declare. Type-only: import it as
 * `import type {} from '.../flags/commander-ext.js'` where they are read.
 */
import type { Factory } from '../factory.js';

export {};

declare module 'commander' {
  interface Command {
    /** kubectl-style examples shown in the help (withExamples) */
    examples?: string;
    /** a help text that replaces the whole layout (withHelpText; kubectl's `options --help`) */
    helpText?: string;
    /** root only: the plugins on PATH, listed in root help */
    plugins?: string[];
    /** diff: added to the exit code of a usage error */
    exitOffset?: number;
    /** diff: flag errors are reported as usage errors */
    flagErrorsAsUsage?: boolean;
    /** Commander's own: the command is hidden from help */
    _hidden?: boolean;
    /** Commander's own: the argv given to parse() */
    rawArgs?: string[];
    /** the line as typed (after kuberc), before ktl rewrote flags for Commander (`-o=yaml` is still one word) */
    lineArgs?: string[];
    /** Commander's own: prints the help when `args` (the unknown options and what follows them) hold the help flag */
    _outputHelpIfRequested(args: string[]): void;
    /** Commander's own: the help option, if any */
    _getHelpOption(): Option | null;
    /** root only: the factories made during the run, closed when it ends (src/cli.ts) */
    factories?: Factory[];
    /** root only: the exit code an action chose (RunState, action() in src/commands/kit.ts) */
    state?: { code: number };
    /** Commander's own (undeclared): reports an unknown option and exits through exitOverride (returns when unknown options are allowed) */
    unknownOption(flag: string): void;
  }
  interface Option {
    /** cobra's MarkDeprecated message (deprecateOption) */
    deprecated?: string;
    /** Commander's own: whether `arg` is this option's short or long flag */
    is(arg: string): boolean;
  }
}
