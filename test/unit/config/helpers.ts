import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../../../src/context.js';
import { fakeContext } from '../../helpers/fake-io.js';
import { tempDirSync } from '../../helpers/temp.js';

/** A temp dir with the given files (relative path -> content). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = tempDirSync('ktl-unit-config-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content, { mode: 0o600 });
  }
  return dir;
}

export function ctxIn(dir: string, env: Record<string, string> = {}): Context {
  return fakeContext({ cwd: dir, homeDir: dir, env }).ctx;
}
