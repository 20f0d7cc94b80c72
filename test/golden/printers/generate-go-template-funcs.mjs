#!/usr/bin/env node
// Writes go-template-funcs.kubectl-1.33.json: text/template's builtins
// (html, js, urlquery, slice, call, define/template/block), Go's argument
// conversion and index errors, and fmt's printf verbs, each template run by
// `kubectl.1.33 label --local -f obj.json zz- -o go-template=<t>` on one pod
// (stdout, stderr, exit code). The file also holds the object as kubectl's
// `-o json` prints it, which is what the unit test gives ktl's printer.
// Usage: node test/golden/printers/generate-go-template-funcs.mjs [kubectl]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const here = dirname(fileURLToPath(import.meta.url));

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p2', namespace: 'default', labels: { app: 'b', run: 'p2' }, annotations: { note: 'a<b&c>"d\'' } },
  spec: {
    terminationGracePeriodSeconds: 30,
    containers: [{ name: 'p2', image: 'nginx' }],
    ratio: 0.5,
    list3: [1, 2, 3],
    seq17: Array.from({ length: 17 }, (_, i) => i),
    seq33: Array.from({ length: 33 }, (_, i) => i),
    nothing: null,
    withNull: [null, 1],
    text: 'héllo wörld',
  },
};

const templates = [
  // html, js, urlquery: fmt.Sprint of the operands, then escaped
  '{{ html "<a>" }}',
  '{{html .metadata.annotations.note}}|{{js .metadata.annotations.note}}|{{urlquery .metadata.annotations.note}}',
  `{{ js "a'b" }}`,
  '{{js "<>&=\\"\\\\\\u0001\\u007fé\\u2028"}}',
  '{{ urlquery "a b" }}',
  '{{urlquery "a/b?c=d&e é~_.-!*()"}}',
  '{{html .metadata.labels}}|{{html "a" 1 2 "b" .spec.ratio}}|{{html .nope}}|{{html nil}}|{{js .nope}}|{{urlquery .nope 1 "a"}}|{{html}}',
  '{{.metadata.name | html | printf "[%s]"}}',
  // slice: strings, arrays up to their capacity, Go's errors
  '{{ slice "abcdef" 1 3 }}|{{slice "abc"}}|{{slice "abc" 1}}|{{slice .spec.text 1 3}}',
  '{{slice .spec.list3 1}}|{{slice .spec.list3 1 2 3}}|{{slice .spec.list3 3}}|{{slice .spec.list3 0 4}}|{{len (slice .spec.list3 1 1 3)}}',
  '{{slice .spec.containers 1}}',
  '{{slice .spec.containers 2}}',
  '{{slice .spec.seq17 0 32}}',
  '{{slice .spec.seq17 0 33}}',
  '{{slice .spec.seq33 0 71}}',
  '{{slice .spec.seq33 0 72}}',
  '{{slice (slice .spec.list3 0 1) 0 3}}',
  '{{slice .spec.list3 2 1}}',
  '{{slice .spec.list3 4}}',
  '{{slice .spec.list3 0 2 1}}',
  '{{slice "abc" 1 2 3}}',
  '{{slice "abc" 4}}',
  '{{slice 3 1}}',
  '{{slice .nope 1}}',
  '{{slice .spec.list3 1 2 3 4}}',
  '{{slice .spec.list3 -1}}',
  '{{slice .spec.list3 "a"}}',
  '{{slice .spec.list3 nil}}',
  '{{slice}}',
  // call: nothing in an object is a function
  '{{call .spec}}',
  '{{call .nope}}',
  '{{call 3}}',
  '{{call "x"}}',
  '{{call .metadata.name 1}}',
  '{{ .spec | call }}',
  '{{call}}',
  // define, template, block
  '{{define "x"}}X{{end}}{{template "x"}}',
  '{{ template "nope" }}',
  '{{template "x" .metadata}}{{define "x"}}{{.name}}:{{$.name}}{{end}}',
  '{{template "x" .nope}}{{define "x"}}{{.}}{{end}}',
  '{{block "b" .metadata}}{{.name}}{{end}}-{{template "b" .spec.containers}}',
  '{{define "output"}}A{{end}}',
  '{{define "output"}}A{{end}}B',
  '{{define "x"}}A{{end}}{{define "x"}}B{{end}}{{template "x"}}',
  '{{define "x"}}A{{end}}{{define "x"}} {{end}}{{template "x"}}',
  '{{if 1}}{{define "x"}}{{end}}{{end}}',
  '{{template 3}}',
  '{{block "x"}}{{end}}',
  '{{define 3}}{{end}}',
  '{{define "x" 3}}{{end}}',
  '{{define "x"}}{{else}}{{end}}',
  '{{define "x"}}',
  '{{define "x"}}{{.zz}}{{end}}{{template "x" .metadata}}',
  '{{define "x"}}{{template "x"}}{{end}}{{template "x"}}',
  '{{$y := 1}}{{define "x"}}{{$y}}{{end}}',
  // index and len: Go's error texts
  '{{range .items}}{{.metadata.name}}{{index .spec.containers 1}}{{end}}',
  '{{index .spec.containers 1}}',
  '{{index .spec.list3 3}}',
  '{{index .spec.list3 4}}',
  '{{index "abc" 3}}',
  '{{index "abc" 4}}',
  '{{index "abc" 1}} {{printf "%c" (index "abc" 1)}} {{eq (index "abc" 0) 97}} {{lt (index "abc" 0) 98}}',
  '{{index .nope 1}}',
  '{{index .spec.list3 .nope}}',
  '{{index .spec.list3 nil}}',
  '{{index 3 1}}',
  '{{index .metadata nil}}',
  '{{index .metadata .nope}}',
  '{{index .spec.withNull 0 1}}',
  '{{ len 3 }}',
  '{{len .spec.nothing}}',
  '{{len .spec.ratio}}',
  // arguments converted to a function's parameter types
  '{{ base64decode 3 }}',
  '{{ base64decode .spec.ratio }}',
  '{{ base64decode .spec.terminationGracePeriodSeconds }}',
  '{{ base64decode .nope }}',
  '{{ base64decode nil }}',
  '{{ base64decode .spec.nothing }}',
  '{{range .spec.withNull}}{{base64decode .}}{{end}}',
  '{{ base64decode "a" "b" }}',
  '{{ base64decode true }}',
  '{{printf 3}}',
  '{{ 3 | printf }}',
  '{{printf .nope}}',
  '{{printf nil}}',
  '{{printf}}',
  '{{not}}',
  '{{not 1 2}}',
  '{{len}}',
  '{{exists}}',
  '{{exists .spec "list3" 1.5}}|{{exists .spec "nothing"}}|{{exists .spec "withNull" 0}}|{{exists .spec "withNull" 1}}|{{exists "abc" 1}}|{{exists . nil}}',
  // printf: fmt's verbs, flags, argument indexes and Go syntax
  '{{printf "%T" .spec.terminationGracePeriodSeconds}}',
  '{{printf "%T %T %T %T %T %T %T %T %T %T" 1 1.5 "a" true .spec.ratio .metadata .spec.containers nil .nope (index "abc" 1)}}',
  '{{printf "%#v" .metadata.name}}',
  '{{printf "%#v" .metadata.labels}}',
  '{{printf "%#v" .spec.containers}}',
  '{{printf "%#v" .spec.withNull}}|{{printf "%v %+v %d %s" .spec.withNull .spec.withNull .spec.withNull .spec.withNull}}',
  '{{printf "%#v|%#v|%#v|%#v|%#v|%#v|%#v" 1 1.5 2.0 true nil (index "a" 0) .spec.terminationGracePeriodSeconds}}',
  '{{printf "%U|%#U|%U|%O|%#o|%#b|%#x|%#X" 65 65 -1 8 8 5 255 255}}',
  '{{printf "% x|% X|%#x|%# x|%x|%X|%.1x|%x" "ab" "ab" "ab" "ab" "hé" "hé" "ab" ""}}',
  '{{printf "%[2]s %[1]s" "a" "b"}}',
  '{{printf "%[3]s|%[0]s|%[x]s|%[1]*d|%-*d|%.*f" "a" "b" 5 7 2 3 1.5}}',
  '{{printf "%[2]d %d %d" 1 2 3}}|{{printf "%d %d" 1 2 3}}|{{printf "%.*d|%*d" -1 5 2000000 1}}|{{printf "%[1]d %[1]x %[1]o %[1]c %[1]q" 97}}',
  '{{printf "%#q|%+q|%q|%#q|%+q" "a`b" "héllo" 65 "tab\there" 233}}',
  '{{printf "%c|%c|%c|%6.2q|%-5T|" 0x1F600 -1 0xD800 "abc" 1}}',
  '{{printf "%5v|%-4d|%05s|%5z" .spec.list3 .spec.list3 .metadata.labels 1}}',
  '{{printf "%08d|%-08d|%+08d|% d|%x|%.0d|%5.0d|%#08x|%.3d" -42 42 42 42 -1 0 0 255 7}}',
  '{{printf "%x %X %b %#g %#.3x %.2x %x" .spec.ratio 1.0 1.5 2.0 3.0 -0.1 0.0}}',
  '{{printf "%6.2f|%-8.3e|%+g|% .1f|%08.2f|%+08.2f|%.0f|%.1f" 3.14159 -2.5 1.0 2.25 -1.5 1.5 0.5 0.25}}',
  '{{printf "%.3g|%.10f|%.20e|%g|%.4g|%#.4g|%#g|%e|%f|%.5g" 1.0 0.1 0.1 1e-5 0.00012345 1.0 1e6 0.0 1e22 123456789.0}}',
  '{{printf "%.2t|%+10.1v|%#.0v|%#.2v|%# x|%#.3x|%#x" true true "héy" "héy" 2.5 0.0 1.0}}',
  '{{printf "%!"}}|{{printf "%"}}|{{printf "%-"}}|{{printf "%z" .spec.ratio}}|{{printf "%t %v %s" .spec.nothing .spec.nothing .spec.nothing}}',
  // number constants
  '{{ 100000000000000000000 }}',
  '{{ 18446744073709551615 }}',
  '{{ 9223372036854775808 }}',
  '{{printf "%T" 9223372036854775808}}',
  '{{ 0x1ffffffffffffffffff }}',
];

const dir = mkdtempSync(join(tmpdir(), 'gotmpl-'));
try {
  const file = join(dir, 'obj.json');
  writeFileSync(file, JSON.stringify(pod));
  const json = spawnSync(kubectl, ['label', '--local', '-f', file, 'zz-', '-o', 'json'], { encoding: 'utf8' });
  if (json.status !== 0) throw new Error(json.stderr);
  const cases = templates.map((template) => {
    const r = spawnSync(kubectl, ['label', '--local', '-f', file, 'zz-', '-o', `go-template=${template}`], { encoding: 'utf8' });
    return { template, stdout: r.stdout, stderr: r.stderr, code: r.status };
  });
  writeFileSync(join(here, 'go-template-funcs.kubectl-1.33.json'), JSON.stringify({ object: JSON.parse(json.stdout), cases }, null, 1) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
