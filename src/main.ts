/** Entry point of the bundle: builds the real Context from the process. */
import os from 'node:os';
import type { Context } from './context.js';
import { run } from './cli.js';

export function realContext(argv0 = 'ktl'): Context {
  return {
    io: {
      in: process.stdin,
      out: process.stdout,
      errOut: process.stderr,
      isTTY: !!process.stdout.isTTY,
      errIsTTY: !!process.stderr.isTTY,
    },
    env: process.env,
    cwd: process.cwd(),
    homeDir: os.homedir(),
    now: () => new Date(),
    binName: argv0,
  };
}

export async function main(argv: string[]): Promise<number> {
  return run(argv, realContext());
}

export { run };
