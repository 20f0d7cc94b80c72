/** wait against the fake API server: condition via watch, dropped watch, timeouts. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { FakeApiServer, type RecordedRequest } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string, rv: number, ready: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: String(rv) },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready }] },
});

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-wait-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args]);
const isWatch = (r: RecordedRequest) => r.query.get('watch') === 'true';
function stream(res: http.ServerResponse, objs: unknown[], then: 'drop' | 'hang') {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  for (const o of objs) res.write(JSON.stringify(o) + '\n');
  if (then === 'drop') setTimeout(() => res.socket?.destroy(), 20);
}

describe('wait', () => {
  test('condition met after the watch was dropped once', async () => {
    server.discovery();
    server.json('GET', `${PODS}/x`, pod('x', 5, 'False'));
    let watches = 0;
    server.on('GET', PODS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '5' }, items: [pod('x', 5, 'False')] } };
      watches++;
      if (watches === 1) stream(res, [{ type: 'MODIFIED', object: pod('x', 6, 'False') }], 'drop');
      else stream(res, [{ type: 'MODIFIED', object: pod('x', 7, 'True') }], 'hang');
    });
    const r = await ktl('wait', '--for=condition=Ready', 'pod/x');
    expect(r).toEqual({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
    expect(server.requests.filter(isWatch).map((q) => q.query.get('resourceVersion'))).toEqual(['5', '6']);
  });

  test('timeout: kubectl\'s text names the object, exit 1', async () => {
    server.discovery();
    server.json('GET', `${PODS}/x`, pod('x', 5, 'False'));
    server.on('GET', PODS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '5' }, items: [pod('x', 5, 'False')] } };
      stream(res, [], 'hang');
    });
    const r = await ktl('wait', '--for=condition=Ready', 'pod/x', '--timeout=300ms');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: timed out waiting for the condition on pods/x\n' });
  });

  test('several timeouts: one bare line each (kubectl\'s aggregate)', async () => {
    server.discovery();
    server.on('GET', PODS, (req, res) => {
      const field = req.query.get('fieldSelector');
      // --all lists every pod; each wait then lists and watches its own
      if (!field) return { body: { metadata: { resourceVersion: '5' }, items: [pod('a', 5, 'False'), pod('b', 5, 'False')] } };
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '5' }, items: [pod(field.split('=')[1]!, 5, 'False')] } };
      stream(res, [], 'hang');
    });
    const r = await ktl('wait', '--for=condition=Ready', 'pods', '--all', '--timeout=300ms');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('timed out waiting for the condition on pods/a\ntimed out waiting for the condition on pods/b\n');
  });

  test('--timeout=0 checks once', async () => {
    server.discovery();
    server.json('GET', `${PODS}/x`, pod('x', 5, 'False'));
    const r = await ktl('wait', '--for=condition=Ready', 'pod/x', '--timeout=0');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: condition not met for pods/x\n' });
    expect(server.requests.filter((q) => q.path === PODS)).toHaveLength(0);
  });

  test('--for=delete of a missing object succeeds silently', async () => {
    server.discovery();
    server.status('GET', `${PODS}/gone`, 404, 'NotFound', 'pods "gone" not found');
    const r = await ktl('wait', '--for=delete', 'pod/gone');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('-f DIR reads subdirectories unless -R=false (kubectl wait\'s --recursive defaults to true)', async () => {
    server.discovery();
    server.status('GET', `${PODS}/gone`, 404, 'NotFound', 'pods "gone" not found');
    const manifests = path.join(dir, 'manifests');
    await mkdir(path.join(manifests, 'sub'), { recursive: true });
    await writeFile(path.join(manifests, 'sub', 'p.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: gone\n  namespace: default\n');
    expect(await ktl('wait', '--for=delete', '-f', manifests)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.requests.filter((q) => q.path === `${PODS}/gone`)).toHaveLength(1);
    await ktl('wait', '--for=delete', '-f', manifests, '-R=false');
    await ktl('wait', '--for=delete', '-f', manifests, '--recursive=false');
    expect(server.requests.filter((q) => q.path === `${PODS}/gone`)).toHaveLength(1);
  });

  test('--for=delete waits for the DELETED event', async () => {
    server.discovery();
    server.json('GET', `${PODS}/x`, pod('x', 5, 'True'));
    server.on('GET', PODS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '5' }, items: [pod('x', 5, 'True')] } };
      stream(res, [{ type: 'DELETED', object: pod('x', 6, 'True') }], 'hang');
    });
    const r = await ktl('wait', '--for=delete', 'pod/x');
    expect(r).toEqual({ code: 0, stdout: 'pod/x condition met\n', stderr: '' });
  });
});
