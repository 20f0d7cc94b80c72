/**
 * Input is read whole (manifests, kubeconfig files, patch and --raw bodies,
 * stdin), so every such read is capped: `-f /dev/zero` or an endless URL
 * ends with one clear line instead of filling memory (kubectl has no cap and
 * is killed when memory runs out). 64 MiB is far above anything an API
 * server takes in one request (3 MiB) and below V8's largest string.
 */
import * as fs from 'node:fs';
import { openForReading } from './fs-async.js';
import type { Readable } from 'node:stream';
import { KtlError } from './errors.js';

export const MAX_INPUT_BYTES = 64 << 20;

/** An input past the cap; `name` is the file, URL or STDIN as the user named it. */
export class InputTooLargeError extends KtlError {
  constructor(readonly input: string, limit = MAX_INPUT_BYTES) {
    super(`${input === 'STDIN' ? 'STDIN' : `"${input}"`} is too large: ktl reads at most ${limit >> 20} MiB from one file, URL or stdin`);
  }
}

/** A stream's bytes, failing as soon as more than `limit` came (the stream is then destroyed). */
export async function readStreamCapped(stream: Readable, name: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c); // a string (setEncoding) or a Uint8Array
    size += b.length;
    if (size > limit) {
      stream.destroy();
      throw new InputTooLargeError(name, limit);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * A file's bytes (regular file, device, FIFO), refused past `limit`; errors
 * from opening or reading are fs's, as readFile throws them. A regular file
 * is read synchronously (kubeconfig files, manifests: no async file call
 * means no libuv thread pool to start, a few ms of a small command); others
 * (a FIFO, /dev/stdin, a device) are read asynchronously, so that a read
 * that waits never holds the signal handlers up.
 */
export async function readFileCapped(file: string, name = file, limit = MAX_INPUT_BYTES): Promise<Buffer> {
  const regular = readRegularFileCapped(file, name, limit);
  if (regular) return regular;
  const fh = await openForReading(file);
  try {
    const st = await fh.stat();
    if (st.isDirectory()) {
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    }
    if (st.isFile() && st.size > limit) throw new InputTooLargeError(name, limit);
    // read on the handle itself, one read at a time, so no read is still in
    // flight on the descriptor when it is closed (a stream over the raw fd
    // could be, and then the close failed with EBADF)
    const got = new CappedBytes(name, limit);
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      if (!got.add(buf, await fh.read(buf, 0, buf.length))) return got.bytes();
    }
  } finally {
    await fh.close();
  }
}

/**
 * The bytes of `file` when it is a regular file, read synchronously; undefined
 * for anything else, which is left unopened: opening a FIFO, even without
 * blocking, would let a writer waiting on it write into a pipe that the
 * asynchronous read then no longer holds. Errors (a missing file, ...) are
 * left to the asynchronous path, which throws them as before.
 */
function readRegularFileCapped(file: string, name: string, limit: number): Buffer | undefined {
  const kind = fs.statSync(file, { throwIfNoEntry: false });
  if (!kind?.isFile()) return undefined;
  let fd: number;
  try {
    // O_NONBLOCK: should the file have become a FIFO since the stat, the open does not wait for a writer
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > limit) throw new InputTooLargeError(name, limit);
    // the size is a hint: the file may grow or shrink while it is read
    const got = new CappedBytes(name, limit);
    for (;;) {
      // what the size says is left and a byte more; past it a small read (from Node's pool) to see the end,
      // so a manifest of a few hundred bytes costs no 64 KiB buffers; 64 KiB where the size says nothing:
      // files of /proc and /sys say they are empty
      const want = got.length < st.size ? st.size - got.length + 1 : got.length === 0 ? 64 << 10 : 4095;
      const buf = Buffer.allocUnsafe(Math.min(want, 1 << 20));
      if (!got.add(buf, fs.readSync(fd, buf, 0, buf.length, null))) return got.bytes();
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes read so far from one input, refused as soon as they pass the limit. */
class CappedBytes {
  private readonly chunks: Buffer[] = [];
  length = 0;

  constructor(
    private readonly name: string,
    private readonly limit: number,
  ) {}

  /** Keeps the first n bytes of buf; false at the end of the input (n = 0). */
  add(buf: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.length += n;
    if (this.length > this.limit) throw new InputTooLargeError(this.name, this.limit);
    this.chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
