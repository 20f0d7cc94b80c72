import { describe, expect, test } from '@jest/globals';
import { JsonPath, printJsonPath, relaxedJsonPathExpression } from '../../../src/printers/jsonpath.js';
import { asStderr, readGolden } from './golden.js';

interface Case {
  template: string;
  allowMissingKeys: boolean;
  asJson: boolean;
  stdout: string;
  stderr: string;
  code: number;
}

// Captured from kubectl.1.33: `label --local -f obj.json zz- -o jsonpath=<t>` (see golden README).
const golden = readGolden<{ object: unknown; cases: Case[] }>('jsonpath.kubectl-1.33.json');
// `*` and `..` walk Go maps in random order (kubectl's output varies run to run); those are tested below.
const mapOrderDependent = (t: string): boolean => t.includes('..') || /\.\*/.test(t);

function run(c: Pick<Case, 'template' | 'allowMissingKeys' | 'asJson'>, obj: unknown): Omit<Case, 'template' | 'allowMissingKeys' | 'asJson'> {
  try {
    return { stdout: printJsonPath(c.template, obj, { allowMissingKeys: c.allowMissingKeys, outputJson: c.asJson }), stderr: '', code: 0 };
  } catch (e) {
    return { stdout: '', stderr: asStderr((e as Error).message), code: 1 };
  }
}

describe('jsonpath matches kubectl.1.33 byte for byte', () => {
  const cases = golden.cases.filter((c) => !mapOrderDependent(c.template));
  test.each(cases.map((c) => [`${c.template} allowMissing=${c.allowMissingKeys} asJson=${c.asJson}`, c] as const))('%s', (_n, c) => {
    expect(run(c, golden.object)).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
  });
});

describe('map walks use sorted keys (Go order is random)', () => {
  const obj = { metadata: { name: 'web-1', labels: { tier: 'fe', app: 'web' } }, spec: { items: [{ name: 'a' }] } };
  test('wildcard over a map', () => expect(new JsonPath('{.metadata.labels.*}').execute(obj)).toBe('web fe'));
  test('recursive descent', () => expect(new JsonPath('{..name}').execute(obj)).toBe('web-1 a'));
  test('kubectl gives the same multiset', () => {
    const c = golden.cases.find((x) => x.template === '{..name}' && x.allowMissingKeys && !x.asJson)!;
    const ours = run(c, golden.object).stdout.split(' ').sort();
    expect(ours).toEqual(c.stdout.split(' ').sort());
  });
});

describe('grammar', () => {
  const data = {
    items: [
      { name: 'a', n: 1, tags: ['x', 'y'], on: true },
      { name: 'b', n: 2, tags: [] },
      { name: 'c', n: 3, f: 1.5 },
    ],
    m: { 'dotted.key': 'v', 'x y': 'w' },
  };
  test.each([
    ['{.items[0].name}', 'a'],
    ['{.items[-1].name}', 'c'],
    ['{.items[-2:].name}', 'b c'],
    ['{.items[0:3:2].name}', 'a c'],
    ['{.items[*].n}', '1 2 3'],
    ['{.items[0,2].name}', 'a c'],
    ["{.items[0]['name','n']}", 'a 1'],
    ['{.items[?(@.n>=2)].name}', 'b c'],
    ['{.items[?(@.n<2)].name}', 'a'],
    ['{.items[?(@.name!="b")].name}', 'a c'],
    ['{.items[?(@.f)].name}', 'c'],
    ['{.items[?(@.on==true)].name}', 'a'],
    ['{range .items[*]}{.name}{","}{end}', 'a,b,c,'],
    ['{range .items[*]}{range .tags[*]}{@}{end}{end}', 'xy'],
    ['{.items[0].tags}', '["x","y"]'],
    ['{"a\\tb"}', 'a\tb'],
    ["{'q'}", 'q'],
    ['lit {.items[1].name} lit', 'lit b lit'],
    ['{.nope}', ''],
    ['{$.items[0].name}{@.items[1].name}', 'ab'],
  ])('%s', (t, want) => expect(new JsonPath(t).execute(data)).toBe(want));

  test.each([
    ['{.a', 'unclosed action'],
    ['{.items[?(@.a=="x" && @.b=="y")]}', "unrecognized character in action: U+0026 '&'"],
    ['{.items[?(@.a=~"x")]}', "unrecognized character in action: U+007E '~'"],
    ['{.a,.b}', "unrecognized character in action: U+002C ','"],
    ['{.items[x]}', 'invalid array index x'],
    ['{.items[0}', 'unterminated array'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    ['{....a}', 'invalid multiple recursive descent'],
  ])('parse error %s', (t, msg) => {
    expect(() => printJsonPath(t, {})).toThrow(`error parsing jsonpath ${t}, ${msg}\n`);
  });

  test("a quoted key is re-read as a path, as client-go does", () => {
    expect(new JsonPath("{.m['dotted.key']}").execute(data)).toBe('');
    expect(() => new JsonPath("{.m['x y']}").execute(data)).toThrow('unrecognized identifier y');
  });

  test('missing keys fail when not allowed', () => {
    expect(() => new JsonPath('{.nope}', { allowMissingKeys: false }).execute({ a: 1 })).toThrow('nope is not found');
  });

  test('jsonpath-as-json', () => {
    expect(new JsonPath('{.items[*].name}', { outputJson: true }).execute(data)).toBe('[\n    "a",\n    "b",\n    "c"\n]\n');
  });
});

describe('relaxed expressions (--sort-by, custom-columns)', () => {
  test.each([
    ['.metadata.name', '{.metadata.name}'],
    ['metadata.name', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['', ''],
  ])('%j -> %j', (e, want) => expect(relaxedJsonPathExpression(e)).toBe(want));
  test('rejects nested braces', () => {
    expect(() => relaxedJsonPathExpression('{.a}{.b}')).toThrow("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  });
});
