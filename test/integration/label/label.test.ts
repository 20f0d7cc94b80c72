/**
 * `ktl label` / `ktl annotate` against the fake API server: the JSON merge
 * patches kubectl sends (content type, field manager, sorted keys,
 * resourceVersion), messages, and failures that do not stop the others.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, md: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: '5', uid: `u-${name}`, ...md },
});

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-label-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { cwd: dir });
const patches = () =>
  server.requests.filter((r) => r.method === 'PATCH').map((r) => `${r.url} ${r.headers['content-type']} ${r.body}`);

describe('label', () => {
  test('a merge patch of the labels, field manager kubectl-label; "not labeled" still patches {}', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { labels: { keep: 'x' } }));
    server.json('PATCH', `${CMS}/a`, cm('a', { labels: { keep: 'x', app: 'web' } }));
    let r = await ktl('label', 'cm', 'a', 'app=web', 'z-');
    expect(r).toEqual({ code: 0, stdout: 'label "z" not found.\nconfigmap/a labeled\n', stderr: '' });
    expect(patches()).toEqual([`${CMS}/a?fieldManager=kubectl-label application/merge-patch+json {"metadata":{"labels":{"app":"web"}}}`]);
    server.reset();
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { labels: { app: 'web' } }));
    server.json('PATCH', `${CMS}/a`, cm('a', { labels: { app: 'web' } }));
    r = await ktl('label', 'cm/a', 'app=web', '--dry-run=server');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a not labeled (server dry run)\n', stderr: '' });
    expect(patches()).toEqual([`${CMS}/a?dryRun=All&fieldManager=kubectl-label application/merge-patch+json {}`]);
    expect(server.unexpected).toEqual([]);
  });

  test('--resource-version travels in the patch; removing with --overwrite says "labeled"', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { labels: { app: 'web' } }));
    server.json('PATCH', `${CMS}/a`, cm('a'));
    const r = await ktl('label', 'cm', 'a', 'app-', '--overwrite', '--resource-version=5', '--field-manager=me');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a labeled\n', stderr: '' });
    expect(patches()).toEqual([
      `${CMS}/a?fieldManager=me application/merge-patch+json {"metadata":{"labels":{"app":null},"resourceVersion":"5"}}`,
    ]);
  });

  test('one object refused, one missing, the third labeled: errors in order, exit 1', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { labels: { k: 'w' } }));
    server.status('GET', `${CMS}/nope`, 404, 'NotFound', 'configmaps "nope" not found', { name: 'nope', kind: 'configmaps' });
    server.json('GET', `${CMS}/b`, cm('b'));
    server.json('PATCH', `${CMS}/b`, cm('b', { labels: { k: 'z' } }));
    const r = await ktl('label', 'cm', 'a', 'nope', 'b', 'k=z');
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap/b labeled\n',
      stderr: "'k' already has a value (w), and --overwrite is false\nError from server (NotFound): configmaps \"nope\" not found\n",
    });
    expect(patches()).toEqual([`${CMS}/b?fieldManager=kubectl-label application/merge-patch+json {"metadata":{"labels":{"k":"z"}}}`]);
  });

  test('-l lists, then patches each item; --list prints without sending', async () => {
    server.discovery();
    server.json('GET', CMS, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [cm('a', { labels: { c: '1', b: '2' } }), cm('b', { labels: { c: '1' } })] });
    let r = await ktl('label', 'cm', '-l', 'c=1', '--list');
    expect(r).toEqual({ code: 0, stdout: 'Listing labels for ConfigMap./a:\n b=2\n c=1\nListing labels for ConfigMap./b:\n c=1\n', stderr: '' });
    expect(server.requests.find((q) => q.method === 'GET' && q.path === CMS)?.query.get('labelSelector')).toBe('c=1');
    server.json('PATCH', `${CMS}/a`, cm('a', { labels: { c: '1', b: '2', d: '1' } }));
    server.json('PATCH', `${CMS}/b`, cm('b', { labels: { c: '1', d: '1' } }));
    r = await ktl('label', 'cm', '-l', 'c=1', 'd=1', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a\nconfigmap/b\n', stderr: '' });
    expect(patches()).toHaveLength(2);
    expect(server.unexpected).toEqual([]);
  });

  test('--local -f prints the changed object without a server; usage errors', async () => {
    await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loc\n  labels:\n    a: b\n');
    let r = await runKtl(['--server', 'http://127.0.0.1:1', 'label', '-f', 'cm.yaml', '--local', 'n=1', '-o', 'json'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stdout: '{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "metadata": {\n        "labels": {\n            "a": "b",\n            "n": "1"\n        },\n        "name": "loc"\n    }\n}\n',
      stderr: '',
    });
    r = await ktl('label', 'cm', 'a', '--local', 'n=1');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set\n' });
    r = await ktl('label', 'cm', 'a');
    expect(r.stderr).toBe('error: at least one label update is required\n');
    r = await ktl('label', 'c=1');
    expect(r.stderr).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    r = await ktl('label', 'cm', '--all', '-l', 'x', 'c=1');
    expect(r.stderr).toBe('error: cannot set --all and --selector at the same time\n');
    expect(server.requests).toEqual([]);
  });
});

describe('annotate', () => {
  test('always "annotated"; kubectl-annotate; overwrite refusal text', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', { annotations: { x: '1' } }));
    server.json('PATCH', `${CMS}/a`, cm('a', { annotations: { x: '1', y: 'a=b' } }));
    let r = await ktl('annotate', 'cm', 'a', 'y=a=b', 'gone-');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a annotated\n', stderr: '' });
    expect(patches()).toEqual([`${CMS}/a?fieldManager=kubectl-annotate application/merge-patch+json {"metadata":{"annotations":{"y":"a=b"}}}`]);
    r = await ktl('annotate', 'cm', 'a', 'x=2');
    expect(r).toEqual({ code: 1, stdout: '', stderr: "error: --overwrite is false but found the following declared annotation(s): 'x' already has a value (1)\n" });
    r = await ktl('annotate', 'cm', 'a', 'x=2', '--dry-run=client', '--overwrite');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a annotated (dry run)\n', stderr: '' });
    expect(patches()).toHaveLength(1);
  });
});
