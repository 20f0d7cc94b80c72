/**
 * `--raw URI` for create (POST), replace (PUT) and delete (DELETE): the
 * request goes to the URI's path and query (client/request-uri.ts), its body is the one -f file (or stdin),
 * and the server's answer is printed as is.
 */
import type { Clients } from '../client/index.js';
import { readAll, write, type Context } from '../context.js';
import { KtlError } from '../errors.js';
import { readFileCapped } from '../read-capped.js';
import { requestUriError, requestUriPath } from '../client/request-uri.js';

export interface RawOptions {
  filenames: string[];
  recursive: boolean;
  output?: string;
}

/** kubectl's checks on --raw with the other flags, in its order. */
export function validateRaw(raw: string, o: RawOptions): void {
  if (o.filenames.length > 1) throw new KtlError('--raw can only use a single local file or stdin');
  if (o.filenames.length === 1 && /^https?:\/\//.test(o.filenames[0]!)) throw new KtlError('--raw cannot read from a url');
  if (o.recursive) throw new KtlError('--raw and --recursive are mutually exclusive');
  if (o.output) throw new KtlError('--raw and --output are mutually exclusive');
  checkRawUri(raw);
}

/** kubectl's check of a --raw value (Go's url.ParseRequestURI: an absolute path or an absolute URL). */
export function checkRawUri(raw: string): void {
  const why = requestUriError(raw);
  if (why !== undefined) throw new KtlError(`--raw must be a valid URL path: ${why}`);
}

async function bodyOf(ctx: Context, file: string | undefined): Promise<Buffer | undefined> {
  if (file === undefined) return undefined;
  if (file === '-') return readAll(ctx.io.in);
  const path = await import('node:path');
  try {
    return await readFileCapped(path.resolve(ctx.cwd, file), file);
  } catch (e) {
    if (e instanceof KtlError) throw e;
    throw new KtlError(`open ${file}: no such file or directory`);
  }
}

export async function sendRaw(ctx: Context, clients: Clients, method: 'POST' | 'PUT' | 'DELETE', raw: string, filenames: string[]): Promise<number> {
  const body = await bodyOf(ctx, filenames[0]);
  const res = await clients.transport.request({ path: requestUriPath(raw), method, body, rawPath: true, requestUri: true });
  await write(ctx.io.out, res.body.toString('utf8'));
  return 0;
}
