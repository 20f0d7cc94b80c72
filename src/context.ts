import type { Readable, Writable } from 'node:stream';
import { readStreamCapped } from './read-capped.js';

/** The streams a command may use. Nothing under src/ touches process.* directly. */
export interface IO {
  in: Readable;
  out: Writable;
  errOut: Writable;
  /** stdout is a terminal */
  isTTY: boolean;
  /** stderr is a terminal (spinners and progress go there) */
  errIsTTY: boolean;
}

export interface Context {
  io: IO;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
  /** injectable clock so ages and timeouts can be tested */
  now: () => Date;
  /** Name the binary was invoked as, used in help and usage errors. */
  binName: string;
  /** Runs handler once on Ctrl-C (SIGINT); returns a function that unregisters it. */
  onInterrupt: (handler: () => void) => () => void;
  /**
   * kubectl's interrupt handler (k8s.io/kubectl/pkg/util/interrupt), for the
   * commands that install it (get -w, rollout status, events -w, delete's
   * wait, edit's editor): while registered, SIGINT, SIGTERM, SIGHUP or
   * SIGQUIT run `cleanup` (synchronously) and end ktl at once with status 1,
   * as kubectl's os.Exit(1). Returns a function that unregisters it.
   */
  exitOnTermination: (cleanup: () => void) => () => void;
}

/** Writes a string to a stream and resolves once it is flushed to the OS buffer. */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text.length === 0) return resolve();
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** The OS file descriptor behind a stream (process.stdin/out/err, files), if any: children can share it. */
export function fdOf(s: Readable | Writable): number | undefined {
  const fd = (s as { fd?: unknown }).fd;
  return typeof fd === 'number' ? fd : undefined;
}

/** All of a stream (stdin for -f -, --raw -f -, set env -), as bytes; at most MAX_INPUT_BYTES (src/read-capped.ts). */
export async function readAll(stream: Readable, name = 'STDIN'): Promise<Buffer> {
  return readStreamCapped(stream, name);
}
