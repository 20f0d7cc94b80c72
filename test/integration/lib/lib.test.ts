/**
 * The library against the fake API server: what it sends (no
 * Kubectl-Command header, ktl's User-Agent), server warnings to onWarning,
 * typed errors, and watch: a dropped stream resumed from the last
 * resourceVersion seen, 410 Gone thrown as GoneError.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer, type RecordedRequest } from '../fake-server.js';
import { connect, GoneError, NotFoundError, type KubeClient } from '../../../src/lib/index.js';

const CMS = '/api/v1/namespaces/team/configmaps';
let server: FakeApiServer;
let dir: string;
let k: KubeClient;
const warnings: string[] = [];

const cm = (name: string, rv: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'team', resourceVersion: String(rv) } });
const isWatch = (r: RecordedRequest) => r.query.get('watch') === 'true';

function events(res: http.ServerResponse, objs: unknown[], then: 'drop' | 'hang') {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  for (const e of objs) res.write(JSON.stringify(e) + '\n');
  if (then === 'drop') setTimeout(() => res.socket?.destroy(), 20);
}

beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-lib-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  k?.close();
  server.reset();
  warnings.length = 0;
});

const open = () =>
  connect({ server: server.url, namespace: 'team', env: {}, homeDir: dir, cwd: dir, cacheDir: path.join(dir, 'cache'), onWarning: (w) => warnings.push(w) });

describe('the library on the wire', () => {
  test('get: typed, the warning to onWarning, ktl\'s User-Agent, no Kubectl-Command header', async () => {
    server.discovery();
    server.json('GET', `${CMS}/a`, cm('a', 5), 200, { Warning: '299 - "this is deprecated"' });
    server.status('GET', `${CMS}/b`, 404, 'NotFound', 'configmaps "b" not found', { name: 'b', kind: 'configmaps' });
    k = await open();
    expect(k.namespace).toBe('team');
    expect(await k.get('cm', 'a')).toEqual(cm('a', 5));
    expect(warnings).toEqual(['this is deprecated']);
    const err = await k.get('configmaps/b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).status.details).toEqual({ name: 'b', kind: 'configmaps' });
    const req = server.requests.find((r) => r.path === `${CMS}/a`)!;
    expect(req.headers['kubectl-command']).toBeUndefined();
    expect(String(req.headers['user-agent'])).toMatch(/^ktl\/v1\.33\.\d+ \(\w+\/\w+\) ktl\/v/);
    expect(server.unexpected).toEqual([]);
  });

  test('list fills in apiVersion and kind of the items', async () => {
    server.discovery();
    server.json('GET', CMS, { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '9' }, items: [{ metadata: { name: 'a' } }] });
    k = await open();
    expect(await k.list('configmaps')).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }]);
    expect(server.requests.find((r) => r.path === CMS)!.query.get('limit')).toBe('500');
  });

  test('watch: a dropped stream is resumed from the last resourceVersion', async () => {
    server.discovery();
    let watches = 0;
    server.on('GET', CMS, (req, res) => {
      if (!isWatch(req)) return { status: 400 };
      watches++;
      if (watches === 1) events(res, [{ type: 'ADDED', object: cm('a', 11) }], 'drop');
      else events(res, [{ type: 'MODIFIED', object: cm('a', 12) }], 'hang');
    });
    k = await open();
    const seen: string[] = [];
    for await (const ev of k.watch('configmaps', { labelSelector: 'x=y' })) {
      seen.push(`${ev.type} ${ev.object.metadata?.resourceVersion}`);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['ADDED 11', 'MODIFIED 12']);
    const w = server.requests.filter((r) => r.path === CMS && isWatch(r));
    expect(w.map((r) => [r.query.get('resourceVersion'), r.query.get('labelSelector')])).toEqual([
      [null, 'x=y'],
      ['11', 'x=y'],
    ]);
  });

  test('watch: an ERROR event with 410 is a GoneError', async () => {
    server.discovery();
    server.on('GET', CMS, (req, res) => {
      events(res, [{ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' } }], 'hang');
    });
    k = await open();
    const it = k.watch('configmaps', { resourceVersion: '1' })[Symbol.asyncIterator]();
    const err = await it.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoneError);
    expect((err as GoneError).message).toBe('too old resource version: 1 (5)');
  });
});
