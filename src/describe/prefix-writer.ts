/**
 * kubectl's describe PrefixWriter: text written at an indentation level (two
 * spaces per level) into a Go tabwriter (minwidth 0, padding 2, spaces).
 * Every write is escaped as kubectl escapes terminal output (ESC -> "^[",
 * CR -> "\r"), so object text cannot drive the terminal. Callers format
 * the text themselves (template strings stand in for Go's Sprintf).
 */
import { KUBECTL_DESCRIBE_OPTIONS, TabWriter } from '../printers/tabwriter.js';

/** Indentation levels, as kubectl names them. */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** printers.EscapeTerminal */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export interface PrefixWriter {
  /** Writes `text` after `level` indentation steps. */
  write(level: number, text: string): void;
  /** Go's Sprintln of the values (space separated, newline at the end), unindented. */
  writeLine(...values: unknown[]): void;
  /**
   * Ends the current column block: what follows is aligned on its own
   * (kubectl flushes before the events table, and for some nested tables).
   */
  flush(): void;
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
function sprintln(values: unknown[]): string {
  return values.map((v) => (v === undefined || v === null ? '<nil>' : String(v))).join(' ') + '\n';
}

/** The root writer of one description; `toString()` once everything is written. */
export class DescribeWriter implements PrefixWriter {
  private readonly parts: string[] = [];
  private readonly tw = new TabWriter((s) => this.parts.push(s), KUBECTL_DESCRIBE_OPTIONS);

  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(Math.max(0, level)) + text));
  }

  writeLine(...values: unknown[]): void {
    this.tw.write(escapeTerminal(sprintln(values)));
  }

  flush(): void {
    this.tw.flush();
  }

  /** Flushes and returns the whole text. */
  toString(): string {
    this.tw.flush();
    return this.parts.join('');
  }
}

/**
 * NewNestedPrefixWriter: every level shifted by `indent`; writeLine is
 * indented too (unlike the root writer's).
 */
export class NestedPrefixWriter implements PrefixWriter {
  constructor(
    private readonly out: PrefixWriter,
    private readonly indent: number,
  ) {}

  write(level: number, text: string): void {
    this.out.write(level + this.indent, text);
  }

  writeLine(...values: unknown[]): void {
    this.out.write(this.indent, sprintln(values));
  }

  flush(): void {
    this.out.flush();
  }
}

/** tabbedString: runs `fn` against a fresh writer and returns the laid-out text. */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  const w = new DescribeWriter();
  fn(w);
  return w.toString();
}
