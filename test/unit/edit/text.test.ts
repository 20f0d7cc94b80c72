import { describe, expect, test } from '@jest/globals';
import { editHeader, manualStrip, sameContent } from '../../../src/edit/text.js';

describe('edit file text', () => {
  test('the header with reasons, multi-line heads continued with "# "', () => {
    expect(editHeader([{ head: 'x "a" was not valid', other: ['f: m'] }, { head: 'line1\nline2', other: [] }]).split('\n').slice(4)).toEqual([
      '# x "a" was not valid:',
      '# * f: m',
      '#',
      '# line1',
      '# line2',
      '#',
      '',
    ]);
  });

  test('manualStrip drops comment lines (indented too) but keeps #! and the last line unterminated', () => {
    expect(manualStrip('# a\n  # b\n#!keep\nk: v # trailing\nlast')).toBe('#!keep\nk: v # trailing\nlast');
  });

  test('sameContent compares YAML as data, else stripped text', async () => {
    expect(await sameContent('# h\na: 1\nb: [x]\n', 'b: [x]\na: 1')).toBe(true);
    expect(await sameContent('a: 1\n', 'a: "1"\n')).toBe(false);
    expect(await sameContent('a: [\n', '# c\na: [\n')).toBe(true);
  });
});
