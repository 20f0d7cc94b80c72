/**
 * `ktl replace` against the fake API server: GET for the live
 * resourceVersion then PUT (sorted JSON, namespace filled in, field manager
 * kubectl-replace, fieldValidation), the manifest's own resourceVersion,
 * NotFound with the file name, dry runs, --save-config, --subresource, and
 * --force (DELETE, poll until gone, POST).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const live = (name: string, rv: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: rv, uid: `uid-${name}` },
  data,
});

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-replace-'));
  await writeFile(
    path.join(dir, 'two.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "<2>"\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\n  namespace: default\n',
  );
  await writeFile(path.join(dir, 'rv.yaml'), 'kind: ConfigMap\napiVersion: v1\nmetadata: {name: a, resourceVersion: "3"}\n');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (args: string[], stdin?: string) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { cwd: dir, stdin });
const writes = () => server.requests.filter((r) => r.method !== 'GET' || r.url.startsWith(CMS)).map((r) => `${r.method} ${r.url}${r.body ? ` ${r.body}` : ''}`);

describe('replace', () => {
  test('GET for the resourceVersion, PUT sorted JSON; NotFound names the file; other objects still replaced', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, live('a', '7', { k: '1' }));
    server.json('PUT', `${CMS}/a`, live('a', '8', { k: '<2>' }));
    server.status('GET', `${CMS}/gone`, 404, 'NotFound', 'configmaps "gone" not found');
    server.status('PUT', `${CMS}/gone`, 404, 'NotFound', 'configmaps "gone" not found');
    const r = await ktl(['replace', '-f', 'two.yaml']);
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap/a replaced\n',
      stderr: 'Error from server (NotFound): error when replacing "two.yaml": configmaps "gone" not found\n',
    });
    expect(writes()).toEqual([
      `GET ${CMS}/a`,
      `PUT ${CMS}/a?fieldManager=kubectl-replace&fieldValidation=Strict {"apiVersion":"v1","data":{"k":"\\u003c2\\u003e"},"kind":"ConfigMap","metadata":{"name":"a","namespace":"default","resourceVersion":"7"}}`,
      `GET ${CMS}/gone`,
      `PUT ${CMS}/gone?fieldManager=kubectl-replace&fieldValidation=Strict {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"gone","namespace":"default"}}`,
    ]);
    expect(server.unexpected).toEqual([]);
  });

  test('the manifest resourceVersion is sent without a GET; stdin, -o name, --dry-run=server, --field-manager, --validate', async () => {
    server.discovery();
    server.json('PUT', `${CMS}/a`, live('a', '4', {}));
    const r = await ktl(['replace', '-f', '-', '-o', 'name', '--dry-run=server', '--field-manager=me', '--validate=warn'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, resourceVersion: "3"}\n');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a\n', stderr: '' });
    expect(writes()).toEqual([`PUT ${CMS}/a?dryRun=All&fieldManager=me&fieldValidation=Warn {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default","resourceVersion":"3"}}`]);
  });

  test('a stale resourceVersion: the Conflict with the file name', async () => {
    server.discovery();
    server.status('PUT', `${CMS}/a`, 409, 'Conflict', 'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
    const r = await ktl(['replace', '-f', 'rv.yaml']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (Conflict): error when replacing "rv.yaml": Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again\n',
    });
  });

  test('--dry-run=client prints the object as it would be sent, with nothing sent; --save-config adds last-applied', async () => {
    server.discovery();
    const r = await ktl(['replace', '-f', 'rv.yaml', '--dry-run=client', '--save-config', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        namespace: 'default',
        resourceVersion: '3',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default","resourceVersion":"3"}}\n',
        },
      },
    });
    expect(r.stdout.startsWith('{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "metadata": {\n        "annotations": {')).toBe(true);
    expect(writes()).toEqual([]);
    const plain = await ktl(['replace', '-f', 'rv.yaml', '--dry-run=client']);
    expect(plain).toEqual({ code: 0, stdout: 'configmap/a replaced (dry run)\n', stderr: '' });
  });

  test('--subresource: GET and PUT on the subresource', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a/status`, live('a', '9', {}));
    server.json('PUT', `${CMS}/a/status`, live('a', '10', {}));
    await writeFile(path.join(dir, 'one.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const r = await ktl(['replace', '-f', 'one.yaml', '--subresource=status']);
    expect(r).toEqual({ code: 0, stdout: 'configmap/a replaced\n', stderr: '' });
    expect(writes()).toEqual([
      `GET ${CMS}/a/status`,
      `PUT ${CMS}/a/status?fieldManager=kubectl-replace&fieldValidation=Strict {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default","resourceVersion":"9"}}`,
    ]);
  });

  test('--force: DELETE (missing objects skipped), poll until gone, POST each; --grace-period=0 becomes 1', async () => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'a', kind: 'configmaps', uid: 'uid-a' } });
    server.status('DELETE', `${CMS}/gone`, 404, 'NotFound', 'configmaps "gone" not found');
    server.status('GET', `${CMS}/a`, 404, 'NotFound', 'configmaps "a" not found');
    server.status('GET', `${CMS}/gone`, 404, 'NotFound', 'configmaps "gone" not found');
    server.on('POST', CMS, { status: 201, body: live('a', '11', { k: '<2>' }) }, { status: 201, body: live('gone', '12', {}) });
    const r = await ktl(['replace', '--force', '--grace-period=0', '--cascade=foreground', '-f', 'two.yaml']);
    expect(r).toEqual({ code: 0, stdout: 'configmap "a" deleted\nconfigmap/a replaced\nconfigmap/gone replaced\n', stderr: '' });
    expect(writes()).toEqual([
      `DELETE ${CMS}/a {"gracePeriodSeconds":1,"propagationPolicy":"Foreground"}`,
      `DELETE ${CMS}/gone {"gracePeriodSeconds":1,"propagationPolicy":"Foreground"}`,
      `GET ${CMS}/a`,
      `GET ${CMS}/gone`,
      `POST ${CMS}?fieldManager=kubectl-replace&fieldValidation=Strict {"apiVersion":"v1","data":{"k":"\\u003c2\\u003e"},"kind":"ConfigMap","metadata":{"name":"a","namespace":"default"}}`,
      `POST ${CMS}?fieldManager=kubectl-replace&fieldValidation=Strict {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"gone","namespace":"default"}}`,
    ]);
  });

  test('--cascade=false with --force: orphan, with kubectl\'s deprecation warning first', async () => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'a', kind: 'configmaps', uid: 'uid-a' } });
    server.status('GET', `${CMS}/a`, 404, 'NotFound', 'configmaps "a" not found');
    server.on('POST', CMS, { status: 201, body: live('a', '11', {}) });
    await writeFile(path.join(dir, 'one.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const r = await ktl(['replace', '--force', '--cascade=false', '-f', 'one.yaml']);
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap "a" deleted\nconfigmap/a replaced\n',
      stderr: 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
    });
    expect(writes()[0]).toBe(`DELETE ${CMS}/a {"propagationPolicy":"Orphan"}`);
  });

  test("kubectl's flag checks", async () => {
    const cases: Array<[string[], string]> = [
      [['replace'], 'error: must specify one of -f and -k\n'],
      [['replace', '-f', 'rv.yaml', '--grace-period=3'], 'error: --grace-period must have --force specified\n'],
      [['replace', '-f', 'rv.yaml', '--timeout=3s'], 'error: --timeout must have --force specified\n'],
      [['replace', '-f', 'rv.yaml', '--force', '--dry-run=client'], 'error: --dry-run can not be used when --force is set\n'],
      [['replace', '-f', 'rv.yaml', '--cascade=foo'], 'error: invalid cascade value (foo). Must be "background", "foreground", or "orphan"\n'],
      [['replace', '-f', 'nothere.yaml'], 'error: the path "nothere.yaml" does not exist\n'],
    ];
    for (const [args, stderr] of cases) {
      server.discovery();
      expect(await ktl(args)).toEqual({ code: 1, stdout: '', stderr });
    }
  });

  test('input that names no object: replace does nothing and succeeds; --force says "No resources found" on stdout, then fails', async () => {
    server.discovery();
    await writeFile(path.join(dir, 'comment.yaml'), '# only a comment\n---\n---\n');
    for (const args of [
      ['replace', '-f', '/dev/null'],
      ['replace', '-f', 'comment.yaml', '-o', 'name'],
      ['replace', '-f', 'comment.yaml', '--dry-run=client'],
    ]) {
      expect(await ktl(args)).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(await ktl(['replace', '--force', '-f', 'comment.yaml'])).toEqual({ code: 1, stdout: 'No resources found\n', stderr: 'error: no objects passed to replace\n' });
    expect(writes()).toEqual([]);
  });
});
