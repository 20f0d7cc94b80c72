import { describe, expect, test } from '@jest/globals';
import { compactJson, marshalJson, printJson, quoteJsonString } from '../../../src/printers/json.js';
import { compareYamlKeys, isYamlTimestamp, marshalYaml, marshalYamlDocuments, resolvesToNonString, scalarAnalysis, YamlListWriter } from '../../../src/printers/yaml.js';
import { readGolden } from './golden.js';

interface ScalarCase {
  value: string;
  yaml: string;
  json: string;
}

// Expected bytes captured from kubectl.1.33 (`create configmap --from-literal=k=<value> -o yaml|json`).
const scalars = readGolden<ScalarCase[]>('configmap-scalars.kubectl-1.33.json');

describe('yaml scalars match kubectl.1.33', () => {
  test.each(scalars.map((c) => [JSON.stringify(c.value), c] as const))('%s', (_name, c) => {
    expect(marshalYaml({ data: { k: c.value } })).toBe('data:\n' + c.yaml);
  });
});

describe('json scalars match kubectl.1.33', () => {
  test.each(scalars.map((c) => [JSON.stringify(c.value), c] as const))('%s', (_name, c) => {
    expect(marshalJson({ data: { k: c.value } })).toBe('{\n    "data": {\n' + c.json + '\n    }\n}');
  });
});

describe('whole objects match kubectl.1.33', () => {
  // kubectl label --local -f keys.json zz- -o json|yaml: awkward keys, nesting, numbers.
  const golden = readGolden<{ json: string; yaml: string }>('object-keys.kubectl-1.33.json');
  const obj = JSON.parse(golden.json) as { spec: Record<string, unknown> };
  test('yaml', () => {
    // go-yaml's key order is not transitive ("10" < "1a" < "2" < "10", "x1y" < "x9" < "x10" < "x1y"),
    // so kubectl's own placement of such keys depends on Go's random map order; compare without them.
    const cyclic = ['10', '1a', '1b', 'x1y'];
    const spec = Object.fromEntries(Object.entries(obj.spec).filter(([k]) => !cyclic.includes(k)));
    const want = golden.yaml.replace(/^ {2}("10"|1a|1b|x1y): \d+\n/gm, '');
    expect(marshalYaml({ ...obj, spec })).toBe(want);
  });
  test('json', () => expect(printJson(obj)).toBe(golden.json));
});

