/**
 * `ktl edit` against kubectl.1.33 on twin objects in two namespaces (ktl ->
 * A, kubectl -> B), with an editor that is a small sed script: the file the
 * editor sees (header, YAML/JSON, List, error block on reopen), output, exit
 * code and the resulting objects.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-edit-a');
const B = uniqueNamespace('ktl-edit-b');
let dir: string;

// first round: apply SEDEXPR; later rounds: save unchanged. Every file seen is copied to $STATE.
const EDITOR = `#!/bin/sh
n=$(cat "$STATE/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$STATE/count"
cp -f "$1" "$STATE/seen.$n"
if [ $n = 1 ]; then sed -i "$SEDEXPR" "$1"; fi
`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-edit-');
  await writeFile(path.join(dir, 'editor.sh'), EDITOR);
  await chmod(path.join(dir, 'editor.sh'), 0o755);
  for (const ns of [A, B]) {
    await kubectl(['create', 'cm', 'a', '--from-literal=k=one', '-n', ns]);
    await kubectl(['create', 'cm', 'b', '--from-literal=k=two', '-n', ns]);
    await kubectl(['create', 'deployment', 'web', '--image=nginx', '-n', ns]);
  }
  // the editor shows the deployment's status: let the controllers settle both twins first
  for (const r of await Promise.all([A, B].map((ns) => kubectl(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout=100s'])))) {
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const VARYING = /(resourceVersion|uid|creationTimestamp|time)("?): .*/g;
const clean = (s: string, ns: string) =>
  s.replaceAll(ns, 'NS').replace(VARYING, '$1$2: X').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TS').replace(/(kubectl\.1\.33|ktl)-edit-\d+/g, 'TMP').replace(/ktl replace|kubectl\.1\.33 replace/g, 'BIN replace');

async function run(bin: typeof ktl, ns: string, state: string, sed: string, args: string[]) {
  await rm(state, { recursive: true, force: true });
  await import('node:fs/promises').then((f) => f.mkdir(state, { recursive: true }));
  const r: ProcResult = await bin(['-n', ns, 'edit', ...args], {
    cwd: dir,
    env: { KUBE_EDITOR: path.join(dir, 'editor.sh'), EDITOR: undefined, STATE: state, SEDEXPR: sed, TMPDIR: dir },
  });
  const seen: string[] = [];
  for (const f of (await readdir(state)).filter((f) => f.startsWith('seen.')).sort()) seen.push(clean(await readFile(path.join(state, f), 'utf8'), ns));
  return { code: r.code, stdout: clean(r.stdout, ns), stderr: clean(r.stderr, ns), seen };
}
async function both(sed: string, ...args: string[]) {
  const [a, b] = await Promise.all([run(ktl, A, path.join(dir, 'sa'), sed, args), run(kubectl, B, path.join(dir, 'sb'), sed, args)]);
  return { a, b };
}
async function state(ns: string): Promise<string> {
  const r = await kubectl([
    'get', 'cm/a', 'cm/b', 'deploy/web', '-n', ns, '-o',
    'go-template={{range .items}}{{.metadata.name}} {{.data}} {{.metadata.labels}} {{.spec.replicas}} {{range .metadata.managedFields}}{{.manager}},{{end}};{{end}}',
  ]);
  // the order of managedFields entries depends on when the controller manager writes status: compare them as a set
  return r.stdout
    .split(';')
    .map((obj) => obj.replace(/ ([^ ]*,)$/, (_m, list: string) => ' ' + list.split(',').filter(Boolean).sort().join(',') + ','))
    .join(';');
}

describe('edit, ktl vs kubectl.1.33', () => {
  test('edited, skipped, cancelled, JSON, --output-patch, invalid then reopen, name change, editor failures, NotFound', async () => {
    const steps: Array<[string, string[]]> = [
      ['s/k: one/k: uno/', ['cm', 'a']],
      ['s/k: two/k: dos/', ['cm', 'a', 'b']],
      ['s/x/x/', ['cm/a']],
      ['s/"k": "uno"/"k": "eins"/', ['cm', 'a', '-o', 'json', '--output-patch']],
      ['s/replicas: 1/replicas: 2/', ['deploy/web', '--output-patch']],
      ['s/^  k: .*/  bad_key!: x/', ['cm', 'a']],
      ['s/name: a/name: z/', ['cm/a']],
      ['s/x/x/', ['cm', 'nope']],
      ['s/x/x/', []],
      // a YAML syntax error: kubectl's client validation text, and with --validate=false its reader's
      ['s/^  k: .*/  k: x\\n   bad: y/', ['cm', 'a']],
      ['s/^  k: .*/  k: [x/', ['cm', 'a', '--validate=false']],
      ['s/k: eins/k: zwei/', ['cm', 'a', '--windows-line-endings']],
    ];
    for (const [sed, args] of steps) {
      const { a, b } = await both(sed, ...args);
      expect({ args, ...a }).toEqual({ args, ...b });
      if (args.includes('--windows-line-endings')) expect(a.seen[0]).toMatch(/^# Please edit[^\n]*\r\n/);
      if (sed.includes('bad: y')) expect(a.seen[1]).toContain('# * <nil>: Invalid value: "The edited file failed validation": yaml: line 4: mapping values are not allowed in this context\n');
      if (args.includes('--validate=false')) expect(a.seen[1]).toContain("# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: line");
    }
    const [sa, sb] = await Promise.all([state(A), state(B)]);
    expect(sa).toBe(sb);
    expect(sa).toContain('a map[k:zwei]');
    expect(sa).toContain('b map[k:dos]');
    // a bare editor name is executed directly, with a path-less failure message
    const [fa, fb] = await Promise.all([
      ktl(['-n', A, 'edit', 'cm/a'], { env: { KUBE_EDITOR: 'false', TMPDIR: dir } }),
      kubectl(['-n', B, 'edit', 'cm/a'], { env: { KUBE_EDITOR: 'false', TMPDIR: dir } }),
    ]);
    expect(fa).toEqual(fb);
    expect(fa).toEqual({ code: 1, stdout: '', stderr: 'error: there was a problem with the editor "false"\n' });
  });
});
