/**
 * Writing streamed container output: whole lines at a time (so several pods
 * followed at once never mix mid-line), an optional per-line prefix, and
 * back-pressure (each write waits for the stream, so a fast log is never
 * held in memory). A closed stdout ends the command quietly.
 */
import type { Writable } from 'node:stream';
import { ExitError } from '../errors.js';

/** The exit status a shell reports for kubectl killed by SIGPIPE when stdout is closed. */
export const CLOSED_STDOUT_EXIT = 141;

export class StdoutClosedError extends ExitError {
  constructor() {
    super(CLOSED_STDOUT_EXIT);
  }
}

/** Resolves once `data` is handed to the stream; a broken stdout becomes StdoutClosedError. */
export function writeOut(out: Writable, data: Buffer | string): Promise<void> {
  if (data.length === 0) return Promise.resolve();
  if (out.destroyed || out.writableEnded) return Promise.reject(new StdoutClosedError());
  return new Promise((resolve, reject) => {
    out.write(data, (err) => (err ? reject(new StdoutClosedError()) : resolve()));
  });
}

/** Keeps a stream's 'error' event (EPIPE on a closed pipe) from becoming an uncaught exception. */
export function guardStream(s: Writable): () => void {
  const onError = () => undefined;
  s.on('error', onError);
  return () => s.removeListener('error', onError);
}

const NL = 0x0a;

/**
 * Splits chunks into whole lines for one source. `push` writes every complete
 * line (with the prefix before each); `flush` writes the unterminated rest.
 */
export class LineWriter {
  private pending: Buffer[] = [];
  private pendingLen = 0;

  constructor(
    private readonly out: Writable,
    private readonly prefix: Buffer | undefined,
  ) {}

  async push(chunk: Buffer): Promise<void> {
    const last = chunk.lastIndexOf(NL);
    if (last < 0) {
      this.pending.push(chunk);
      this.pendingLen += chunk.length;
      return;
    }
    const head = this.pendingLen ? Buffer.concat([...this.pending, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
    const rest = chunk.subarray(last + 1);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingLen = rest.length;
    await writeOut(this.out, this.prefix ? prefixLines(head, this.prefix) : head);
  }

  async flush(): Promise<void> {
    if (!this.pendingLen) return;
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingLen = 0;
    await writeOut(this.out, this.prefix ? Buffer.concat([this.prefix, rest]) : rest);
  }
}

/** The prefix before every line of `text` (which ends with a newline). */
function prefixLines(text: Buffer, prefix: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf(NL, start);
    const end = nl < 0 ? text.length : nl + 1;
    parts.push(prefix, text.subarray(start, end));
    start = end;
  }
  return Buffer.concat(parts);
}
