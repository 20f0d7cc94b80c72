/**
 * `ktl edit` against the fake API server with a sed-script editor: GET,
 * the file the editor sees, the PATCH (strategic for built-ins, merge for
 * custom resources, field manager kubectl-edit), "Edit cancelled", and the
 * reopen-with-errors flow after an Invalid answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';
const cm = (data: Record<string, string>, rv = '5') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'default', resourceVersion: rv, uid: 'u1', managedFields: [{ manager: 'x' }] },
  data,
});
const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

let server: FakeApiServer;
let dir: string;
let state: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-edit-'));
  state = path.join(dir, 'state');
  await writeFile(
    path.join(dir, 'editor.sh'),
    `#!/bin/sh\nn=$(cat "${state}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${state}/count"\ncp -f "$1" "${state}/seen.$n"\nif [ $n = 1 ]; then sed -i "$SEDEXPR" "$1"; fi\n`,
  );
  await chmod(path.join(dir, 'editor.sh'), 0o755);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

async function ktl(sed: string, ...args: string[]) {
  await rm(state, { recursive: true, force: true });
  await import('node:fs/promises').then((f) => f.mkdir(state));
  const env = { KUBE_EDITOR: path.join(dir, 'editor.sh'), PATH: process.env.PATH, SEDEXPR: sed, TMPDIR: dir };
  const r = await runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { cwd: dir, env });
  const names = (await readdir(state)).filter((f) => f.startsWith('seen.')).sort();
  const seen = await Promise.all(names.map((f) => readFile(path.join(state, f), 'utf8')));
  return { ...r, seen };
}
const patches = () => server.requests.filter((r) => r.method === 'PATCH').map((r) => `${r.url} ${r.headers['content-type']} ${r.body}`);
const leftovers = async () => (await readdir(dir)).filter((f) => f.startsWith('ktl-edit-'));

describe('edit', () => {
  test('a change becomes a strategic patch; the file has the header and no managedFields', async () => {
    server.discovery();
    server.status('GET', /^\/openapi\/v3/, 404, 'NotFound', 'not found');
    server.json('GET', `${CMS}/a`, cm({ k: 'one' }));
    server.json('PATCH', `${CMS}/a`, cm({ k: 'uno' }, '6'));
    const r = await ktl('s/k: one/k: uno/', 'edit', 'cm/a', '--output-patch');
    expect(r).toEqual({
      code: 0,
      stdout: 'Patch: {"data":{"k":"uno"}}\nconfigmap/a edited\n',
      stderr: '',
      seen: [HEADER + 'apiVersion: v1\ndata:\n  k: one\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n  resourceVersion: "5"\n  uid: u1\n'],
    });
    expect(patches()).toEqual([`${CMS}/a?fieldManager=kubectl-edit&fieldValidation=Strict application/strategic-merge-patch+json {"data":{"k":"uno"}}`]);
    expect(await leftovers()).toEqual([]);
  });

  test('custom resources get a JSON merge patch; -o json has no header', async () => {
    server.discovery();
    const w = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default', uid: 'u2' }, spec: { size: 1 } };
    server.json('GET', `${WIDGETS}/w`, w);
    server.json('PATCH', `${WIDGETS}/w`, { ...w, spec: { size: 2 } });
    const r = await ktl('s/"size": 1/"size": 2/', 'edit', 'widgets', 'w', '-o', 'json', '--field-manager=me');
    expect(r.seen).toEqual([
      '{\n    "apiVersion": "example.com/v1",\n    "kind": "Widget",\n    "metadata": {\n        "name": "w",\n        "namespace": "default",\n        "uid": "u2"\n    },\n    "spec": {\n        "size": 1\n    }\n}\n',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ...w, spec: { size: 2 } });
    expect(patches()).toEqual([`${WIDGETS}/w?fieldManager=me&fieldValidation=Strict application/merge-patch+json {"spec":{"size":2}}`]);
  });

  test('unchanged: "Edit cancelled, no changes made." and no PATCH', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm({ k: 'one' }));
    const r = await ktl('s/nothing/here/', 'edit', 'cm', 'a');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(patches()).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  test('Invalid: the file is reopened with the causes on top; saved unchanged, the edit is cancelled and the file kept', async () => {
    server.discovery();
    server.status('GET', /^\/openapi\/v3/, 404, 'NotFound', 'not found');
    server.json('GET', `${CMS}/a`, cm({ k: 'one' }));
    server.status('PATCH', `${CMS}/a`, 422, 'Invalid', 'ConfigMap "a" is invalid: data[bad!]: Invalid value', {
      name: 'a',
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "bad!": a valid config key', field: 'data[bad!]' }],
    });
    const r = await ktl('s/^  k: one/  bad!: x/', 'edit', 'cm/a');
    const keptFiles = await leftovers();
    expect(keptFiles).toHaveLength(1); // the first round's file is removed
    const [kept] = keptFiles;
    expect(kept).toMatch(/^ktl-edit-\d+\.yaml$/);
    const keptPath = path.join(dir, kept!);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: configmaps "a" is invalid\nA copy of your changes has been stored to "${keptPath}"\nerror: Edit cancelled, no valid changes were saved.\n`,
    });
    const body = 'apiVersion: v1\ndata:\n  bad!: x\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n  resourceVersion: "5"\n  uid: u1\n';
    expect(r.seen[1]).toBe(HEADER + '# configmaps "a" was not valid:\n# * data[bad!]: Invalid value: "bad!": a valid config key\n#\n' + body);
    expect(await readFile(keptPath, 'utf8')).toBe(r.seen[1]);
    expect(patches()).toHaveLength(1);
    await rm(keptPath);
  });
});
