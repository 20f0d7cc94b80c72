/**
 * The requests `ktl apply -f` sends, against the fake API server: GET then
 * POST with the last-applied annotation for a new object; GET then nothing
 * for an unchanged one; GET, PATCH (409), GET, PATCH for a conflict.
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { FakeApiServer, standardResources, statusBody } from '../fake-server.js';

let server: FakeApiServer;
let dir: string;
const CM_PATH = '/api/v1/namespaces/default/configmaps/cm';
const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: "1"\n';
const ANNOTATION = '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cm","namespace":"default"}}\n';

beforeEach(async () => {
  server = await FakeApiServer.start();
  server.discovery(standardResources());
  server.status('GET', '/openapi/v3', 404, 'NotFound', 'the server could not find the requested resource');
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-apply-it-'));
  await writeFile(path.join(dir, 'cm.yaml'), MANIFEST);
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const apply = (...extra: string[]) =>
  runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), 'apply', '-f', path.join(dir, 'cm.yaml'), ...extra]);
const live = (annotation: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', resourceVersion: '7', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': annotation } },
  data,
});

describe('apply request flow', () => {
  test('missing object: GET 404, then POST with the annotation', async () => {
    server.status('GET', CM_PATH, 404, 'NotFound', 'configmaps "cm" not found');
    server.json('POST', '/api/v1/namespaces/default/configmaps', live(ANNOTATION, { a: '1' }), 201);
    const r = await apply();
    expect(r).toEqual({ code: 0, stdout: 'configmap/cm created\n', stderr: '' });
    const post = server.requestsTo('/api/v1/namespaces/default/configmaps', 'POST')[0]!;
    expect(post.query.get('fieldManager')).toBe('kubectl-client-side-apply');
    expect(post.query.get('fieldValidation')).toBe('Strict');
    expect(post.body).toBe(
      `{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":${JSON.stringify(ANNOTATION)}},"name":"cm","namespace":"default"}}`,
    );
    expect(server.unexpected).toEqual([]);
  });

  test('unchanged object: no write request at all', async () => {
    server.json('GET', CM_PATH, live(ANNOTATION, { a: '1' }));
    const r = await apply();
    expect(r).toEqual({ code: 0, stdout: 'configmap/cm unchanged\n', stderr: '' });
    expect(server.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });

  test('changed object: strategic merge PATCH; a 409 is retried after re-reading', async () => {
    const old = ANNOTATION.replace('"1"', '"0"');
    server.json('GET', CM_PATH, live(old, { a: '0', b: 'kept' }));
    server.on('PATCH', CM_PATH, { status: 409, body: statusBody(409, 'Conflict', 'the object has been modified') }, { body: live(ANNOTATION, { a: '1', b: 'kept' }) });
    const r = await apply();
    expect(r).toEqual({ code: 0, stdout: 'configmap/cm configured\n', stderr: '' });
    const patches = server.requestsTo(CM_PATH, 'PATCH');
    expect(patches).toHaveLength(2);
    expect(server.requestsTo(CM_PATH, 'GET')).toHaveLength(2);
    expect(patches[0]!.headers['content-type']).toBe('application/strategic-merge-patch+json');
    expect(patches[1]!.body).toBe(
      `{"data":{"a":"1"},"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":${JSON.stringify(ANNOTATION)}}}}`,
    );
  });

  test('missing annotation: the warning, then the patch', async () => {
    const obj = live('', { a: '1' });
    delete (obj.metadata as { annotations?: unknown }).annotations;
    server.json('GET', CM_PATH, obj);
    server.json('PATCH', CM_PATH, live(ANNOTATION, { a: '1' }));
    const r = await apply();
    expect(r.stdout).toBe('configmap/cm configured\n');
    expect(r.stderr).toBe(
      'Warning: resource configmaps/cm is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by ktl apply. ktl apply should only be used on resources created declaratively by either ktl create --save-config or ktl apply. The missing annotation will be patched automatically.\n',
    );
  });

  test('--cascade=true: kubectl\'s deprecation warning, after --dry-run is read', async () => {
    server.status('GET', CM_PATH, 404, 'NotFound', 'configmaps "cm" not found');
    const r = await apply('--cascade=true', '--dry-run=client');
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap/cm created (dry run)\n',
      stderr: 'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n',
    });
    const bad = await apply('--cascade=x', '--dry-run=maybe');
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n' });
  });

  test('a bare --cascade is background (it takes no value)', async () => {
    server.status('GET', CM_PATH, 404, 'NotFound', 'configmaps "cm" not found');
    const r = await apply('--cascade', '--dry-run=client');
    expect(r).toEqual({ code: 0, stdout: 'configmap/cm created (dry run)\n', stderr: '' });
  });

  test('--dry-run=client on a new object: GET only', async () => {
    server.status('GET', CM_PATH, 404, 'NotFound', 'configmaps "cm" not found');
    const r = await apply('--dry-run=client');
    expect(r).toEqual({ code: 0, stdout: 'configmap/cm created (dry run)\n', stderr: '' });
    expect(server.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('a name the server would generate (kubectl 1.33)', () => {
  test.each([[[] as string[]], [['--server-side']], [['--dry-run=server']]])('%j: refused before any request for it; the other documents are applied', async (extra) => {
    await writeFile(path.join(dir, 'cm.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: g-}\n---\n${MANIFEST}`);
    server.json('GET', CM_PATH, live(ANNOTATION, { a: '1' }));
    server.json('PATCH', CM_PATH, live(ANNOTATION, { a: '1' }));
    const r = await apply(...extra);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: from g-: cannot use generate name with apply\n');
    expect(r.stdout).toMatch(/^configmap\/cm (unchanged|serverside-applied)/);
    expect(server.requests.filter((q) => q.path.startsWith('/api/v1/') && !q.path.startsWith(CM_PATH))).toEqual([]);
  });
});
