/**
 * Manifests nested deeper than the parser takes (issue 10), on the main
 * thread's stack: kubectl 1.33 reads 10000 levels; this reader takes 1000
 * (its parser recurses on JavaScript's stack) and refuses deeper documents in
 * one line, with kubectl's own text past kubectl's limit (measured with
 * kubectl.1.33 create --dry-run=client -f). Through the launcher, -f
 * documents up to kubectl's limit are read on a larger stack:
 * test/integration/cli/nesting-depth.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import { parseManifestItems } from '../../../src/resource/index.js';
import { yamlToJson } from '../../../src/codec/yaml.js';
import { decodeKubeconfig } from '../../../src/config/decode-text.js';

const head = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"spec":';
const json = (n: number, open = '{"a":', close = '}') => `${head}${open.repeat(n)}1${close.repeat(n)}}`;
const yamlHead = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nspec: ';
const flow = (n: number) => `${yamlHead}${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;
const compact = (n: number) => `${yamlHead.trimEnd()}\n${'- '.repeat(n)}1\n`;
const block = (n: number) => `${yamlHead.trimEnd()}\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}a:${i === n - 1 ? ' 1' : ''}`).join('\n')}\n`;

function parse(text: string, source = 'f.yaml') {
  const items = parseManifestItems(text, source);
  const e = items.find((i) => 'error' in i && i.error) as { error: Error } | undefined;
  return e ? e.error.message : `${items.length} object`;
}

const KTL_LINE = "more than 1000 levels of nesting: ktl's limit (kubectl's is 10000)";

describe('nesting depth', () => {
  test('500 levels are read, in JSON and YAML (ktl refused past 100 before)', () => {
    expect(parse(json(500), 'f.json')).toBe('1 object');
    expect(parse(flow(500))).toBe('1 object');
    expect(parse(block(500))).toBe('1 object');
    expect(parse(compact(500))).toBe('1 object');
  });

  test("past ktl's limit: one line, never a RangeError", () => {
    expect(parse(json(1500), 'f.json')).toBe(`error parsing f.json: error converting YAML to JSON: yaml: line 1: ${KTL_LINE}`);
    expect(parse(flow(9999))).toBe(`error parsing f.yaml: error converting YAML to JSON: yaml: line 5: ${KTL_LINE}`);
    expect(parse(block(1200))).toBe(`error parsing f.yaml: error converting YAML to JSON: yaml: line 1004: ${KTL_LINE}`);
  });

  test("past kubectl's limit: kubectl's texts", () => {
    expect(parse(json(10000), 'f.json')).toBe(`error parsing f.json: json: offset ${head.length + 5 * 9999 + 1}: invalid character '{' exceeded max depth`);
    expect(parse(json(20000, '[', ']'), 'f.json')).toBe(`error parsing f.json: json: offset ${head.length + 9999 + 1}: invalid character '[' exceeded max depth`);
    expect(parse(flow(10000))).toBe("error parsing f.yaml: error unmarshaling JSON: while decoding JSON: invalid character '{' exceeded max depth");
    expect(parse(flow(10001))).toBe('error parsing f.yaml: error converting YAML to JSON: yaml: line 5: exceeded max depth of 10000');
    expect(parse(compact(10000))).toBe("error parsing f.yaml: error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth");
    expect(parse(compact(10001))).toBe('error parsing f.yaml: error converting YAML to JSON: yaml: line 6: exceeded max depth of 10000');
  });

  test('patch bodies and kubeconfig files: the same line', () => {
    expect(() => yamlToJson(`metadata:\n  x: ${'{a: '.repeat(1500)}1${'}'.repeat(1500)}\n`)).toThrow(`yaml: line 2: ${KTL_LINE}`);
    expect(() => decodeKubeconfig(`apiVersion: v1\nkind: Config\npreferences: {extensions: [{name: x, extension: ${'{a: '.repeat(1500)}1${'}'.repeat(1500)}}]}\n`)).toThrow(
      `yaml: line 3: ${KTL_LINE}`,
    );
  });
});
