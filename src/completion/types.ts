/** What the completion modules pass each other. */
import type { Command } from 'commander';

export interface Answer {
  completions: string[];
  directive: number;
  /** cobra's debug lines for stderr ("[Debug] ..."), printed before the directive's note */
  notes?: string[];
}

/** What the words before the one being completed say. */
export interface Parsed {
  cmd: Command;
  /** positional arguments of cmd */
  args: string[];
  /** values of the flags given, by Commander attribute name */
  flags: Record<string, unknown>;
  /** long names of the flags given */
  given: Set<string>;
  /** true after a bare "--" */
  dashDash: boolean;
  /** a flag of cmd's own (not inherited) was given: subcommands are no longer offered */
  localFlagGiven: boolean;
  /** pflag's error for the first flag it could not parse (unknown flag), as cobra reports it */
  flagError?: string;
  /** the words left once command names are taken out (cobra's finalArgs) */
  rest: string[];
}
