import { describe, expect, test } from '@jest/globals';
import { editHeader, manualStrip, sameContent, stripComments } from '../../../src/edit/text.js';

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

  test('sameContent is bytes.Equal of StripComments (sigs.k8s.io/yaml.ToJSON), as kubectl', async () => {
    expect(stripComments('# h\nb: [x]\na: 1.0\n')).toBe('{"a":1,"b":["x"]}');
    // go-yaml v2 booleans: yes/on are true
    expect(await sameContent('a: true\n', 'a: yes\n')).toBe(true);
    expect(await sameContent('a: on\n', 'a: "on"\n')).toBe(false);
    // only the first document counts; a leading --- opens it
    expect(await sameContent('a: 1\n', 'a: 1\n---\nb: 2\n')).toBe(true);
    expect(await sameContent('a: 1\n', '# x\n---\na: 1\n')).toBe(true);
    // JSON (text starting with '{') is compared as written
    expect(await sameContent('{\n    "a": 1\n}\n', '{"a":1}')).toBe(false);
    expect(await sameContent('{"a":1}', '{"a":1}')).toBe(true);
    // an empty (or all-comment) file is JSON null
    expect(stripComments('# only\n')).toBe('null');
    // duplicate keys: the last one wins (non-strict go-yaml)
    expect(await sameContent('a: 2\n', 'a: 1\na: 2\n')).toBe(true);
    // text that is not YAML: the comment-stripped texts are compared
    expect(await sameContent('a: [\n', 'a:  [\n')).toBe(false);
  });
});
