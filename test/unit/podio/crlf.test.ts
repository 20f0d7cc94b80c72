/** The remote terminal's "\r\n" as written to a local terminal in Node's raw mode (src/podio/remotecommand.ts). */
import { expect, test } from '@jest/globals';
import { withoutCrBeforeLf } from '../../../src/podio/remotecommand.js';

test.each([
  ['go\r\n', 'go\n'],
  ['a\r\r\nb', 'a\r\nb'],
  ['progress\r50%\r100%', 'progress\r50%\r100%'],
  ['no newline', 'no newline'],
  ['\r\n\r\n', '\n\n'],
  ['ends in \r', 'ends in \r'],
])('%j -> %j', (input, want) => {
  expect(withoutCrBeforeLf(Buffer.from(input)).toString()).toBe(want);
});
