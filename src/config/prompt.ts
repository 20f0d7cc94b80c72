/**
 * kubectl's credential prompt: when the server is reached over TLS and the
 * kubeconfig and flags give nothing that identifies the user (no username,
 * client certificate, token, auth provider or exec plugin), kubectl asks on
 * the terminal before it makes its client (client-go's PromptingAuthLoader,
 * reached because kubectl has the deprecated --username/--password flags).
 *
 * What a user sees, as kubectl does it:
 * - `Please enter Username: ` on stdout, then one word read from stdin
 *   (leading blanks and newlines skipped, the word ends at the next blank);
 *   stdin at its end before a word: `error: EOF`.
 * - `Please enter Password: ` on stdout, read from the terminal without echo;
 *   when stdin is not a terminal: `error: error reading input for Password`.
 * Asked once per run; a run whose stdin is piped never gets past the password.
 */
import type { Readable } from 'node:stream';
import { write, type Context } from '../context.js';
import { ConfigError, ExitError } from '../errors.js';

const asked = new WeakMap<Context, Promise<{ username: string; password: string }>>();

/** Asks once per run; later calls get the same answer (or the same error). */
export function promptForCredentials(ctx: Context): Promise<{ username: string; password: string }> {
  let p = asked.get(ctx);
  if (!p) {
    p = ask(ctx);
    asked.set(ctx, p);
  }
  return p;
}

async function ask(ctx: Context): Promise<{ username: string; password: string }> {
  await write(ctx.io.out, 'Please enter Username: ');
  const username = await scanWord(ctx.io.in);
  await write(ctx.io.out, 'Please enter Password: ');
  const tty = ctx.io.in as Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  if (!tty.isTTY || typeof tty.setRawMode !== 'function') throw new ConfigError('error reading input for Password');
  const password = await readHidden(tty as Readable & { setRawMode: (on: boolean) => unknown });
  return { username, password };
}

/** Go's fmt.Fscan white space (ASCII and the Unicode spaces it lists). */
function isSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(ch);
}

/**
 * One word from the stream as fmt.Fscan reads a string: blanks skipped, the
 * word up to the next blank (that blank is consumed, the rest is left in the
 * stream); the end of input before a word is `EOF`.
 */
export function scanWord(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen: Buffer[] = [];
    const finish = (rest: Buffer | undefined, result: () => void): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      if (rest && rest.length > 0) input.unshift(rest);
      result();
    };
    const word = (): string => Buffer.concat(seen).toString('utf8');
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let start = 0;
      // a word so far is kept as bytes: a character may be split across chunks
      for (let i = 0; i < buf.length; ) {
        const len = utf8Length(buf[i]!);
        const ch = buf.subarray(i, i + len).toString('utf8');
        if (isSpace(ch)) {
          if (seen.length > 0 || i > start) {
            seen.push(buf.subarray(start, i));
            const text = word();
            if (text.length > 0) return finish(buf.subarray(i + len), () => resolve(text));
          }
          start = i + len;
        }
        i += len;
      }
      if (start < buf.length) seen.push(Buffer.from(buf.subarray(start)));
    };
    const onEnd = (): void => {
      const text = word();
      finish(undefined, () => (text.length > 0 ? resolve(text) : reject(new ConfigError('EOF'))));
    };
    const onError = (e: Error): void => finish(undefined, () => reject(new ConfigError(e.message)));
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onError);
    input.resume();
  });
}

function utf8Length(first: number): number {
  return first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
}

/**
 * A line from the terminal with echo off (golang.org/x/term ReadPassword):
 * up to Enter, backspace edits, Ctrl-C ends the run (130), Ctrl-D on an empty line
 * is the end of input. Nothing is echoed, not even the newline.
 */
function readHidden(input: Readable & { setRawMode: (on: boolean) => unknown }): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    input.setRawMode(true);
    const finish = (result: () => void): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      result();
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(line));
        // the terminal's Ctrl-C would have ended kubectl by SIGINT: the shell sees 130
        if (ch === '\u0003') return finish(() => reject(new ExitError(130)));
        if (ch === '\u0004' && line === '') return finish(() => reject(new ConfigError('EOF')));
        if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
        else line += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
