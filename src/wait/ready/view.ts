/**
 * How a readiness wait shows itself, on stderr (stdout keeps kubectl's bytes):
 * - plain (piped, CI): one line per state change, `deployment.apps/web: 2/3
 *   replicas available`, `deployment.apps/web ready (14s)`;
 * - live (stderr is a terminal): one line per object still awaited, each
 *   with a spinner and its elapsed time, redrawn in place; an object that is
 *   done leaves a permanent line with a mark above the live ones.
 */
import type { Writable } from 'node:stream';
import { write } from '../../context.js';
import type { Outcome, Reporter, Tracked } from './tracker.js';

/** 14s, 1m3s, 2h0m5s: whole seconds in Go's duration style */
export function formatElapsed(ms: number): string {
  let s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** the line for an object in its current state (no mark, no newline) */
export function stateLine(t: Tracked): string {
  const v = t.verdict;
  if (v.state === 'ready') return `${t.ref} ready (${formatElapsed(t.elapsedMs ?? 0)})`;
  if (v.state === 'failed') return `${t.ref} failed (${formatElapsed(t.elapsedMs ?? 0)}): ${v.message}`;
  return `${t.ref}: ${v.message}`;
}

/** A reporter the signal handler can end synchronously (the process exits right after). */
export interface AbortableReporter extends Reporter {
  /** every object, once the wait has started */
  readonly all: Tracked[];
  /** ends the display at once, with synchronous writes: what is still awaited stays on screen, the cursor is shown */
  abortNow(): void;
}

export class PlainReporter implements AbortableReporter {
  all: Tracked[] = [];

  constructor(private readonly out: Writable) {}

  async start(all: Tracked[]): Promise<void> {
    this.all = all;
    await write(this.out, all.map((t) => stateLine(t) + '\n').join(''));
  }

  abortNow(): void {}

  async update(t: Tracked): Promise<void> {
    await write(this.out, stateLine(t) + '\n');
  }

  finish(): void {}
}

interface Tty extends Writable {
  columns?: number;
  rows?: number;
}

export interface LiveOptions {
  color: boolean;
  now: () => number;
  /** spinner frames (ora's "dots") */
  frames: string[];
  intervalMs: number;
}

/** The terminal view: a live region below the permanent lines. */
export class LiveReporter implements AbortableReporter {
  all: Tracked[] = [];
  private started = false;
  private ended = false;
  private pending: Tracked[] = [];
  private drawn = 0;
  private frame = 0;
  private timer?: NodeJS.Timeout;
  private began = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly out: Tty,
    private readonly o: LiveOptions,
  ) {}

  private paint(code: string, s: string): string {
    return this.o.color ? `\x1b[${code}m${s}\x1b[39m` : s;
  }

  private fit(s: string): string {
    const cols = this.out.columns || 80; // a pseudo-terminal without a size says 0
    return s.length > cols - 1 ? s.slice(0, Math.max(1, cols - 2)) + '…' : s;
  }

  private done(t: Tracked): string {
    const mark = t.verdict.state === 'ready' ? this.paint('32', '✔') : this.paint('31', '✖');
    return `${mark} ${stateLine(t)}\n`;
  }

  /** clears the live region, writes `permanent`, draws the region again */
  private redraw(permanent = '', final = false): Promise<void> {
    const text = this.frameText(permanent, final);
    // writes are chained so frames never interleave
    this.chain = this.chain.then(() => write(this.out, text));
    return this.chain;
  }

  private frameText(permanent: string, final: boolean): string {
    let text = this.drawn ? `\x1b[${this.drawn}A\r\x1b[J` : '';
    text += permanent;
    this.drawn = 0;
    if (!final && this.pending.length) {
      const rows = Math.max(2, (this.out.rows || 24) - 2);
      const shown = this.pending.slice(0, this.pending.length > rows ? rows - 1 : rows);
      const spin = this.paint('36', this.o.frames[this.frame % this.o.frames.length]!);
      const secs = formatElapsed(this.o.now() - this.began);
      for (const t of shown) {
        text += this.fit(`${spin} ${stateLine(t)} ${this.paint('90', `(${secs})`)}`) + '\n';
        this.drawn++;
      }
      if (shown.length < this.pending.length) {
        text += this.fit(`  … and ${this.pending.length - shown.length} more`) + '\n';
        this.drawn++;
      }
    }
    return text;
  }

  async start(all: Tracked[]): Promise<void> {
    this.all = all;
    this.started = true;
    this.began = this.o.now();
    this.pending = all.filter((t) => t.verdict.state === 'waiting');
    await write(this.out, '\x1b[?25l');
    await this.redraw(all.filter((t) => t.verdict.state !== 'waiting').map((t) => this.done(t)).join(''));
    if (this.pending.length) {
      this.timer = setInterval(() => {
        this.frame++;
        void this.redraw().catch(() => {});
      }, this.o.intervalMs);
    }
  }

  async update(t: Tracked): Promise<void> {
    if (t.verdict.state === 'waiting') return this.redraw();
    this.pending = this.pending.filter((x) => x !== t);
    return this.redraw(this.done(t));
  }

  abortNow(): void {
    if (this.timer) clearInterval(this.timer);
    if (!this.started || this.ended) return;
    this.ended = true;
    // a terminal's writes are synchronous: this is on screen before the process exits
    this.out.write(this.frameText(this.finalLines(), true) + '\x1b[?25h');
  }

  private finalLines(): string {
    return this.pending.map((t) => `${this.paint('33', '…')} ${stateLine(t)}\n`).join('');
  }

  async finish(_all: Tracked[], _outcome: Outcome): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.ended) return;
    this.ended = true;
    // what is still awaited stays on screen, without a spinner
    await this.redraw(this.finalLines(), true);
    await write(this.out, '\x1b[?25h');
  }
}
