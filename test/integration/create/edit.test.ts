/**
 * `ktl create -f FILE --edit` (kubectl's EditBeforeCreateMode) against the
 * fake API server with a sed-script editor: one editor session per object,
 * the file the editor sees (header, namespace filled in, status kept,
 * managedFields set aside), the POST (field manager kubectl-create whatever
 * --field-manager says, no dry run), the "Edit cancelled" texts, the
 * reopen on a validation or syntax error, failures kept in a file and
 * reported together. Texts as kubectl.1.33 printed them (test/e2e/create-edit.test.ts
 * compares the two on a cluster).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer, type RecordedRequest } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;
const CM_A = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: one\n';
const CM_B = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: two\n';
/** the first file the editor sees for CM_A */
const SHOWN_A = HEADER + 'apiVersion: v1\ndata:\n  k: one\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n';

let server: FakeApiServer;
let dir: string;
let state: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-create-edit-'));
  state = path.join(dir, 'state');
  // round n applies $SED<n> (else $SED), copies what it saw, and exits with $EXIT
  await writeFile(
    path.join(dir, 'editor.sh'),
    `#!/bin/sh\nn=$(cat "${state}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${state}/count"\ncp -f "$1" "${state}/seen.$n"\neval "s=\\\${SED$n-\\$SED}"\nif [ -n "$s" ]; then sed -i "$s" "$1"; fi\nexit \${EXIT:-0}\n`,
  );
  await chmod(path.join(dir, 'editor.sh'), 0o755);
  await writeFile(path.join(dir, 'a.yaml'), CM_A);
  await writeFile(path.join(dir, 'ab.yaml'), `${CM_A}---\n${CM_B}`);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  server.reset();
  for (const f of await leftovers()) await rm(path.join(dir, f), { force: true });
});

/** The server's answer to a create: the object sent, with what the server adds. */
const created = (req: RecordedRequest) => {
  const sent = JSON.parse(req.body) as { metadata?: Record<string, unknown> };
  return { status: 201, body: { ...sent, metadata: { ...sent.metadata, uid: 'u-new', resourceVersion: '7', creationTimestamp: '2026-12-07T10:00:00Z' } } };
};

async function ktl(sed: Record<string, string>, ...args: string[]) {
  await rm(state, { recursive: true, force: true });
  await mkdir(state);
  const env = { KUBE_EDITOR: path.join(dir, 'editor.sh'), PATH: process.env.PATH, TMPDIR: dir, ...sed };
  const r = await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { cwd: dir, env });
  const names = (await readdir(state)).filter((f) => f.startsWith('seen.')).sort();
  const seen = await Promise.all(names.map((f) => readFile(path.join(state, f), 'utf8')));
  return { ...r, seen };
}
const posts = () => server.requests.filter((r) => r.method === 'POST').map((r) => `${r.url} ${r.body}`);
const leftovers = async () => (await readdir(dir)).filter((f) => f.startsWith('ktl-edit-')).sort();

