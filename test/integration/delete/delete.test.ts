/**
 * `ktl delete` against the fake API server: the DELETE bodies kubectl sends,
 * its messages, NotFound for some names while the others are still deleted,
 * selectors, and --wait watching until the object is gone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { FakeApiServer, statusBody, type RecordedRequest } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const gone = (name: string, kind: string, uid: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind, uid } });
const pod = (name: string, uid: string, rv: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid, resourceVersion: rv, deletionTimestamp: '2026-01-01T00:00:00Z' },
});

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-delete-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args]);
const isWatch = (r: RecordedRequest) => r.query.get('watch') === 'true';
const deletes = () => server.requests.filter((r) => r.method === 'DELETE').map((r) => `${r.path} ${r.body}`);

describe('delete', () => {
  test('NotFound for one name: the others are still deleted, the error comes last, exit 1, no wait', async () => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, gone('a', 'configmaps', 'u-a'));
    server.status('DELETE', `${CMS}/nope`, 404, 'NotFound', 'configmaps "nope" not found', { name: 'nope', kind: 'configmaps' });
    server.json('DELETE', `${CMS}/b`, gone('b', 'configmaps', 'u-b'));
    const r = await ktl('delete', 'cm', 'a', 'nope', 'b');
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap "a" deleted\nconfigmap "b" deleted\n',
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
    });
    expect(deletes()).toEqual([
      `${CMS}/a {"propagationPolicy":"Background"}`,
      `${CMS}/nope {"propagationPolicy":"Background"}`,
      `${CMS}/b {"propagationPolicy":"Background"}`,
    ]);
    expect(server.requests.filter((q) => q.method === 'GET' && q.path.startsWith(CMS))).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });

  test.each([
    ['false', 'Orphan', 'orphan'],
    ['F', 'Orphan', 'orphan'],
    ['0', 'Orphan', 'orphan'],
    ['true', 'Background', 'background'],
    ['1', 'Background', 'background'],
    ['True', 'Background', 'background'],
  ])('--cascade=%s: the deprecated boolean works as %s, with kubectl\'s warning', async (value, policy, mode) => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, gone('a', 'configmaps', 'u-a'));
    const r = await ktl('delete', 'cm', 'a', `--cascade=${value}`, '--wait=false');
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap "a" deleted\n',
      stderr: `warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${mode}.\n`,
    });
    expect(deletes()).toEqual([`${CMS}/a {"propagationPolicy":"${policy}"}`]);
  });

  test('--cascade=true -o yaml: the warning comes before the refused -o', async () => {
    const r = await ktl('delete', 'cm', 'a', '--cascade=true', '-o', 'yaml');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\nerror: unexpected -o output mode: yaml. We only support '-o name'\n",
    });
    expect(deletes()).toEqual([]);
  });

  test('--wait (default): GET, then list + watch until DELETED; the group shows in the message', async () => {
    server.discovery();
    server.json('DELETE', `${DEPLOYS}/web`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'u-web', resourceVersion: '10', finalizers: ['foregroundDeletion'] },
    });
    const live = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'u-web', resourceVersion: '10' } };
    server.json('GET', `${DEPLOYS}/web`, live);
    server.on('GET', DEPLOYS, (req, res: http.ServerResponse) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '10' }, items: [live] } };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      setTimeout(() => res.write(JSON.stringify({ type: 'DELETED', object: { ...live, metadata: { ...live.metadata, resourceVersion: '11' } } }) + '\n'), 50);
    });
    const r = await ktl('delete', 'deployment/web', '--cascade=foreground', '--grace-period=5');
    expect(r).toEqual({ code: 0, stdout: 'deployment.apps "web" deleted\n', stderr: '' });
    expect(deletes()).toEqual([`${DEPLOYS}/web {"gracePeriodSeconds":5,"propagationPolicy":"Foreground"}`]);
    const watch = server.requests.find(isWatch)!;
    expect(watch.query.get('fieldSelector')).toBe('metadata.name=web');
    expect(watch.query.get('resourceVersion')).toBe('10');
    expect(server.unexpected).toEqual([]);
  });

  test('--timeout while waiting: kubectl\'s text, exit 1, after the deleted line', async () => {
    server.discovery();
    server.json('DELETE', `${PODS}/p`, pod('p', 'u-p', '3'));
    server.json('GET', `${PODS}/p`, pod('p', 'u-p', '3'));
    server.on('GET', PODS, (req, res: http.ServerResponse) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '3' }, items: [pod('p', 'u-p', '3')] } };
      res.writeHead(200, { 'Content-Type': 'application/json' });
    });
    const r = await ktl('delete', 'pod', 'p', '--timeout=300ms');
    expect(r).toEqual({ code: 1, stdout: 'pod "p" deleted\n', stderr: 'error: timed out waiting for the condition on pods/p\n' });
  });

  test('an object replaced by a new one (other uid) counts as deleted', async () => {
    server.discovery();
    server.json('DELETE', `${PODS}/p`, pod('p', 'u-old', '3'));
    server.json('GET', `${PODS}/p`, pod('p', 'u-new', '4'));
    const r = await ktl('delete', 'pod', 'p', '--now');
    expect(r).toEqual({ code: 0, stdout: 'pod "p" deleted\n', stderr: '' });
    expect(deletes()).toEqual([`${PODS}/p {"gracePeriodSeconds":1,"propagationPolicy":"Background"}`]);
    expect(server.unexpected).toEqual([]);
  });

  test('-l lists (no limit) and deletes each item; NotFound ignored by default with a selector; -o name', async () => {
    server.discovery();
    server.json('GET', CMS, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [
      { metadata: { name: 'x', namespace: 'default' } },
      { metadata: { name: 'y', namespace: 'default' } },
    ] });
    server.status('DELETE', `${CMS}/x`, 404, 'NotFound', 'configmaps "x" not found');
    server.json('DELETE', `${CMS}/y`, gone('y', 'configmaps', 'u-y'));
    server.status('GET', `${CMS}/y`, 404, 'NotFound', 'configmaps "y" not found');
    const r = await ktl('delete', 'configmaps', '-l', 'app=web', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'configmap/y\n', stderr: '' });
    const list = server.requestsTo(CMS)[0]!;
    expect(list.url).toBe(`${CMS}?labelSelector=app%3Dweb`);
    expect(server.unexpected).toEqual([]);
  });

  test('--all with nothing to delete: "No resources found" on stdout', async () => {
    server.discovery();
    server.json('GET', CMS, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '5' }, items: [] });
    const r = await ktl('delete', 'cm', '--all');
    expect(r).toEqual({ code: 0, stdout: 'No resources found\n', stderr: '' });
  });

  test('--force: warning, gracePeriodSeconds 0, "force deleted"; --dry-run=server sends dryRun and does not wait', async () => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, gone('a', 'configmaps', 'u-a'));
    server.status('GET', `${CMS}/a`, 404, 'NotFound', 'configmaps "a" not found');
    let r = await ktl('delete', 'cm', 'a', '--force');
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap "a" force deleted\n',
      stderr: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    });
    server.clearRequests();
    r = await ktl('delete', 'cm', 'a', '--dry-run=server', '--cascade=orphan');
    expect(r).toEqual({ code: 0, stdout: 'configmap "a" deleted (server dry run)\n', stderr: '' });
    expect(deletes()).toEqual([`${CMS}/a {"propagationPolicy":"Orphan","dryRun":["All"]}`]);
    expect(server.requests.filter((q) => q.method === 'GET' && q.path === `${CMS}/a`)).toEqual([]);
  });

  test('-f: objects from the file; NotFound names the file; client dry run sends nothing', async () => {
    server.discovery();
    const file = path.join(dir, 'two.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n');
    let r = await ktl('delete', '-f', file, '--dry-run=client');
    expect(r).toEqual({ code: 0, stdout: 'configmap "a" deleted (dry run)\npod "q" deleted (dry run)\n', stderr: '' });
    expect(deletes()).toEqual([]);
    server.json('DELETE', `${CMS}/a`, gone('a', 'configmaps', 'u-a'));
    server.status('GET', `${CMS}/a`, 404, 'NotFound', 'configmaps "a" not found');
    server.on('DELETE', `${PODS}/q`, { status: 404, body: statusBody(404, 'NotFound', 'pods "q" not found') });
    r = await ktl('delete', '-f', file);
    expect(r).toEqual({
      code: 1,
      stdout: 'configmap "a" deleted\n',
      stderr: `Error from server (NotFound): error when deleting "${file}": pods "q" not found\n`,
    });
  });

  test('usage errors in kubectl\'s words, before any request', async () => {
    server.discovery();
    expect(await ktl('delete', '--all')).toEqual({ code: 1, stdout: '', stderr: 'error: at least one resource must be specified to use a selector\n' });
    expect(await ktl('delete', 'cm')).toEqual({ code: 1, stdout: '', stderr: 'error: resource(s) were provided, but no name was specified\n' });
    expect((await ktl('delete')).stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
    expect((await ktl('delete', 'cm', 'x', '-o', 'yaml')).stderr).toBe("error: unexpected -o output mode: yaml. We only support '-o name'\n");
    expect(deletes()).toEqual([]);
  });
});

describe('delete --interactive', () => {
  const ktlIn = (stdin: string, ...args: string[]) =>
    runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args], { stdin });
  const prompt = 'You are about to delete the following 2 resource(s):\nconfigmap/a\nconfigmap/b\nDo you want to continue? (y/n): ';

  test('lists what would go, deletes only after "y" (first word, any case, surrounding blanks)', async () => {
    server.discovery();
    server.json('DELETE', `${CMS}/a`, gone('a', 'configmaps', 'u-a'));
    server.json('DELETE', `${CMS}/b`, gone('b', 'configmaps', 'u-b'));
    const r = await ktlIn('  Y  \n', 'delete', 'cm', 'a', 'b', '-i', '--wait=false');
    expect(r).toEqual({ code: 0, stdout: `${prompt}configmap "a" deleted\nconfigmap "b" deleted\n`, stderr: '' });
    expect(deletes()).toHaveLength(2);
  });

  test.each([['n\n'], ['yes\n'], ['']])('answer %j: "deletion is cancelled", nothing deleted, exit 0', async (answer) => {
    server.discovery();
    const r = await ktlIn(answer, 'delete', 'cm', 'a', 'b', '--interactive');
    expect(r).toEqual({ code: 0, stdout: `${prompt}deletion is cancelled\n`, stderr: '' });
    expect(deletes()).toEqual([]);
  });

  test('a selector lists the matching objects first; nothing matching asks nothing', async () => {
    server.discovery();
    server.json('GET', CMS, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'x', namespace: 'default' } }] });
    let r = await ktlIn('n\n', 'delete', 'cm', '-l', 'a=b', '-i');
    expect(r.stdout).toBe('You are about to delete the following 1 resource(s):\nconfigmap/x\nDo you want to continue? (y/n): deletion is cancelled\n');
    server.reset();
    server.discovery();
    server.json('GET', CMS, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] });
    r = await ktlIn('y\n', 'delete', 'cm', '-l', 'a=b', '-i');
    expect(r).toEqual({ code: 0, stdout: 'No resources found\n', stderr: '' });
  });
});

describe('delete --raw', () => {
  test('DELETEs the path as given and prints the answer as is (no newline added)', async () => {
    const body = JSON.stringify(gone('a', 'configmaps', 'u-a'));
    server.on('DELETE', `${CMS}/a`, { status: 200, body });
    const r = await ktl('delete', '--raw', `${CMS}/a`);
    expect(r).toEqual({ code: 0, stdout: body, stderr: '' });
  });

  test('a -f file is the request body; errors come back as kubectl prints them', async () => {
    const file = path.join(dir, 'opts.json');
    await writeFile(file, '{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}');
    server.status('DELETE', `${CMS}/a`, 404, 'NotFound', 'configmaps "a" not found', { name: 'a', kind: 'configmaps' });
    const r = await ktl('delete', '--raw', `${CMS}/a`, '-f', file);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): configmaps "a" not found\n' });
    expect(deletes()).toEqual([`${CMS}/a {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0}`]);
  });
});
