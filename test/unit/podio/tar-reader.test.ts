/**
 * GoTarReader on its own: an input that ends inside a file reports
 * `unexpected EOF` only after the entry's handler has written what arrived and
 * let go of it (Go's io.Copy writes, then returns the error); a handler that
 * skips an entry cut short does not hold the reader.
 */
import { describe, expect, test } from '@jest/globals';
import { GoTarReader } from '../../../src/podio/cp.js';
import { tarOf } from '../../helpers/tar.js';

async function feed(reader: GoTarReader, bytes: Buffer): Promise<void> {
  const sink = reader.sink();
  await new Promise<void>((resolve, reject) => sink.write(bytes, (e) => (e ? reject(e) : resolve())));
}

describe('GoTarReader: the input ends inside a file', () => {
  test('the handler has written what arrived and finished before the error', async () => {
    const archive = await tarOf([[{ name: 'f/a' }, 'A'.repeat(3000)]]);
    const events: string[] = [];
    let got = 0;
    const reader = new GoTarReader(async (h, data) => {
      events.push(`open ${h.name}`);
      for await (const chunk of data) got += Buffer.isBuffer(chunk) ? chunk.length : 0;
      // a close that takes a while
      await new Promise((r) => setTimeout(r, 30));
      events.push('closed');
    });
    await feed(reader, archive.subarray(0, 2000));
    await reader.settle();
    await expect(reader.endOfInput()).rejects.toThrow('unexpected EOF');
    expect(events).toEqual(['open f/a', 'closed']);
    expect(got).toBe(2000 - 512);
  });

  test('a handler that reads nothing: the rest of the entry is skipped, the error follows', async () => {
    const archive = await tarOf([[{ name: 'f/a' }, 'A'.repeat(3000)]]);
    const seen: string[] = [];
    const reader = new GoTarReader(async (h) => {
      seen.push(h.name);
    });
    await feed(reader, archive.subarray(0, 1500));
    await reader.settle();
    await expect(reader.endOfInput()).rejects.toThrow('unexpected EOF');
    expect(seen).toEqual(['f/a']);
  });

  test('cut between entries: a clean end, every entry handled', async () => {
    const archive = await tarOf([[{ name: 'f/a' }, 'A'.repeat(600)], [{ name: 'f/b' }, 'B']]);
    const seen: string[] = [];
    const reader = new GoTarReader(async (h, data) => {
      let n = 0;
      for await (const chunk of data) n += Buffer.isBuffer(chunk) ? chunk.length : 0;
      seen.push(`${h.name} ${n}`);
    });
    // header + 600 bytes padded to 1024
    await feed(reader, archive.subarray(0, 512 + 1024));
    await reader.settle();
    await expect(reader.endOfInput()).resolves.toBeUndefined();
    expect(seen).toEqual(['f/a 600']);
  });
});
