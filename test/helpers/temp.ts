/**
 * Temporary folders for a test file, removed when the file's tests are done
 * (a test run leaves nothing behind in the OS temp folder).
 */
import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder under the OS temp folder whose name starts with `prefix`. */
export function tempDirSync(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** tempDirSync as a promise, for the places that awaited fs.promises.mkdtemp. */
export async function tempDir(prefix: string): Promise<string> {
  return tempDirSync(prefix);
}
