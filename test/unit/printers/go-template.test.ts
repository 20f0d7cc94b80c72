import { describe, expect, test } from '@jest/globals';
import { GoTemplate, printGoTemplate } from '../../../src/printers/go-template.js';
import { goSprintf } from '../../../src/printers/go-printf.js';
import { asStderr, readGolden } from './golden.js';

interface Case {
  template: string;
  allowMissingKeys: boolean;
  stdout: string;
  stderr: string;
  code: number;
}

// Captured from kubectl.1.33: `label --local -f obj.json zz- -o go-template=<t>` (see golden README).
const golden = readGolden<{ object: unknown; cases: Case[] }>('go-template.kubectl-1.33.json');

describe('go-template matches kubectl.1.33 byte for byte', () => {
  test.each(golden.cases.map((c) => [`${c.template} allowMissing=${c.allowMissingKeys}`, c] as const))('%s', (_n, c) => {
    const r = printGoTemplate(c.template, golden.object, { allowMissingKeys: c.allowMissingKeys });
    expect({ stdout: r.stdout, stderr: r.error ? asStderr(r.error.message) : '', code: r.error ? 1 : 0 }).toEqual({
      stdout: c.stdout,
      stderr: c.stderr,
      code: c.code,
    });
  });
});

describe('grammar', () => {
  const data = { items: [{ name: 'a', n: 1 }, { name: 'b', n: 2 }], labels: { b: '2', a: '1' }, s: 'x' };
  const run = (t: string): string => {
    const r = new GoTemplate(t).execute(data);
    if (r.error) throw r.error;
    return r.output;
  };
  test.each([
    ['{{range .items}}{{.name}}{{"\\n"}}{{end}}', 'a\nb\n'],
    ['{{range $i, $e := .items}}{{$i}}:{{$e.name}} {{end}}', '0:a 1:b '],
    ['{{range $k, $v := .labels}}{{$k}}={{$v}},{{end}}', 'a=1,b=2,'],
    ['{{.labels}}', 'map[a:1 b:2]'],
    ['{{.items}}', '[map[n:1 name:a] map[n:2 name:b]]'],
    ['{{if eq .s "x"}}yes{{else}}no{{end}}', 'yes'],
    ['{{if eq .s "y"}}1{{else if eq .s "x"}}2{{else}}3{{end}}', '2'],
    ['{{with .labels.a}}[{{.}}]{{end}}', '[1]'],
    ['{{$x := .s}}{{$x}}{{$x = "z"}}{{$x}}', 'xz'],
    ['{{.s | printf "%q"}}', '"x"'],
    ['{{len .items}} {{index .items 1 | printf "%v"}}', '2 map[n:2 name:b]'],
    ['{{index .labels "a"}}', '1'],
    ['{{.missing}}', '<no value>'],
    ['{{.missing.deeper}}', '<no value>'],
    ['a  {{- "b" -}}  c', 'abc'],
    ['{{/* comment */}}x', 'x'],
    ['{{and 1 0}} {{or 0 "" "z"}} {{not 0}}', '0 z true'],
    ['{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}} {{ne 1 2}}', 'true true true false true'],
    ['{{base64decode "aGk="}}', 'hi'],
    ['{{print "a" 1 2 "b"}}|{{println 1 "x"}}', 'a1 2b|1 x\n'],
  ])('%s', (t, want) => expect(run(t)).toBe(want));

  test('missingkey=error', () => {
    const r = new GoTemplate('{{.nope}}').execute({ a: 1 }, { allowMissingKeys: false });
    expect(r.error?.message).toBe('template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"');
  });

  test.each([
    ['{{nope}}', 'template: output:1: function "nope" not defined'],
    ['{{.a', 'template: output:1: unclosed action'],
    ['{{if}}{{end}}', 'template: output:1: missing value for if'],
    ['{{$u}}', 'template: output:1: undefined variable "$u"'],
  ])('parse error %s', (t, msg) => expect(() => new GoTemplate(t)).toThrow(msg));
});

describe('printf', () => {
  test.each([
    ['%s|%5s|%-5s|%.2s', ['ab', 'ab', 'ab', 'abc'], 'ab|   ab|ab   |ab'],
    ['%d|%5d|%-5d|%05d|%+d', [3, 3, 3, -3, 3], '3|    3|3    |-0003|+3'],
    ['%x|%X|%o|%b|%#x', [255, 255, 8, 5, 255], 'ff|FF|10|101|0xff'],
    ['%f|%.2f|%e|%g|%v', [0.25, 1234567.5, 1234567.5, 1234567.5, 0.5], '0.250000|1234567.50|1.234568e+06|1.2345675e+06|0.5'],
    ['%q|%v|%t|%c|%%', ['a"b', null, true, 65], '"a\\"b"|<nil>|true|A|%'],
    ['%d|%s', ['x', 1], '%!d(string=x)|%!s(int64=1)'],
    ['%d %d', [1], '1 %!d(MISSING)'],
    ['x', [1, 'y'], 'x%!(EXTRA int64=1, string=y)'],
  ])('%s', (f, args, want) => expect(goSprintf(f, args)).toBe(want));
});
