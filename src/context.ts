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
  /**
   * The launcher's (bin/ktl.js): runs this same command line again in a
   * worker with a larger stack, for a -f document nested deeper than the
   * main stack takes (src/codec/depth.ts), handing it what was read from
   * stdin; resolves to that run's exit code. Absent in the library, tests
   * and the runs of a multi-context line.
   */
  rerunOnLargerStack?: (stdin: Buffer | undefined) => Promise<number>;
  /**
   * Set in that worker (bin/large-stack.mjs): deep -f documents are read there.
   * `inputsRead()` is called once the -f sources are read: what the run
   * printed before repeats what the first run printed, and is dropped.
   */
  largeStack?: { inputsRead(): void };
  /**
   * Told which built-in command the line runs, just before it runs (the
   * launcher keeps its compile cache per command: bin/load-cli.js).
   */
  commandChosen?: (verb: string) => void;
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
  return 'fd' in s && typeof s.fd === 'number' ? s.fd : undefined;
}

const inputStdin = new WeakSet<object>();

/**
 * The run reads its stdin as input (`-f -`, set env's `-`): an exec
 * credential plugin cannot have it then (client-go's StdinUnavailable, which
 * kubectl's builder sets when it reads stdin).
 */
export function markStdinInUse(stream: Readable): void {
  inputStdin.add(stream);
}

/** See markStdinInUse. */
export function stdinInUse(stream: Readable | undefined): boolean {
  return !!stream && inputStdin.has(stream);
}

/** All of a stream (stdin for -f -, --raw -f -, set env -), as bytes; at most MAX_INPUT_BYTES (src/read-capped.ts). */
export async function readAll(stream: Readable, name = 'STDIN'): Promise<Buffer> {
  return readStreamCapped(stream, name);
}
