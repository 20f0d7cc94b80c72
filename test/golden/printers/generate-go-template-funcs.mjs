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
