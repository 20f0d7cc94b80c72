/**
 * What ktl keeps on Commander's objects beyond Commander's typings: its own
 * marks (examples, diff's exit offset, deprecated flags) and two fields
 * Commander sets but does not declare. Type-only: import it as
 * `import type {} from '.../flags/commander-ext.js'` where they are read.
 */
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
    /** Commander's own: prints the help when `args` (the unknown options and what follows them) hold the help flag */
    _outputHelpIfRequested(args: string[]): void;
    /** Commander's own: the help option, if any */
    _getHelpOption(): Option | null;
    /** Commander's own: reports an unknown option (unless unknown options are allowed) */
    unknownOption(flag: string): void;
  }
  interface Option {
    /** cobra's MarkDeprecated message (deprecateOption) */
    deprecated?: string;
    /** Commander's own: whether `arg` is this option's short or long flag */
    is(arg: string): boolean;
  }
}
