/**
 * readFileCapped reads a regular file synchronously and anything else
 * (FIFO, device, directory) through the asynchronous path; both give the
 * same bytes, the same cap and the same errors.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputTooLargeError, readFileCapped } from '../../src/read-capped.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-read-capped-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readFileCapped', () => {
  test('a regular file: its bytes, whole, also past one read of 1 MiB', async () => {
    const small = path.join(dir, 'small');
    await writeFile(small, 'apiVersion: v1\n');
    expect((await readFileCapped(small)).toString()).toBe('apiVersion: v1\n');
    const big = path.join(dir, 'big');
    const bytes = Buffer.alloc(3 * (1 << 20) + 17, 'abcdefgh');
    await writeFile(big, bytes);
    expect((await readFileCapped(big)).equals(bytes)).toBe(true);
    const empty = path.join(dir, 'empty');
    await writeFile(empty, '');
    expect((await readFileCapped(empty)).length).toBe(0);
  });

  test('regular files of every size around the reads: the size and a byte more, 4 KiB after, 64 KiB, 1 MiB', async () => {
    for (const size of [1, 2, 4094, 4095, 4096, 4097, 8191, 65535, 65536, 65537, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 4096]) {
      const f = path.join(dir, `size-${size}`);
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
      await writeFile(f, bytes);
      expect((await readFileCapped(f)).equals(bytes)).toBe(true);
    }
  });

  test('a regular file past the cap is refused with the name as given', async () => {
    const f = path.join(dir, 'over');
    await writeFile(f, Buffer.alloc(2048));
    await expect(readFileCapped(f, 'over.yaml', 1024)).rejects.toThrow(new InputTooLargeError('over.yaml', 1024).message);
  });

  test('a missing file and a directory fail as fs reports them', async () => {
    await expect(readFileCapped(path.join(dir, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFileCapped(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  test('a device is read through the asynchronous path, capped', async () => {
    await expect(readFileCapped('/dev/zero', '/dev/zero', 3 << 20)).rejects.toThrow(new InputTooLargeError('/dev/zero', 3 << 20).message);
  });

  test('a file that says it is empty (/proc) is read whole', async () => {
    const status = (await readFileCapped('/proc/self/status')).toString();
    expect(status).toMatch(/^Name:\t/);
    expect(status).toMatch(/\nVmRSS:/);
  });

  test('a FIFO whose writer is already waiting: nothing it writes is lost', async () => {
    const fifo = path.join(dir, 'fifo-writer-first');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'written first' > '${fifo}'`], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    // until the writer is blocked in its open of the FIFO (Linux names the kernel's wait wait_for_partner)
    const waiting = () => readFile(`/proc/${writer.pid}/wchan`, 'utf8').then((w) => w === 'wait_for_partner', () => false);
    for (const until = Date.now() + 10_000; Date.now() < until && !(await waiting()); ) await new Promise((resolve) => setImmediate(resolve));
    expect(await waiting()).toBe(true);
    expect((await readFileCapped(fifo)).toString()).toBe('written first');
    expect(await written).toBe(0);
  });

  test('a FIFO: the open does not block, and what its writer sends is read to the end', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // readFileCapped's synchronous part (the non-blocking open, fstat) has run when it returns: a blocking open
    // of a FIFO without a writer would never return, and the writer below would never start
    const reading = readFileCapped(fifo);
    const writer = spawn('sh', ['-c', `printf 'from the fifo' > '${fifo}'`], { stdio: 'ignore' });
    const written = new Promise((resolve) => writer.on('close', resolve));
    expect((await reading).toString()).toBe('from the fifo');
    expect(await written).toBe(0);
  });
});
