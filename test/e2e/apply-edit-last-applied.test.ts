/**
 * `ktl apply edit-last-applied` against kubectl.1.33 on twin namespaces
 * (ktl -> A, kubectl -> B) with an editor that is a small sed script: the
 * file the editor sees (apply-mode header, YAML or JSON, a List for several
 * objects), the printed lines, exit codes, and the annotations (and only
 * them) on the server afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const A = uniqueNamespace('ktl-ela-a');
const B = uniqueNamespace('ktl-ela-b');
let dir: string;

// first round: apply SEDEXPR; later rounds: save unchanged. Every file seen is copied to $STATE.
const EDITOR = `#!/bin/sh
n=$(cat "$STATE/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$STATE/count"
cp -f "$1" "$STATE/seen.$n"
if [ $n = 1 ]; then sed -i "$SEDEXPR" "$1"; fi
`;

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata: {name: one}
data: {k: aaa}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: two, labels: {x: "v"}}
data: {k: zzz}
`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-ela-');
  await writeFile(path.join(dir, 'editor.sh'), EDITOR);
  await chmod(path.join(dir, 'editor.sh'), 0o755);
  for (const ns of [A, B]) {
    const r = await kubectl(['apply', '-n', ns, '-f', '-'], { input: MANIFEST });
    if (r.code !== 0) throw new Error(r.stderr);
    await kubectl(['create', 'cm', 'plain', '-n', ns]);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const clean = (s: string, ns: string) => s.replaceAll(ns, 'NS').replace(/(kubectl\.1\.33|ktl)-edit-\d+/g, 'TMP').replace(/`(kubectl|ktl) apply/g, '`BIN apply');

async function run(bin: typeof ktl, ns: string, state: string, sed: string, args: string[]) {
  await rm(state, { recursive: true, force: true });
  await mkdir(state, { recursive: true });
  const r = await bin(['-n', ns, 'apply', 'edit-last-applied', ...args], {
    cwd: dir,
    env: { KUBE_EDITOR: path.join(dir, 'editor.sh'), EDITOR: undefined, STATE: state, SEDEXPR: sed, TMPDIR: dir },
  });
  const seen: string[] = [];
  for (const f of (await readdir(state)).filter((f) => f.startsWith('seen.')).sort()) seen.push(clean(await readFile(path.join(state, f), 'utf8'), ns));
  return { code: r.code, stdout: clean(r.stdout, ns), stderr: clean(r.stderr, ns), seen };
}
async function both(sed: string, ...args: string[]) {
  const [a, b] = await Promise.all([run(ktl, A, path.join(dir, 'sa'), sed, args), run(kubectl, B, path.join(dir, 'sb'), sed, args)]);
  expect(a).toEqual(b);
  return b;
}
async function state(ns: string): Promise<string> {
  const r = await kubectl(['get', 'cm', 'one', 'two', 'plain', '-n', ns, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.data} {.metadata.labels} {.metadata.annotations}{"\\n"}{end}']);
  return r.stdout.replaceAll(ns, 'NS');
}
async function sameState(): Promise<string> {
  const [a, b] = await Promise.all([state(A), state(B)]);
  expect(a).toBe(b);
  return b;
}

describe('apply edit-last-applied, ktl vs kubectl.1.33', () => {
  test('unchanged: the annotation under the apply-mode header, "Edit cancelled, no changes made."', async () => {
    const r = await both('s/nothing/nothing/', 'cm/one');
    expect(r.seen[0]).toMatch(/^# Please edit the 'last-applied-configuration' annotations below\.\n# Lines beginning with a '#' will be ignored, and an empty file will abort the edit\.\n#\napiVersion: v1\ndata:\n  k: aaa\n/);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
  });

  test('"no changes" as kubectl decides it: the JSON of the first YAML document, not the text', async () => {
    // a second document is not looked at; white space does not count in YAML
    expect(await both('$a ---\\nkind: Other', 'cm/one')).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(await both('s/^kind: /kind:    /', 'cm/one')).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    // but a JSON file is compared byte for byte: re-indented, it is a change (the object is then the same: skipped)
    const j = await both('s/^    /  /', 'cm/one', '-o', 'json');
    expect(j).toMatchObject({ code: 0, stderr: '' });
    expect(j.stdout).toMatch(/^\{\n {4}"apiVersion": "v1",/);
    // comments only: JSON null, which kubectl's validation refuses (the file reopens; saved unchanged, the edit ends)
    const c = await both('s/^\\([^#]\\)/# \\1/', 'cm/one');
    expect(c).toMatchObject({ code: 1, stdout: '' });
    expect(c.seen[1]).toContain('# * <nil>: Invalid value: "The edited file failed validation": invalid object to validate\n');
    // without validation: "saved file was empty"
    expect(await both('s/^\\([^#]\\)/# \\1/', 'cm/one', '--validate=false')).toMatchObject({ code: 0, stdout: '', stderr: 'Edit cancelled, saved file was empty.\n' });
  });

  test('one edited, several as a List (skipped and edited), -o json and -o yaml; only the annotations change', async () => {
    const before = await sameState();
    expect(await both('s/aaa/bbb/', 'cm/one')).toMatchObject({ code: 0, stdout: 'configmap/one edited\n' });
    expect((await both('s/zzz/yyy/', 'cm/one', 'cm/two')).stdout).toBe('configmap/one skipped\nconfigmap/two edited\n');
    const j = await both('s/"yyy"/"xxx"/', 'cm', 'one', 'two', '-o', 'json');
    expect(j.seen[0]).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);
    await both('s/bbb/ccc/', 'cm/one', '-o', 'yaml');
    const after = await sameState();
    // data and labels are those of before: only the last-applied annotations moved
    expect(after).toContain('one {"k":"aaa"}');
    expect(after).toContain('\\"k\\":\\"ccc\\"');
    expect(after).not.toBe(before);
  });

  test('refusals: no annotation, nothing named, a missing object, -o name', async () => {
    expect(await both('s/x/x/', 'cm/plain')).toMatchObject({
      code: 1,
      stderr: 'error: no last-applied-configuration annotation found on resources, to create the annotation, use command `BIN apply set-last-applied --create-annotation`\n',
    });
    expect((await both('s/x/x/')).code).toBe(1);
    expect((await both('s/x/x/', 'cm/nope')).stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
    expect((await both('s/x/x/', 'cm/one', '-o', 'name')).code).toBe(1);
    await sameState();
  });

  test('help', async () => {
    const [a, b] = await Promise.all([ktl(['apply', 'edit-last-applied', '--help']), kubectl(['apply', 'edit-last-applied', '--help'])]);
    expect(a.stdout).toBe(b.stdout.replace(/kubectl (apply|options)/g, 'ktl $1'));
  });
});
