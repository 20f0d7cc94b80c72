/**
 * exec/attach over the WebSocket channel protocol kubectl 1.33 uses
 * (`v5.channel.k8s.io`, offered with `v4.channel.k8s.io` for servers that
 * lack v5). `ws` does the WebSocket framing; each message's first byte names
 * the channel: 0 stdin, 1 stdout, 2 stderr, 3 error (a Status once the
 * command ends), 4 resize; v5 adds the close signal (255, channel) that
 * tells the server stdin has ended.
 */
import { mapAt, mapsAt, stringAt } from '../codec/value.js';
import type { Readable, Writable } from 'node:stream';
import type WebSocket from 'ws';
import type { Transport } from '../client/transport.js';
import type { Query } from '../client/transport.js';
import { dialWebSocket } from '../client/websocket.js';
import { ExitError, KtlError } from '../errors.js';
import { StdoutClosedError } from './line-output.js';

export const PROTOCOL_V5 = 'v5.channel.k8s.io';
export const PROTOCOL_V4 = 'v4.channel.k8s.io';

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;
/** stdin goes out in messages of at most this size (client-go's copy buffer) */
const STDIN_FRAME = 32 * 1024;
/** stdin bytes allowed on their way to the socket before reading pauses */
const STDIN_WINDOW = 512 * 1024;

export interface TerminalSize {
  width: number;
  height: number;
}

export interface RemoteStreams {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  tty: boolean;
  /** sizes to send on the resize channel: the first at once, then each change */
  sizes?: { initial: TerminalSize[]; onChange(fn: (s: TerminalSize) => void): () => void };
  /**
   * stdout is the local terminal in Node's raw mode, which (unlike Go's)
   * keeps the terminal turning "\n" into "\r\n": the remote terminal's "\r\n"
   * is written as "\n" so that the screen gets the bytes kubectl gives it
   */
  rawTerminalOut?: boolean;
}

/** The bytes without each "\r" that comes right before a "\n". */
export function withoutCrBeforeLf(data: Buffer): Buffer {
  if (data.indexOf('\r\n') < 0) return data;
  const out = Buffer.allocUnsafe(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0d && data[i + 1] === 0x0a) continue;
    out[n++] = data[i]!;
  }
  return out.subarray(0, n);
}

/** The remote command ended with a non-zero status: kubectl's `command terminated with exit code N`. */
export class RemoteExitError extends ExitError {
  constructor(readonly code: number) {
    super(code, false);
    this.message = `command terminated with exit code ${code}`;
  }
}

interface StatusLike {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

/** The Status fields the error channel's decoder reads (a field of another type reads as absent). */
function statusLike(v: unknown): StatusLike {
  const details = mapAt(v, 'details');
  return {
    status: stringAt(v, 'status'),
    message: stringAt(v, 'message'),
    reason: stringAt(v, 'reason'),
    details: details && { causes: mapsAt(details, 'causes').map((c) => ({ reason: stringAt(c, 'reason'), message: stringAt(c, 'message') })) },
  };
}

/** client-go's v4 error decoder: Success, a non-zero exit code, or the Status message as the error. */
export function decodeErrorChannel(text: string): Error | undefined {
  if (text === '') return undefined;
  let st: StatusLike;
  try {
    st = statusLike(JSON.parse(text));
  } catch {
    return new KtlError(`error stream protocol error: ${text}`);
  }
  if (st.status === 'Success') return undefined;
  if (st.status !== 'Failure') return new KtlError('error stream protocol error: unknown error');
  if (st.reason === 'NonZeroExitCode') {
    if (!st.details) return new KtlError('error stream protocol error: details must be set');
    const cause = (st.details.causes ?? []).find((c) => c.reason === 'ExitCode');
    if (!cause) return new KtlError('error stream protocol error: no ExitCode cause given');
    const rc = /^\d+$/.test(cause.message ?? '') ? Number(cause.message) : NaN;
    if (!(rc >= 0 && rc <= 255)) return new KtlError(`error stream protocol error: invalid exit code value ${JSON.stringify(cause.message)}`);
    return new RemoteExitError(rc);
  }
  return new KtlError(st.message ?? '');
}

/**
 * Runs one exec/attach session: stdin is sent as it is read (end of input
 * signalled on v5), output written with back-pressure, resizes forwarded.
 * Resolves when the server closes the session; throws RemoteExitError for a
 * non-zero exit, the server's message for a failure, ExitError(1) when the
 * signal aborts (Ctrl-C).
 */
export async function streamRemoteCommand(
  transport: Transport,
  path: string,
  query: Query,
  streams: RemoteStreams,
  signal: AbortSignal,
): Promise<void> {
  let dialed;
  try {
    dialed = await dialWebSocket(transport, { path, query, method: 'GET' }, [PROTOCOL_V5, PROTOCOL_V4], signal);
  } catch (err) {
    if (signal.aborted) throw new ExitError(1);
    throw err;
  }
  const { ws, protocol } = dialed;
  const errorChunks: Buffer[] = [];
  let outputFailed: Error | undefined;
  // back-pressure as a pipe does it: the socket is paused only while an
  // output stream says it is full (write() returned false), until it drains;
  // pausing for every message made each one wait for the write before it
  const full = new Set<Writable>();
  const writeTo = (w: Writable | undefined, data: Buffer) => {
    if (!w || data.length === 0 || outputFailed) return;
    const more = w.write(data, (err) => {
      if (err && !outputFailed) {
        outputFailed = new StdoutClosedError();
        ws.terminate();
      }
    });
    if (more || full.has(w)) return;
    full.add(w);
    if (full.size === 1) ws.pause();
    const drained = () => {
      w.off('drain', drained);
      w.off('close', drained);
      full.delete(w);
      if (full.size === 0) ws.resume();
    };
    w.on('drain', drained);
    w.on('close', drained);
  };
  ws.on('message', (raw: Buffer, isBinary: boolean) => {
    const data = isBinary ? raw : Buffer.from(raw);
    if (data.length === 0) return;
    const payload = data.subarray(1);
    switch (data[0]) {
      case STDOUT:
        writeTo(streams.stdout, streams.rawTerminalOut ? withoutCrBeforeLf(payload) : payload);
        break;
      case STDERR:
        writeTo(streams.stderr, payload);
        break;
      case ERROR:
        errorChunks.push(Buffer.from(payload));
        break;
      default:
        break;
    }
  });
  let closeCode = 0;
  const closed = new Promise<void>((resolve) => {
    ws.once('close', (code: number) => {
      closeCode = code;
      resolve();
    });
    ws.on('error', () => undefined);
  });
  const onAbort = () => ws.terminate();
  signal.addEventListener('abort', onAbort, { once: true });
  // Ctrl-C between the upgrade and here: the listener above would never hear it
  if (signal.aborted) ws.terminate();

  ws.resume();
  const stopResize = sendSizes(ws, streams.sizes);
  const stdinDone = streams.stdin ? pumpStdin(ws, streams.stdin, protocol === PROTOCOL_V5) : undefined;
  try {
    await closed;
  } finally {
    signal.removeEventListener('abort', onAbort);
    stopResize();
    stdinDone?.stop();
  }
  if (outputFailed) throw outputFailed;
  if (signal.aborted) throw new ExitError(1);
  // let the last output writes reach the streams before the exit status is reported
  await Promise.all([flushed(streams.stdout), flushed(streams.stderr)]);
  const status = Buffer.concat(errorChunks).toString('utf8');
  // a session cut off (no close frame, no status) is not a success; gorilla/websocket's words for it
  if (status === '' && closeCode === 1006) throw new KtlError('websocket: close 1006 (abnormal closure): unexpected EOF');
  const err = decodeErrorChannel(status);
  if (err) throw err;
}

function flushed(w: Writable | undefined): Promise<void> {
  if (!w || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => w.write('', () => resolve()));
}

function send(ws: WebSocket, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState !== ws.OPEN) return resolve();
    ws.send(data, { binary: true }, () => resolve());
  });
}

