import { describe, expect, test } from '@jest/globals';
import { customColumnCells, parseCustomColumnsFile, parseCustomColumnsSpec, printCustomColumns } from '../../../src/printers/custom-columns.js';
import { compareQuantities, parseQuantity } from '../../../src/printers/quantity.js';
import { sortObjectsBy, UnsortableError } from '../../../src/printers/sort.js';
import { asStderr, readGolden } from './golden.js';

interface Case {
  spec: string;
  sortBy: string;
  noHeaders: boolean;
  stdout: string;
  stderr: string;
  code: number;
}

// Captured from kubectl.1.33 `get pods -o custom-columns=... [--sort-by] [--no-headers]`
// against a fake API server serving these items (see golden README).
const golden = readGolden<{ items: unknown[]; cases: Case[] }>('custom-columns-sort.kubectl-1.33.json');

function run(c: Case): { stdout: string; stderr: string; code: number } {
  let stdout = '';
  try {
    const cols = parseCustomColumnsSpec(c.spec);
    const objs = c.sortBy ? sortObjectsBy(golden.items, c.sortBy) : golden.items;
    const r = printCustomColumns(cols, objs, { noHeaders: c.noHeaders });
    stdout = r.stdout;
    if (r.error) throw r.error;
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    // kubectl reports unsortable fields through klog.Fatal ("F<date> <pid> sorter.go:NNN] <msg>").
    const msg = e instanceof UnsortableError ? `F sorter.go] ${e.message}\n` : asStderr((e as Error).message);
    return { stdout, stderr: msg, code: 1 };
  }
}

const normaliseKlog = (s: string): string => s.replace(/^F\d{4} [\d:.]+ +\d+ sorter\.go:\d+\] /, 'F sorter.go] ');

describe('custom-columns and --sort-by match kubectl.1.33', () => {
  test.each(golden.cases.map((c) => [`${c.spec} sort=${c.sortBy} noHeaders=${c.noHeaders}`, c] as const))('%s', (_n, c) => {
    expect(run(c)).toEqual({ stdout: c.stdout, stderr: normaliseKlog(c.stderr), code: c.code });
  });
});

describe('custom-columns', () => {
  test('spec errors', () => {
    expect(() => parseCustomColumnsSpec('')).toThrow('custom-columns format specified but no custom columns given');
    expect(() => parseCustomColumnsSpec('NAME')).toThrow('unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  });
  test('file form', () => {
    expect(parseCustomColumnsFile('NAME   NS\nmetadata.name {.metadata.namespace}\n')).toEqual([
      { header: 'NAME', fieldSpec: '{.metadata.name}' },
      { header: 'NS', fieldSpec: '{.metadata.namespace}' },
    ]);
    expect(() => parseCustomColumnsFile('')).toThrow('invalid template, missing header line.');
    expect(() => parseCustomColumnsFile('A B\n')).toThrow('invalid template, missing spec line.');
    expect(() => parseCustomColumnsFile('A B\n.a\n')).toThrow("number of headers (2) and field specifications (1) don't match");
  });
  test('values: <none>, joined lists, Go %v of maps and nil', () => {
    const cols = parseCustomColumnsSpec('A:.a,B:.b[*].x,C:.c,D:.d,E:.e');
    expect(customColumnCells(cols, { b: [{ x: 1 }, { y: 2 }, { x: 'z' }], c: { k: 'v', j: [1, 2] }, d: null, e: 'tab\there' })).toEqual([
      '<none>',
      '1,z',
      'map[j:[1 2] k:v]',
      '<nil>',
      'tab\there',
    ]);
  });
  test('control characters: ESC shows as ^[ and CR as \\r (printers.EscapeTerminal); others, 0x01 and DEL among them, pass as they are', () => {
    const cols = parseCustomColumnsSpec('R:.r,M:.m');
    expect(customColumnCells(cols, { r: '\u0001ctl\u001b[31mred\u007f', m: { k: 'a\rb' } })).toEqual(['\u0001ctl^[[31mred\u007f', 'map[k:a\\rb]']);
  });
});

describe('sort', () => {
  test('byte order for names (no natural sort since kubectl 1.31), missing first', () => {
    const objs = [{ n: 'pod-2' }, { n: 'pod-10' }, {}, { n: 'Pod-1' }];
    expect(sortObjectsBy(objs, '.n')).toEqual([{}, { n: 'Pod-1' }, { n: 'pod-10' }, { n: 'pod-2' }]);
  });
  test('quantities, numbers, timestamps', () => {
    expect(sortObjectsBy([{ q: '1Gi' }, { q: '100Mi' }, { q: '2' }, { q: '500m' }], 'q').map((o) => o.q)).toEqual(['500m', '2', '100Mi', '1Gi']);
    expect(sortObjectsBy([{ n: 10 }, { n: 9 }, { n: 1 }], 'n').map((o) => o.n)).toEqual([1, 9, 10]);
    expect(sortObjectsBy([{ n: 10.5 }, { n: 9.5 }, { n: 1.5 }], 'n').map((o) => o.n)).toEqual([1.5, 9.5, 10.5]);
    // an int64 and a float64 (as Go decodes 10 and 1.5) are no comparable pair to kubectl
    expect(() => sortObjectsBy([{ n: 10 }, { n: 9 }, { n: 1.5 }], 'n')).toThrow(
      'Field {.n} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable interface: interface',
    );
    const ts = ['2024-01-03T00:00:00Z', '2023-12-31T23:59:59Z', '2024-01-01T00:00:00Z'];
    expect(sortObjectsBy(ts.map((t) => ({ t })), '{.t}').map((o) => o.t)).toEqual([ts[1], ts[2], ts[0]]);
  });
  test('no object has the field', () => {
    expect(() => sortObjectsBy([{ a: 1 }], '.metadata.nope')).toThrow('couldn\'t find any field with path "{.metadata.nope}" in the list of objects');
  });
  test('quantity parsing', () => {
    expect(parseQuantity('abc')).toBeUndefined();
    // names of Object.prototype are no suffixes
    expect(parseQuantity('1constructor')).toBeUndefined();
    expect(parseQuantity('1toString')).toBeUndefined();
    expect(parseQuantity('1.5Gi')).toBeDefined();
    expect(compareQuantities(parseQuantity('1k')!, parseQuantity('1000')!)).toBe(0);
    expect(compareQuantities(parseQuantity('1Ki')!, parseQuantity('1k')!)).toBe(1);
    expect(compareQuantities(parseQuantity('-1')!, parseQuantity('1e-3')!)).toBe(-1);
  });
});
