/**
 * The Context the library runs ktl's modules in: no terminal, nothing read
 * from stdin, nothing written to stdout; what the modules would print on
 * stderr (server warnings, kubectl's notices) goes to `onWarning`, line by
 * line, or nowhere.
 */
import { Readable, Writable } from 'node:stream';
import type { Context } from '../context.js';

export interface LibraryContextOptions {
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
  onWarning?: (message: string) => void;
}

/** A stream that hands each complete line to `line` (or drops everything). */
export function lineSink(line?: (text: string) => void): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      if (line) {
        pending += chunk.toString();
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const text = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          try {
            line(text);
          } catch {
            // a failing callback must not break the request that warned
          }
        }
      }
      cb();
    },
  });
}

export function libraryContext(o: LibraryContextOptions): Context {
  const warn = o.onWarning;
  return {
    io: {
      in: Readable.from([]),
      out: lineSink(),
      errOut: lineSink(warn ? (text) => warn(text.replace(/^Warning: /, '')) : undefined),
      isTTY: false,
      errIsTTY: false,
    },
    env: { ...o.env },
    cwd: o.cwd,
    homeDir: o.homeDir,
    now: () => new Date(),
    binName: 'ktl',
    onInterrupt: () => () => {},
    // a library never ends its host process on a signal
    exitOnTermination: () => () => {},
  };
}