describe('create --edit', () => {
  test('the object as the editor sees it (sorted, namespace filled in, status kept, no managedFields), then created as saved', async () => {
    server.discovery();
    server.on('POST', `${CMS}`, created);
    await writeFile(
      path.join(dir, 'full.yaml'),
      'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a\n  managedFields: [{manager: x}]\n  labels: {z: "1", b: "2"}\ndata:\n  k: one\nstatus:\n  phase: x\n',
    );
    // --field-manager, --dry-run, -l and --windows-line-endings are read but take no part, as in kubectl
    const r = await ktl({ SED: 's/k: one/k: uno/' }, 'create', '-f', 'full.yaml', '--edit', '--field-manager=me', '--dry-run=server', '-l', 'x=y', '--windows-line-endings');
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap/a created\n',
      stderr: '',
      seen: [HEADER + 'apiVersion: v1\ndata:\n  k: one\nkind: ConfigMap\nmetadata:\n  labels:\n    b: "2"\n    z: "1"\n  name: a\n  namespace: default\nstatus:\n  phase: x\n'],
    });
    // managedFields set aside for the editor go back on the object (by uid) before it is sent
    expect(posts()).toEqual([
      `${CMS}?fieldManager=kubectl-create&fieldValidation=Strict {"apiVersion":"v1","data":{"k":"uno"},"kind":"ConfigMap","metadata":{"labels":{"b":"2","z":"1"},"managedFields":[{"manager":"x"}],"name":"a","namespace":"default"},"status":{"phase":"x"}}`,
    ]);
    expect(await leftovers()).toEqual([]);
  });

  test('one session per document; unchanged cancels that one only; -o yaml prints each object without separators', async () => {
    server.discovery();
    server.on('POST', `${CMS}`, created);
    const r = await ktl({ SED1: 's/x/x/', SED2: 's/k: two/k: dos/' }, 'create', '-f', 'ab.yaml', '--edit', '-o', 'yaml');
    expect(r.seen).toEqual([SHOWN_A, SHOWN_A.replace('k: one', 'k: two').replace('name: a', 'name: b')]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout:
        'apiVersion: v1\ndata:\n  k: dos\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2026-12-07T10:00:00Z"\n  name: b\n  namespace: default\n  resourceVersion: "7"\n  uid: u-new\n',
      stderr: 'Edit cancelled, no changes made.\n',
    });
    expect(posts()).toEqual([`${CMS}?fieldManager=kubectl-create&fieldValidation=Strict {"apiVersion":"v1","data":{"k":"dos"},"kind":"ConfigMap","metadata":{"name":"b","namespace":"default"}}`]);
  });

  test('-o json: the editor gets JSON without a header, the result prints as JSON', async () => {
    server.discovery();
    server.on('POST', `${CMS}`, created);
    const r = await ktl({ SED: 's/"k": "one"/"k": "eins"/' }, 'create', '-f', 'a.yaml', '--edit', '-o', 'json');
    expect(r.seen).toEqual(['{\n    "apiVersion": "v1",\n    "data": {\n        "k": "one"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "name": "a",\n        "namespace": "default"\n    }\n}\n']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      apiVersion: 'v1',
      data: { k: 'eins' },
      kind: 'ConfigMap',
      metadata: { creationTimestamp: '2026-12-07T10:00:00Z', name: 'a', namespace: 'default', resourceVersion: '7', uid: 'u-new' },
    });
  });

  test('-o other than json or yaml: the editor printer refuses it for each object, no editor, nothing created', async () => {
    server.discovery();
    const one = await ktl({}, 'create', '-f', 'a.yaml', '--edit', '-o', 'name');
    expect(one).toEqual({ code: 1, stdout: '', stderr: 'error: unable to match a printer suitable for the output format "name", allowed formats are: json,yaml\n', seen: [] });
    const two = await ktl({}, 'create', '-f', 'ab.yaml', '--edit', '-o', 'jsonpath={.a}');
    const line = 'unable to match a printer suitable for the output format "jsonpath={.a}", allowed formats are: json,yaml\n';
    expect(two).toEqual({ code: 1, stdout: '', stderr: line + line, seen: [] });
    expect(posts()).toEqual([]);
  });

  test('a YAML syntax error reopens the file under the validation failure; fixed, the object is created', async () => {
    server.discovery();
    server.on('POST', `${CMS}`, created);
    const r = await ktl({ SED1: 's/k: one/k: [one/', SED2: 's/k: \\[one/k: fixed/' }, 'create', '-f', 'a.yaml', '--edit');
    expect(r.seen).toEqual([
      SHOWN_A,
      HEADER +
        '# configmaps "a" was not valid:\n# * <nil>: Invalid value: "The edited file failed validation": yaml: line 3: did not find expected \',\' or \']\'\n#\n' +
        'apiVersion: v1\ndata:\n  k: [one\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n',
    ]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'configmap/a created\n', stderr: 'error: configmaps "a" is invalid\n' });
    expect(posts()).toHaveLength(1);
    expect(await leftovers()).toEqual([]);
  });

  test('everything deleted: not valid, reopened; saved the same again, cancelled with the file kept. --validate=false: "saved file was empty"', async () => {
    server.discovery();
    const r = await ktl({ SED: '/^[^#]/d' }, 'create', '-f', 'a.yaml', '--edit');
    const kept = await leftovers();
    expect(kept).toHaveLength(1);
    expect(r.seen[1]).toBe(HEADER + '# configmaps "a" was not valid:\n# * <nil>: Invalid value: "The edited file failed validation": invalid object to validate\n#\n');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: configmaps "a" is invalid\nA copy of your changes has been stored to "${path.join(dir, kept[0]!)}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    });
    await rm(path.join(dir, kept[0]!));
    const empty = await ktl({ SED: 'd' }, 'create', '-f', 'a.yaml', '--edit', '--validate=false');
    expect({ code: empty.code, stdout: empty.stdout, stderr: empty.stderr }).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, saved file was empty.\n' });
    expect(posts()).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  test('a failed create keeps the file and is reported at the end; each object fails on its own', async () => {
    server.discovery();
    server.status('POST', `${CMS}`, 409, 'AlreadyExists', 'configmaps "x" already exists');
    const one = await ktl({ SED: 's/k: /k: x/' }, 'create', '-f', 'a.yaml', '--edit');
    let kept = await leftovers();
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(dir, kept[0]!), 'utf8')).toBe(SHOWN_A.replace('k: one', 'k: xone'));
    expect(one).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `A copy of your changes has been stored to "${path.join(dir, kept[0]!)}"\nError from server (AlreadyExists): configmaps "x" already exists\n`,
    });
    for (const f of kept) await rm(path.join(dir, f));
    const two = await ktl({ SED: 's/k: /k: x/' }, 'create', '-f', 'ab.yaml', '--edit');
    kept = await leftovers();
    expect(kept).toHaveLength(2);
    const stored = (await Promise.all(kept.map((f) => readFile(path.join(dir, f), 'utf8').then((t) => [f, t] as const))))
      .sort((x, y) => (x[1].includes('name: a') ? -1 : 1) - (y[1].includes('name: a') ? -1 : 1))
      .map(([f]) => `A copy of your changes has been stored to "${path.join(dir, f)}"\n`);
    expect({ code: two.code, stdout: two.stdout }).toEqual({ code: 1, stdout: '' });
    expect(two.stderr).toBe(stored.join('') + 'Error from server (AlreadyExists): configmaps "x" already exists\n'.repeat(2));
  });

  test('an Invalid answer is not reopened (create mode): the file is kept and the error printed as kubectl prints it', async () => {
    server.discovery();
    server.status('POST', `${CMS}`, 422, 'Invalid', 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain', {
      name: 'Bad_Name',
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain', field: 'metadata.name' }],
    });
    const r = await ktl({ SED: 's/name: a/name: Bad_Name/' }, 'create', '-f', 'a.yaml', '--edit');
    const kept = await leftovers();
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `A copy of your changes has been stored to "${path.join(dir, kept[0]!)}"\nThe ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain\n`,
      seen: [SHOWN_A],
    });
  });

  test('the editor failing: its error for each object, nothing created', async () => {
    server.discovery();
    const one = await ktl({ EXIT: '3' }, 'create', '-f', 'a.yaml', '--edit');
    const editor = path.join(dir, 'editor.sh');
    expect({ code: one.code, stdout: one.stdout, stderr: one.stderr }).toEqual({ code: 1, stdout: '', stderr: `error: there was a problem with the editor "${editor}"\n` });
    const two = await ktl({ EXIT: '3' }, 'create', '-f', 'ab.yaml', '--edit');
    expect({ code: two.code, stdout: two.stdout, stderr: two.stderr, seen: two.seen.length }).toEqual({
      code: 1,
      stdout: '',
      stderr: `there was a problem with the editor "${editor}"\n`.repeat(2),
      seen: 2,
    });
    expect(posts()).toEqual([]);
  });

  test('an edited kind the server does not serve reopens the file as a syntax error; put back, nothing changed', async () => {
    server.discovery();
    const r = await ktl({ SED1: 's/kind: ConfigMap/kind: Widget/', SED2: 's/kind: Widget/kind: ConfigMap/' }, 'create', '-f', 'a.yaml', '--edit');
    expect(r.seen[1]).toBe(
      HEADER +
        '# The edited file had a syntax error: resource mapping not found for name: "a" namespace: "default" from "edited-file": no matches for kind "Widget" in version "v1"\n# ensure CRDs are installed first\n#\n' +
        'apiVersion: v1\ndata:\n  k: one\nkind: Widget\nmetadata:\n  name: a\n  namespace: default\n',
    );
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(posts()).toEqual([]);
  });

  test("another namespace in the edited object: kubectl's RequireNamespace error, the file kept", async () => {
    server.discovery();
    const r = await ktl({ SED: 's/namespace: default/namespace: other/' }, 'create', '-f', 'a.yaml', '--edit');
    const kept = await leftovers();
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `A copy of your changes has been stored to "${path.join(dir, kept[0]!)}"\nerror: the namespace from the provided object "other" does not match the namespace "default". You must pass '--namespace=other' to perform this operation.\n`,
    });
    expect(posts()).toEqual([]);
  });

  test('several objects saved from one session are all created (a cluster-scoped one without namespace); --save-config and --record annotate them', async () => {
    server.discovery();
    server.on('POST', `${CMS}`, created);
    server.on('POST', '/api/v1/namespaces', created);
    const ns = 'apiVersion: v1\\nkind: Namespace\\nmetadata:\\n  name: s\\n---\\napiVersion';
    const r = await ktl({ SED: `0,/^apiVersion/s//${ns}/;s/k: one/k: uno/` }, 'create', '-f', 'a.yaml', '--edit', '--save-config', '--record');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout: 'namespace/s created\nconfigmap/a created\n',
      stderr: 'Flag --record has been deprecated, --record will be removed in the future\n',
    });
    // the command line as kubectl records it: every flag given, as --name=value
    const cause = `ktl create --server=${server.url} --cache-dir=${path.join(dir, 'cache')} --filename=a.yaml --edit=true --save-config=true --record=true`;
    expect(posts()).toEqual([
      `/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict {"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Namespace\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"s\\"}}\\n","kubernetes.io/change-cause":"${cause}"},"name":"s"}}`,
      `${CMS}?fieldManager=kubectl-create&fieldValidation=Strict {"apiVersion":"v1","data":{"k":"uno"},"kind":"ConfigMap","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"k\\":\\"uno\\"},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"a\\",\\"namespace\\":\\"default\\"}}\\n","kubernetes.io/change-cause":"${cause}"},"name":"a","namespace":"default"}}`,
    ]);
  });

  test('no objects in the file: nothing to edit, nothing printed, exit 0; --raw and --edit together are refused', async () => {
    server.discovery();
    await writeFile(path.join(dir, 'empty.yaml'), '');
    expect(await ktl({}, 'create', '-f', 'empty.yaml', '--edit')).toEqual({ code: 0, stdout: '', stderr: '', seen: [] });
    const raw = await ktl({}, 'create', '-f', 'a.yaml', '--edit', '--raw', '/api/v1/namespaces/default/configmaps');
    expect(raw).toEqual({ code: 1, stdout: '', stderr: 'error: --raw and --edit are mutually exclusive\n', seen: [] });
  });
});
