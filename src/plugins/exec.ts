/**
 * Running a plugin. kubectl replaces itself with the plugin (execve); Node
 * cannot, so ktl runs it as a child sharing stdio and env, ignores Ctrl-C
 * itself (the terminal sends it to the plugin too) and exits with its code.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { fdOf, type Context } from '../context.js';

export async function execPlugin(file: string, args: string[], ctx: Context): Promise<number> {
  const streams = [ctx.io.in, ctx.io.out, ctx.io.errOut] as const;
  const stdio: StdioOptions = streams.map((s) => fdOf(s) ?? 'pipe');
  const stopIgnoring = ctx.onInterrupt(() => undefined);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(file, args, { stdio, env: ctx.env, cwd: ctx.cwd });
      // streams without a descriptor (in-process tests) are piped through
      if (child.stdin) ctx.io.in.pipe(child.stdin).on('error', () => undefined);
      child.stdout?.pipe(ctx.io.out, { end: false });
      child.stderr?.pipe(ctx.io.errOut, { end: false });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (signal) resolve(128 + (constants.signals[signal] ?? 0));
        else resolve(code ?? 1);
      });
    });
  } finally {
    stopIgnoring();
  }
}
