/**
 * `ktl patch` against the fake API server: content types per --type, the
 * body (YAML turned into JSON, key order kept), field manager, dry runs,
 * --subresource, kubectl's error for strategic patches on custom resources.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';
const cm = (name: string, data: Record<string, string> = {}, rv = '5') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: rv },
  data,
});

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-patch-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { cwd: dir });
const patches = () => server.requests.filter((r) => r.method === 'PATCH').map((r) => `${r.url} ${r.headers['content-type']} ${r.body}`);

describe('patch', () => {
  test('strategic by default; YAML becomes JSON in key order; "patched" then "patched (no change)"', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a'));
    server.on('PATCH', `${CMS}/a`, { body: cm('a', { k: 'v' }, '6') }, { body: cm('a') });
    let r = await ktl('patch', 'cm', 'a', '-p', 'data: {k: v, b: "<"}');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a patched\n', stderr: '' });
    r = await ktl('patch', 'cm/a', '--type', 'merge', '-p', '{"data":{}}', '--dry-run=server');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a patched (no change)\n', stderr: '' });
    expect(patches()).toEqual([
      `${CMS}/a?fieldManager=kubectl-patch application/strategic-merge-patch+json {"data":{"k":"v","b":"\\u003c"}}`,
      `${CMS}/a?dryRun=All&fieldManager=kubectl-patch application/merge-patch+json {"data":{}}`,
    ]);
    expect(server.unexpected).toEqual([]);
  });

  test('json patches, --patch-file, --subresource and --field-manager', async () => {
    await writeFile(path.join(dir, 'p.json'), '[{"op":"add","path":"/data/j","value":"1"}]');
    server.discovery();
    server.json('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale', { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: 1 } });
    server.json('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: 2 } });
    let r = await ktl('patch', 'deploy', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":2}}', '--field-manager=me', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'scale.autoscaling/web\n', stderr: '' });
    server.json('GET', `${CMS}/a`, cm('a'));
    server.json('PATCH', `${CMS}/a`, cm('a', { j: '1' }, '6'));
    r = await ktl('patch', 'cm', 'a', '--type=json', '--patch-file', 'p.json');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a patched\n', stderr: '' });
    expect(patches()).toEqual([
      '/apis/apps/v1/namespaces/default/deployments/web/scale?fieldManager=me application/merge-patch+json {"spec":{"replicas":2}}',
      `${CMS}/a?fieldManager=kubectl-patch application/json-patch+json [{"op":"add","path":"/data/j","value":"1"}]`,
    ]);
  });

  test('a strategic patch on a custom resource: kubectl\'s 415 text', async () => {
    server.discovery();
    server.json('GET', `${WIDGETS}/w`, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    server.status('PATCH', `${WIDGETS}/w`, 415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    const r = await ktl('patch', 'widget', 'w', '-p', '{"spec":{}}');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    });
  });

  test('--local strategic patch of a custom resource: kubectl\'s refusal; --type merge patches; other objects still go', async () => {
    server.discovery();
    await writeFile(path.join(dir, 'foo.json'), '{"apiVersion":"company.com/v1","kind":"Foo","metadata":{"name":"test"},"some":"field"}');
    await writeFile(path.join(dir, 'cm.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}');
    const refusal = 'error: strategic merge patch is not supported for company.com/v1, Kind=Foo locally, try --type merge\n';
    expect(await ktl('patch', '--local', '-f', 'foo.json', '-p', '{"patched":"value3"}')).toEqual({ code: 1, stdout: '', stderr: refusal });
    expect(await ktl('patch', '--local', '-f', 'foo.json', '-p', '{"patched":"value3"}', '--type', 'merge', '-o', 'jsonpath={.patched}')).toEqual({ code: 0, stdout: 'value3', stderr: '' });
    expect(await ktl('patch', '--local', '-f', 'cm.json', '-f', 'foo.json', '-p', '{"data":{"a":"b"}}', '-o', 'name')).toEqual({ code: 1, stdout: 'configmap/c\n', stderr: refusal });
    expect(patches()).toEqual([]);
  });

  test('--dry-run=client and --local patch locally and send nothing; usage errors', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { k: 'v' }));
    let r = await ktl('patch', 'cm', 'a', '-p', '{"data":{"k":"w"}}', '--dry-run=client', '-o', 'jsonpath={.data.k}');
    expect(r).toEqual({ code: 0, stdout: 'w', stderr: '' });
    r = await ktl('patch', 'cm', 'a', '--type=json', '-p', '[{"op":"replace","path":"/data/k","value":"v"}]', '--dry-run=client');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a patched (no change)\n', stderr: '' });
    expect(patches()).toEqual([]);
    await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loc\ndata:\n  a: b\n');
    server.reset();
    r = await ktl('patch', '-f', 'cm.yaml', '--local', '-p', '{"data":{"a":null,"z":"1"}}', '-o', 'yaml');
    expect(r).toEqual({ code: 0, stdout: 'apiVersion: v1\ndata:\n  z: "1"\nkind: ConfigMap\nmetadata:\n  name: loc\n', stderr: '' });
    const errs: Array<[string[], string]> = [
      [['patch', 'cm', 'a'], 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
      [['patch', 'cm', 'a', '-p', '{}', '--patch-file', 'p.json'], 'error: cannot specify --patch and --patch-file together\n'],
      [['patch', 'cm', 'a', '-p', '{}', '--type=bogus'], 'error: --type must be one of [json merge strategic], not "bogus"\n'],
      [['patch', 'cm', 'a', '-p', '{}', '--local'], 'error: cannot specify --local and server resources\n'],
      [['patch', 'cm', 'a', '--patch-file', 'none.json'], 'error: unable to read patch file: open none.json: no such file or directory\n'],
      [['patch', 'cm', '-p', '{}'], 'error: resource(s) were provided, but no name was specified\n'],
    ];
    for (const [args, stderr] of errs) expect(await ktl(...args)).toEqual({ code: 1, stdout: '', stderr });
    expect(server.requests).toEqual([]);
  });

  test('input that names no object (an empty file, comments, empty documents): kubectl\'s "no objects passed to patch", nothing sent', async () => {
    server.discovery();
    await writeFile(path.join(dir, 'comment.yaml'), '# only a comment\n---\n---\n');
    for (const args of [
      ['patch', '-f', '/dev/null', '-p', '{}'],
      ['patch', '-f', 'comment.yaml', '-p', '{}'],
      ['patch', '-f', 'comment.yaml', '-p', '{}', '--dry-run=client'],
      ['patch', '-f', 'comment.yaml', '-p', '{}', '--local'],
    ]) {
      expect(await ktl(...args)).toEqual({ code: 1, stdout: '', stderr: 'error: no objects passed to patch\n' });
    }
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    // a name that is not found is that error, not this one
    server.status('GET', `${CMS}/nope`, 404, 'NotFound', 'configmaps "nope" not found');
    expect(await ktl('patch', 'cm', 'nope', '-p', '{}')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): configmaps "nope" not found\n' });
  });
});
