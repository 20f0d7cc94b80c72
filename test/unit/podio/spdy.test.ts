/**
 * ktl's SPDY/3.1 codec: the spec's dictionary, frame layout, header blocks
 * compressed as one zlib stream per direction (each block a sync flush, so a
 * Go zlib reader sees one continuous stream), and port argument parsing.
 */
import { describe, expect, test } from '@jest/globals';
import zlib from 'node:zlib';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameParser,
  HEADER_DICTIONARY,
  HeaderZlib,
  TYPE_SYN_STREAM,
} from '../../../src/podio/spdy.js';
import { parseAddresses, parsePorts, splitPort } from '../../../src/podio/portforward.js';

/** zlib's adler32 */
function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

describe('SPDY/3.1 codec', () => {
  test("the header dictionary is the spec's (1423 bytes, adler32 0xe3c6a7c2)", () => {
    expect(HEADER_DICTIONARY.length).toBe(1423);
    expect(adler32(HEADER_DICTIONARY)).toBe(0xe3c6a7c2);
  });

  test('control and data frame layout', () => {
    expect(controlFrame(TYPE_SYN_STREAM, FLAG_FIN, Buffer.from([1, 2])).toString('hex')).toBe('800300010100000201' + '02');
    expect(dataFrame(7, FLAG_FIN, Buffer.from('ab')).toString('hex')).toBe('00000007' + '01000002' + '6162');
  });

  test('the parser cuts frames across arbitrary chunk boundaries', () => {
    const bytes = Buffer.concat([dataFrame(1, 0, Buffer.from('hello')), controlFrame(6, 0, Buffer.from([0, 0, 0, 2])), dataFrame(3, FLAG_FIN, Buffer.alloc(0))]);
    const p = new FrameParser();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 3) frames.push(...p.push(bytes.subarray(i, i + 3)));
    expect(frames.map((f) => (f.control ? `c${f.type}` : `d${f.streamId}:${f.data.toString()}:${f.flags}`))).toEqual(['d1:hello:0', 'c6', 'd3::1']);
  });

  test('header blocks: one zlib stream with the dictionary, readable block by block and as a whole', async () => {
    const c = HeaderZlib.compressor();
    const blocks = [
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
    ];
    const compressed = [];
    for (const h of blocks) compressed.push(await c.process(encodeHeaderBlock(h)));
    // each block ends on a sync flush marker
    for (const b of compressed) expect(b.subarray(-4).toString('hex')).toBe('0000ffff');
    const d = HeaderZlib.decompressor();
    for (const [i, b] of compressed.entries()) expect(decodeHeaderBlock(await d.process(b))).toEqual(blocks[i]);
    const whole = zlib.inflateSync(Buffer.concat(compressed), { dictionary: HEADER_DICTIONARY, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(whole).toEqual(Buffer.concat(blocks.map(encodeHeaderBlock)));
    c.close();
    d.close();
  });
});

describe('port arguments (client-go parsePorts/parseAddresses, kubectl splitPort)', () => {
  test('forms', () => {
    expect(parsePorts(['5000', '8888:5000', ':5000', '0:5000', '0080'])).toEqual([
      { local: 5000, remote: 5000 },
      { local: 8888, remote: 5000 },
      { local: 0, remote: 5000 },
      { local: 0, remote: 5000 },
      { local: 80, remote: 80 },
    ]);
    expect(() => parsePorts(['1:2:3'])).toThrow("invalid port format '1:2:3'");
    expect(() => parsePorts(['+80'])).toThrow('error parsing local port \'+80\': strconv.ParseUint: parsing "+80": invalid syntax');
    expect(() => parsePorts(['80:65536'])).toThrow('error parsing remote port \'65536\': strconv.ParseUint: parsing "65536": value out of range');
    expect(splitPort('1:2:3')).toEqual(['1', '1']);
  });

  test('addresses: localhost is both loopbacks, sorted, each once (an address named again takes its own failure mode, as in Go)', () => {
    expect(parseAddresses(['localhost', '127.0.0.1', '0.0.0.0', '::']).map((a) => `${a.address}/${a.protocol}/${a.failureMode}`)).toEqual([
      '0.0.0.0/tcp4/any',
      '127.0.0.1/tcp4/any',
      '::/tcp6/any',
      '::1/tcp6/all',
    ]);
    expect(() => parseAddresses(['localhost', 'example.com'])).toThrow('example.com is not a valid IP');
    expect(() => parseAddresses([])).toThrow('you must specify at least 1 address');
  });
});
