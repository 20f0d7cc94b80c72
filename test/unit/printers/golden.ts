import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a file from test/golden/printers (captured from kubectl.1.33, see its README). */
export function readGolden<T>(name: string): T {
  const url = new URL(`../../golden/printers/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T;
}

/** What kubectl writes to stderr for an error message. */
export function asStderr(message: string): string {
  return 'error: ' + message + (message.endsWith('\n') ? '' : '\n');
}
