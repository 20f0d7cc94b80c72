/**
 * The local terminal for exec/attach -t, as kubectl's term.TTY handles it:
 * raw mode only when stdin is a terminal (else kubectl's notice and no TTY),
 * always restored (normal end, error, Ctrl-C), and the window size of stdout
 * followed for the resize channel.
 */
import type { Readable, Writable } from 'node:stream';
import type { TerminalSize } from './remotecommand.js';

interface TtyIn extends Readable {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?: (on: boolean) => unknown;
}
interface TtyOut extends Writable {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface TerminalSetup {
  /** stdin is passed to the remote side */
  stdin: boolean;
  /** the remote side gets a TTY (raw local terminal) */
  raw: boolean;
  /** puts the terminal back as it was; safe to call more than once */
  restore(): void;
  /** the current size of stdout's terminal, when it is one */
  size(): TerminalSize | undefined;
  /** calls fn on each window-size change; returns the unsubscribe */
  onResize(fn: (s: TerminalSize) => void): () => void;
}

export function setupTerminal(io: { in: TtyIn; out: TtyOut; errOut: Writable }, o: { stdin: boolean; tty: boolean; quiet: boolean }): TerminalSetup {
  const input = io.in;
  const out = io.out;
  const size = (): TerminalSize | undefined =>
    out.isTTY && out.columns && out.rows ? { width: out.columns, height: out.rows } : undefined;
  const onResize = (fn: (s: TerminalSize) => void) => {
    const h = () => {
      const s = size();
      if (s) fn(s);
    };
    out.on('resize', h);
    return () => void out.removeListener('resize', h);
  };
  const none = { restore: () => undefined, size, onResize };
  if (!o.stdin) return { stdin: false, raw: false, ...none };
  if (!o.tty) return { stdin: true, raw: false, ...none };
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    if (!o.quiet) io.errOut.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    return { stdin: true, raw: false, ...none };
  }
  const wasRaw = !!input.isRaw;
  input.setRawMode(true);
  let restored = false;
  return {
    stdin: true,
    raw: true,
    restore() {
      if (restored) return;
      restored = true;
      input.setRawMode?.(wasRaw);
    },
    size,
    onResize,
  };
}
