import { describe, expect, test } from '@jest/globals';
// kubeconfig documents go through the shared go-yaml emitter; these pin the
// properties `config view` depends on.
import { compareYamlKeys, formatYamlNumber, marshalYaml } from '../../../src/printers/yaml.js';

const sortKeys = (keys: string[]): string[] => [...keys].sort(compareYamlKeys);
const formatGoFloatG = formatYamlNumber;

describe('go-yaml v2 style output', () => {
  test('layout: sorted keys, sequences not indented, inline empties and null', () => {
    expect(marshalYaml({ b: [{ y: 1, x: 'a' }], a: {}, c: [], d: null, e: { f: [['m']] } })).toBe(
      'a: {}\nb:\n- x: a\n  "y": 1\nc: []\nd: null\ne:\n  f:\n  - - m\n',
    );
  });

  test('quoting: other YAML types double-quoted, indicators single-quoted, specials escaped', () => {
    expect(marshalYaml({ s: ['true', 'on', '100', '1.5', '0777', '~', '', '2024-01-02', 'a: b', ' x', '- y', 'it\'s', 'tab\tx', 'plain text'] })).toBe(
      's:\n- "true"\n- "on"\n- "100"\n- "1.5"\n- "0777"\n- "~"\n- ""\n- "2024-01-02"\n- \'a: b\'\n- \' x\'\n- \'- y\'\n- it\'s\n- "tab\\tx"\n- plain text\n',
    );
  });

  test('multi-line strings use literal blocks with chomping indicators', () => {
    expect(marshalYaml({ a: 'x\ny', b: 'x\n', c: 'x\n\n' })).toBe('a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\n');
  });

  test('long plain strings fold past column 80', () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    expect(marshalYaml({ k: words })).toBe(
      'k: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n  word13 word14 word15 word16 word17 word18 word19\n',
    );
  });

  test('natural key order: digits compare as numbers, letters after other characters', () => {
    expect(sortKeys(['a10', 'a2', 'b', 'a-b', 'ab', 'A'])).toEqual(['A', 'a-b', 'a2', 'a10', 'ab', 'b']);
  });

  test('floats print as Go strconv g', () => {
    expect(formatGoFloatG(1.5)).toBe('1.5');
    expect(formatGoFloatG(1234567.5)).toBe('1.2345675e+06');
    expect(formatGoFloatG(0.00001)).toBe('1e-05');
  });
});
