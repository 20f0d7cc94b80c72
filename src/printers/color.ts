/**
 * ktl's own table colour (kubectl has none): headers dim, status words by
 * meaning. Applied after tabwriter layout so escape codes never change the
 * column widths. Off unless --color=always, or auto with a TTY and no NO_COLOR
 * (printers/color-mode.ts decides; this module is loaded only then).
 */
import { Chalk, type ChalkInstance } from 'chalk';

const GOOD = ['Running', 'Ready', 'Active', 'Bound', 'Available', 'Succeeded', 'Completed', 'True'];
const WARN = ['Pending', 'ContainerCreating', 'Terminating', 'Unknown', 'NotReady', 'SchedulingDisabled', 'PodInitializing', 'Init:0/1'];
const BAD = ['Failed', 'CrashLoopBackOff', 'Error', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Evicted', 'Lost', 'False'];

const wordRe = (words: string[]) => new RegExp(`(?<=^|\\s|,)(${words.map((w) => w.replace(/[/:]/g, '\\$&')).join('|')})(?=\\s|,|$)`, 'g');
const GOOD_RE = wordRe(GOOD);
const WARN_RE = wordRe(WARN);
const BAD_RE = wordRe(BAD);

/** Colours laid-out table text, given each line's kind in output order. */
export class TableColorizer {
  private readonly chalk: ChalkInstance;
  private kinds: Array<'header' | 'row'> = [];
  private partial = '';

  constructor() {
    this.chalk = new Chalk({ level: 1 });
  }

  /** Records the kind of the next line handed to the tabwriter. */
  noteLine = (kind: 'header' | 'row'): void => {
    this.kinds.push(kind);
  };

  /** Colours a chunk of tabwriter output (whole lines, except maybe a tail). */
  colorize(chunk: string): string {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((l) => this.line(l) + '\n').join('');
  }

  private line(l: string): string {
    const kind = this.kinds.shift() ?? 'row';
    if (l === '') return l;
    if (kind === 'header') return this.chalk.dim(l);
    return l
      .replace(BAD_RE, (m) => this.chalk.red(m))
      .replace(WARN_RE, (m) => this.chalk.yellow(m))
      .replace(GOOD_RE, (m) => this.chalk.green(m));
  }
}
