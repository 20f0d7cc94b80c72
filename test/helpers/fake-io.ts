import { PassThrough, Readable, Writable } from 'node:stream';
import type { Context } from '../../src/context.js';
import { run } from '../../src/cli.js';

/** A Writable that keeps everything written to it. */
export class Capture extends Writable {
  chunks: string[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    cb();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export interface FakeRunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  homeDir?: string;
  isTTY?: boolean;
  now?: () => Date;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function fakeContext(opts: FakeRunOptions = {}): { ctx: Context; out: Capture; err: Capture } {
  const out = new Capture();
  const err = new Capture();
  const input = opts.stdin !== undefined ? Readable.from([opts.stdin]) : new PassThrough();
  const ctx: Context = {
    io: { in: input, out, errOut: err, isTTY: !!opts.isTTY, errIsTTY: false },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    homeDir: opts.homeDir ?? '/nonexistent-home',
    now: opts.now ?? (() => new Date()),
    binName: 'ktl',
    onInterrupt: () => () => undefined,
    exitOnTermination: () => () => undefined,
  };
  return { ctx, out, err };
}

/** Runs ktl in-process with the given args (without "node ktl"). */
export async function runKtl(args: string[], opts: FakeRunOptions = {}): Promise<RunResult> {
  const { ctx, out, err } = fakeContext(opts);
  const code = await run(['node', 'ktl', ...args], ctx);
  return { code, stdout: out.text, stderr: err.text };
}
