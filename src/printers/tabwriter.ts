/**
 * Go's text/tabwriter (the liggitt/tabwriter fork kubectl vendors), left-aligned
 * with space padding. Cells end at '\t' (or '\v'); lines end at '\n' (or '\f').
 * A column block is a run of consecutive lines that have a tab-terminated cell
 * in that column; its width is max(minWidth, widest cell + padding). The last
 * cell of a line is never part of a column, so it is never padded. Widths are
 * measured in code points (Go counts runes, not display columns).
 */

import { capturingTables, TABLE_LINE_MARK } from './table-capture.js';

export interface TabWriterOptions {
  minWidth: number;
  tabWidth: number;
  padding: number;
  padChar: string;
  /** Keep per-column widths across flushes; they only grow (kubectl's watch). */
  rememberWidths: boolean;
}

/** printers.GetNewTabWriter: what `get`, custom-columns, config views use. */
export const KUBECTL_TABLE_OPTIONS: Readonly<TabWriterOptions> = Object.freeze({
  minWidth: 6,
  tabWidth: 4,
  padding: 3,
  padChar: ' ',
  rememberWidths: true,
});

/** The writer behind `describe` and `rollout history` (minwidth 0, padding 2). */
export const KUBECTL_DESCRIBE_OPTIONS: Readonly<TabWriterOptions> = Object.freeze({
  minWidth: 0,
  tabWidth: 8,
  padding: 2,
  padChar: ' ',
  rememberWidths: false,
});

interface Cell {
  text: string;
  width: number;
  /** Terminated by '\t' (as opposed to '\v'); only matters for empty-column discarding, kept for fidelity. */
  htab: boolean;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Number of code points, which is what Go's utf8.RuneCount gives for valid text. */
export function runeCount(s: string): number {
  // most cells hold no surrogate: one code point per code unit (a native scan, not a loop here)
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}


export type TextSink = ((chunk: string) => void) | { write(chunk: string): unknown };

/**
 * A streaming tabwriter. write() may be called with any fragments; output is
 * produced when a line without tabs ends (Go flushes then) and on flush().
 */
export class TabWriter {
  private readonly opts: TabWriterOptions;
  private readonly emit: (chunk: string) => void;
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxWidths: number[] = [];
  private out: string[] = [];
  /** table capture (src/printers/table-capture.ts): lines pass through unpadded and marked */
  private readonly capture: boolean;
  private pending = '';

  constructor(sink: TextSink, options: Partial<TabWriterOptions> = KUBECTL_TABLE_OPTIONS) {
    this.opts = { ...KUBECTL_TABLE_OPTIONS, ...options };
    if (this.opts.padChar.length !== 1) throw new Error('tabwriter: padChar must be a single character');
    this.emit = typeof sink === 'function' ? sink : (chunk: string) => void sink.write(chunk);
    this.capture =
      capturingTables() && this.opts.padding === KUBECTL_TABLE_OPTIONS.padding && this.opts.minWidth === KUBECTL_TABLE_OPTIONS.minWidth;
  }

  write(text: string): void {
    if (this.capture) {
      const lines = (this.pending + text).split(/[\n\f]/);
      this.pending = lines.pop()!;
      if (lines.length) this.emit(lines.map((l) => TABLE_LINE_MARK + l.replace(/\v/g, '\t') + '\n').join(''));
      return;
    }
    let start = 0;
    // the cell ends (tab, vertical tab, newline, form feed) found by a native scan: a whole table written at
    // once is no long loop here; a regular expression of this call's own, as a flush may write to another writer
    const cellEnd = /[\t\v\n\f]/g;
    for (let m = cellEnd.exec(text); m !== null; m = cellEnd.exec(text)) {
      const i = m.index;
      const ch = text[i];
      this.cell += text.slice(start, i);
      start = i + 1;
      const ncells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        // A line with a single cell cannot influence later columns, so Go flushes here.
        if (ch === '\f' || ncells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Formats and emits everything buffered; a trailing partial line is written without a newline. */
  flush(): void {
    if (this.capture) {
      if (this.pending) this.emit(TABLE_LINE_MARK + this.pending.replace(/\v/g, '\t'));
      this.pending = '';
      return;
    }
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
    if (this.out.length > 0) {
      const chunk = this.out.join('');
      this.out = [];
      this.emit(chunk);
    }
  }

  /** The remembered per-column widths (padding included). */
  rememberedWidths(): number[] {
    return [...this.maxWidths];
  }

  /** kubectl resets these (to nothing) when a new resource type starts a new table. */
  setRememberedWidths(widths: readonly number[] = []): this {
    this.maxWidths = [...widths];
    return this;
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let th = line0; th < line1; th++) {
      if (column >= this.lines[th].length - 1) continue;
      // This line opens a block of lines that all have a cell in this column.
      this.writeLines(line0, th);
      line0 = th;
      let width = this.opts.minWidth;
      for (; th < line1; th++) {
        const line = this.lines[th];
        if (column >= line.length - 1) break;
        const w = line[column].width + this.opts.padding;
        if (w > width) width = w;
      }
      if (this.opts.rememberWidths) {
        if (this.maxWidths.length < this.widths.length) {
          this.maxWidths.push(...this.widths.slice(this.maxWidths.length));
        }
        if (this.maxWidths.length === this.widths.length) this.maxWidths.push(width);
        else if (this.maxWidths[column] > width) width = this.maxWidths[column];
        else this.maxWidths[column] = width;
      }
      this.widths.push(width);
      this.format(line0, th);
      this.widths.pop();
      // The line that ended the block has no cell here; skipping it (as Go does) is harmless.
      line0 = th;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        this.out.push(c.text);
        if (j < this.widths.length) this.out.push(this.opts.padChar.repeat(this.widths[j] - c.width));
      });
      // The final buffered "line" is the unterminated tail: no newline for it.
      if (i + 1 < this.lines.length) this.out.push('\n');
    }
  }
}

/** Lays out a whole text at once (one flush) and returns it. */
export function formatTabbed(text: string, options: Partial<TabWriterOptions> = KUBECTL_TABLE_OPTIONS): string {
  const parts: string[] = [];
  const w = new TabWriter((s) => parts.push(s), options);
  w.write(text);
  w.flush();
  return parts.join('');
}

/** Convenience: rows of cells joined by tabs, one line each, laid out with kubectl's table settings. */
export function formatRows(rows: readonly (readonly string[])[], options: Partial<TabWriterOptions> = KUBECTL_TABLE_OPTIONS): string {
  return formatTabbed(rows.map((r) => r.join('\t') + '\n').join(''), options);
}
