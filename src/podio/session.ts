/**
 * One exec or attach session from the command's point of view: the local
 * terminal set up (and always restored), Ctrl-C turned into kubectl's exit
 * status 1, and the streams handed to the channel protocol.
 */
import type { Clients } from '../client/index.js';
import type { Query } from '../client/transport.js';
import type { Context } from '../context.js';
import { ExitError } from '../errors.js';
import { guardStream } from './line-output.js';
import { streamRemoteCommand, type TerminalSize } from './remotecommand.js';
import type { TerminalSetup } from './terminal.js';

export interface SessionOptions {
  path: string;
  query: Query;
  terminal: TerminalSetup;
  /** stderr is a stream of its own (not with a TTY) */
  stderr: boolean;
  /** attach: send the size +1 first so the remote program redraws */
  redrawResize?: boolean;
}

export async function runSession(ctx: Context, clients: Clients, o: SessionOptions): Promise<void> {
  const t = o.terminal;
  const ac = new AbortController();
  // with stdin, kubectl's interrupt handler: SIGINT, SIGTERM, SIGHUP and SIGQUIT end it at once with status 1
  // (the terminal restored); without stdin kubectl has none, and a signal ends it as the signal does
  const unregister = t.stdin
    ? ctx.exitOnTermination(() => {
        t.restore();
        ac.abort();
      })
    : () => undefined;
  const unguard = guardStream(ctx.io.out);
  let sizes;
  if (t.raw) {
    const now = t.size();
    const initial: TerminalSize[] = now ? (o.redrawResize ? [{ width: now.width + 1, height: now.height + 1 }, now] : [now]) : [];
    sizes = { initial, onChange: t.onResize };
  }
  try {
    await streamRemoteCommand(
      clients.transport,
      o.path,
      o.query,
      {
        stdin: t.stdin ? ctx.io.in : undefined,
        stdout: ctx.io.out,
        stderr: o.stderr ? ctx.io.errOut : undefined,
        tty: t.raw,
        sizes,
        rawTerminalOut: t.raw && ctx.io.isTTY,
      },
      ac.signal,
    );
  } catch (err) {
    if (ac.signal.aborted) throw new ExitError(1);
    throw err;
  } finally {
    t.restore();
    unregister();
    unguard();
  }
}
