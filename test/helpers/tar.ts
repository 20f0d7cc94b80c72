/** Builds tar archives in memory for tests (crafted ones included), with tar-stream. */
import * as tarStream from 'tar-stream';

export type TarEntry = [header: Partial<tarStream.Header> & { name: string }, body?: string | Buffer];

export async function tarOf(entries: TarEntry[], opts: { end?: boolean } = {}): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const [h, body] of entries) pack.entry(h, body ?? '');
  if (opts.end === false) {
    // no end-of-archive blocks: what a stream cut between entries looks like
    const chunks: Buffer[] = [];
    pack.finalize();
    for await (const c of pack) chunks.push(c as Buffer);
    const all = Buffer.concat(chunks);
    return all.subarray(0, all.length - 1024);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