function sendSizes(ws: WebSocket, sizes: RemoteStreams['sizes']): () => void {
  if (!sizes) return () => undefined;
  const one = (s: TerminalSize) => void send(ws, Buffer.concat([Buffer.from([RESIZE]), Buffer.from(JSON.stringify({ Width: s.width, Height: s.height }))]));
  for (const s of sizes.initial) one(s);
  return sizes.onChange(one);
}

/**
 * Copies stdin to channel 0 as it is read (pausing while the socket is
 * busy); at its end sends v5's close signal for stdin. stop() lets go of
 * stdin so the process can exit.
 */
function pumpStdin(ws: WebSocket, stdin: Readable, canClose: boolean): { stop(): void } {
  let stopped = false;
  // bytes handed to the socket and not yet written out: stdin is read on
  // while they stay under the window (waiting for each message to be written
  // before reading the next made uploads crawl)
  let inFlight = 0;
  let waiting = false;
  let last: Promise<void> = Promise.resolve();
  const onData = (chunk: Buffer | string) => {
    if (stopped || ws.readyState !== ws.OPEN) return;
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    inFlight += b.length;
    if (inFlight > STDIN_WINDOW && !waiting) {
      waiting = true;
      stdin.pause();
    }
    // let the event loop read what the server sent first: once the command has
    // exited the server resets the connection on more input, and a failed write
    // tears the socket down before its output and exit status would be read
    const sent = new Promise<void>((resolve) =>
      setImmediate(() => {
        if (stopped || ws.readyState !== ws.OPEN) return resolve();
        const parts: Promise<void>[] = [];
        for (let i = 0; i < b.length; i += STDIN_FRAME) {
          const piece = b.subarray(i, i + STDIN_FRAME);
          const frame = Buffer.allocUnsafe(piece.length + 1);
          frame[0] = STDIN;
          piece.copy(frame, 1);
          parts.push(send(ws, frame));
        }
        void Promise.all(parts).then(() => resolve());
      }),
    );
    last = sent.then(() => {
      inFlight -= b.length;
      if (waiting && inFlight <= STDIN_WINDOW / 2 && !stopped) {
        waiting = false;
        stdin.resume();
      }
    });
  };
  const onEnd = () => {
    // after the last data message has been sent
    void last.then(() =>
      setImmediate(() => {
        if (!stopped && canClose) void send(ws, Buffer.from([CLOSE, STDIN]));
      }),
    );
  };
  const onError = () => undefined;
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.on('error', onError);
  stdin.resume();
  return {
    stop() {
      stopped = true;
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onError);
      stdin.pause();
    },
  };
}