describe('generated objects match kubectl.1.33', () => {
  // test/golden/printers/generate-yaml-emitter.mjs: 300 objects with folded lines, breaks,
  // quotes, indicators and non-ASCII text at every depth, and kubectl's -o yaml of each
  const golden = readGolden<{ objects: unknown[]; yaml: string[] }>('yaml-emitter.kubectl-1.33.json');
  test.each(golden.objects.map((o, i) => [i, o] as const))('object %i', (i, o) => {
    expect(marshalYaml(o)).toBe(golden.yaml[i]);
  });

  test('a List written an item at a time is the List marshalled whole', () => {
    const list = (items: unknown[]) => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
    // items ending in a literal block (column 0 after them), a folded line, a sequence, a flow {}
    const items = [...golden.objects, { a: 'x\n' }, { b: ['y'] }, {}, 'plain', { c: 'long words '.repeat(20) }, [], { d: 'z\n\n' }];
    const w = new YamlListWriter();
    let text = '';
    items.forEach((item, i) => {
      w.add(item);
      if (i % 7 === 0) text += w.text();
    });
    text += w.text() + w.end();
    expect(text).toBe(marshalYaml(list(items)));
    expect(new YamlListWriter().end()).toBe(marshalYaml(list([])));
    expect(new YamlListWriter().end()).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});

describe('yaml rules', () => {
  test('the plain kind of scalar (names, images, times): the shortcut gives what the walk over its characters gives', () => {
    let x = 7;
    const rand = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
    const first = 'aZ09_/';
    const rest = 'aZ09_./=+@:-';
    const strings = ['a', '/', '_', 'nginx:1.27', '2026-12-07T04:00:00Z', 'a:', 'a::', 'x---', 'a.b', 'kube-system', '10.244.0.1', 'a@b', 'a=b+c'];
    for (let i = 0; i < 5000; i++) {
      let s = first[rand(first.length)]!;
      for (let n = rand(12); n > 0; n--) s += rest[rand(rest.length)]!;
      strings.push(s);
    }
    for (const s of strings) expect([s, scalarAnalysis(s)]).toEqual([s, scalarAnalysis(s, { walk: true })]);
    // the walk's answers differ from the shortcut's for what is outside the kind
    for (const s of ['a:', '-a', '.a', ':a', 'a b', '#a', 'a\n', '']) expect(scalarAnalysis(s)).toEqual(scalarAnalysis(s, { walk: true }));
    expect(scalarAnalysis('a:').blockPlainAllowed).toBe(false);
    expect(scalarAnalysis('-').blockPlainAllowed).toBe(false);
  });

  test.each([
    ['true', true], ['y', true], ['On', true], ['oN', false], ['0777', true], ['0x1F', true], ['1_000', true],
    ['1e3', true], ['.5', true], ['1e999', false], ['~', true], ['', true], ['<<', false], ['1:20', true],
    ['2026-11-28', true], ['2026-13-01', false], ['08', true], ['abc', false], ['-', false],
  ])('resolvesToNonString(%j) = %j', (s, want) => expect(resolvesToNonString(s)).toBe(want));

  test.each([
    ['2026-11-28T13:24:55Z', true], ['2026-1-2', true], ['2023-02-29', false], ['2024-02-29', true],
    ['2026-11-28 13:24:55', true], ['2026-11-28T13:24:55', false], ['2026-11-28T13:24:55+0100', false],
  ])('isYamlTimestamp(%j) = %j', (s, want) => expect(isYamlTimestamp(s)).toBe(want));

  test('key order: non-letters first, digit runs numerically', () => {
    const keys = ['b', 'a10', 'a2', 'Ax', '_x', '~x', '10', '2', 'a01', 'a1'];
    expect([...keys].sort(compareYamlKeys)).toEqual(['_x', '~x', '2', '10', 'Ax', 'a1', 'a01', 'a2', 'a10', 'b']);
  });

  test('layout: sequences under keys not indented, empty collections inline, null', () => {
    expect(marshalYaml({ spec: { containers: [{ name: 'a', ports: [{ p: 1 }] }], strategy: {}, list: [], ts: null } })).toBe(
      'spec:\n  containers:\n  - name: a\n    ports:\n    - p: 1\n  list: []\n  strategy: {}\n  ts: null\n',
    );
  });

  test('nested sequences and numbers', () => {
    expect(marshalYaml([[1, 2], [], 1.5, 1e21, -2.5e-7, 1234567.5])).toBe('- - 1\n  - 2\n- []\n- 1.5\n- 1e+21\n- -2.5e-07\n- 1.2345675e+06\n');
  });

  test('documents are separated by ---', () => {
    expect(marshalYamlDocuments([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });

  test('C1 control characters are refused as kubectl does', () => {
    expect(() => marshalYaml({ k: 'del\u007f' })).toThrow('yaml: control characters are not allowed');
  });
});

describe('json rules', () => {
  test('HTML-safe escaping, U+2028/9, control characters, non-ASCII literal', () => {
    expect(quoteJsonString('a<b&c>"é\u2028\u2029\u0001\b\f\t\n\r\\')).toBe(
      '"a\\u003cb\\u0026c\\u003e\\"é\\u2028\\u2029\\u0001\\b\\f\\t\\n\\r\\\\"',
    );
  });
  test('keys sorted by default, insertion order on request (client-built objects)', () => {
    const cm = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: null }, data: {} };
    expect(printJson(cm, { sortKeys: false })).toBe(
      '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "x",\n        "creationTimestamp": null\n    },\n    "data": {}\n}\n',
    );
    expect(compactJson(cm)).toBe('{"apiVersion":"v1","data":{},"kind":"ConfigMap","metadata":{"creationTimestamp":null,"name":"x"}}');
  });
  test('numbers as Go writes float64 values', () => {
    expect(compactJson([1, 1.5, 1e21, 1e-7, 123456789, 0.000001])).toBe('[1,1.5,1e+21,1e-7,123456789,0.000001]');
  });
});
