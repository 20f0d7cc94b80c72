/**
 * Launching the user's editor on a temp file, as kubectl's editor package
 * does: KUBE_EDITOR, else EDITOR, else vi; an editor with spaces runs
 * through `$SHELL -c` (default /bin/bash) with the path quoted, a bare one is
 * executed directly. The child gets the command's streams (the terminal when
 * they are real files).
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fdOf, type Context } from '../context.js';
import { KtlError } from '../errors.js';

export function editorCommand(env: Context['env']): { editor: string; argv: string[]; shell: boolean } {
  const editor = env.KUBE_EDITOR || env.EDITOR || 'vi';
  if (!editor.includes(' ')) return { editor, argv: [editor], shell: false };
  return { editor, argv: [env.SHELL || '/bin/bash', '-c', editor], shell: true };
}

/** Go's %q for the path (enough for file names: backslash and quote escaped). */
const goQuote = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** Writes `text` to a new `<bin>-edit-<n><ext>` file in the temp dir. */
export async function writeTempFile(ctx: Context, ext: string, text: string): Promise<string> {
  const dir = ctx.env.TMPDIR || os.tmpdir();
  const file = path.join(dir, `${path.basename(ctx.binName)}-edit-${randomInt(1, 2 ** 31)}${ext}`);
  await writeFile(file, text, { mode: 0o600, flag: 'wx' });
  return file;
}

/** Runs the editor on `file` and resolves when it exits successfully. */
export async function launchEditor(ctx: Context, file: string): Promise<void> {
  const { editor, argv, shell } = editorCommand(ctx.env);
  const args = shell ? [...argv.slice(1, -1), `${argv[argv.length - 1]} ${goQuote(file)}`] : [file];
  const streams = [ctx.io.in, ctx.io.out, ctx.io.errOut];
  const stdio: StdioOptions = streams.map((s, i): number | 'ignore' | 'pipe' => fdOf(s) ?? (i === 0 ? 'ignore' : 'pipe'));
  // as kubectl's editor.Launch: a signal while the editor runs ends ktl with status 1
  const unregister = ctx.exitOnTermination(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(argv[0]!, args, { stdio, env: ctx.env, cwd: ctx.cwd });
    child.stdout?.on('data', (d: Buffer) => ctx.io.out.write(d));
    child.stderr?.on('data', (d: Buffer) => ctx.io.errOut.write(d));
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new KtlError(err.code === 'ENOENT' ? `unable to launch the editor "${editor}"` : `there was a problem with the editor "${editor}"`)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new KtlError(`there was a problem with the editor "${editor}"`))));
  }).finally(unregister);
}
