/**
 * rollout status against the fake API server: it lists, then watches (no
 * polling), resumes a dropped watch from the last resourceVersion it saw,
 * relists after 410 Gone, and reports timeouts and progress deadlines in
 * kubectl's words.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { FakeApiServer, type RecordedRequest } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

function deployment(rv: number, status: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', generation: 2, resourceVersion: String(rv) },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, ...extra },
    status: { observedGeneration: 2, replicas: 3, ...status },
  };
}

const inProgress = (rv: number) => deployment(rv, { updatedReplicas: 1, availableReplicas: 3 });
const done = (rv: number) => deployment(rv, { updatedReplicas: 3, availableReplicas: 3 });

let server: FakeApiServer;
let dir: string;

beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-rollout-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), ...args]);

function events(res: http.ServerResponse, objs: Array<{ type: string; object: unknown }>, then: 'drop' | 'hang' | 'end') {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  for (const e of objs) res.write(JSON.stringify(e) + '\n');
  if (then === 'drop') setTimeout(() => res.socket?.destroy(), 20);
  if (then === 'end') res.end();
}

const isWatch = (r: RecordedRequest) => r.query.get('watch') === 'true';

describe('rollout status', () => {
  test('a dropped watch is resumed from the last resourceVersion, and the rollout finishes', async () => {
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, inProgress(10));
    let watches = 0;
    server.on('GET', DEPLOYS, (req, res) => {
      if (!isWatch(req)) return { body: { kind: 'DeploymentList', metadata: { resourceVersion: '10' }, items: [inProgress(10)] } };
      watches++;
      if (watches === 1) {
        events(res, [{ type: 'MODIFIED', object: deployment(11, { updatedReplicas: 2, availableReplicas: 3 }) }], 'drop');
      } else {
        events(res, [{ type: 'MODIFIED', object: done(12) }], 'hang');
      }
    });
    const r = await ktl('rollout', 'status', 'deployment/web');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n' +
        'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...\n' +
        'deployment "web" successfully rolled out\n',
    );
    expect(r.code).toBe(0);
    const list = server.requests.filter((q) => q.path === DEPLOYS && !isWatch(q));
    const watch = server.requests.filter((q) => q.path === DEPLOYS && isWatch(q));
    expect(list).toHaveLength(1);
    expect(list[0]!.query.get('fieldSelector')).toBe('metadata.name=web');
    expect(list[0]!.query.get('resourceVersion')).toBe('0');
    expect(watch.map((w) => w.query.get('resourceVersion'))).toEqual(['10', '11']);
    expect(watch[0]!.query.get('allowWatchBookmarks')).toBe('true');
    expect(server.unexpected).toEqual([]);
  });

  test('410 Gone on the watch makes it list again', async () => {
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, inProgress(10));
    let lists = 0;
    server.on('GET', DEPLOYS, (req, res) => {
      if (!isWatch(req)) {
        lists++;
        return { body: { kind: 'DeploymentList', metadata: { resourceVersion: String(10 * lists) }, items: [lists === 1 ? inProgress(10) : done(20)] } };
      }
      events(res, [{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }], 'end');
    });
    const r = await ktl('rollout', 'status', 'deploy/web');
    expect(r.stdout.split('\n').filter(Boolean).at(-1)).toBe('deployment "web" successfully rolled out');
    expect(r.code).toBe(0);
    expect(lists).toBe(2);
  });

  test('--timeout: kubectl\'s error and exit 1', async () => {
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, inProgress(10));
    server.on('GET', DEPLOYS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '10' }, items: [inProgress(10)] } };
      events(res, [], 'hang');
    });
    const r = await ktl('rollout', 'status', 'deploy/web', '--timeout=300ms');
    expect(r).toEqual({
      code: 1,
      stdout: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
      stderr: 'error: timed out waiting for the condition\n',
    });
  });

  test('progress deadline exceeded ends the wait with exit 1', async () => {
    const stuck = deployment(10, { updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, stuck);
    server.on('GET', DEPLOYS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '10' }, items: [stuck] } };
      events(res, [], 'hang');
    });
    const r = await ktl('rollout', 'status', 'deploy/web');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: deployment "web" exceeded its progress deadline\n' });
  });

  test('--watch=false prints one line and opens no watch', async () => {
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, inProgress(10));
    server.on('GET', DEPLOYS, { body: { metadata: { resourceVersion: '10' }, items: [inProgress(10)] } });
    const r = await ktl('rollout', 'status', 'deploy/web', '--watch=false');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(server.requests.filter(isWatch)).toHaveLength(0);
  });

  test('a deleted object ends the wait', async () => {
    server.discovery();
    server.json('GET', `${DEPLOYS}/web`, inProgress(10));
    server.on('GET', DEPLOYS, (req, res) => {
      if (!isWatch(req)) return { body: { metadata: { resourceVersion: '10' }, items: [inProgress(10)] } };
      events(res, [{ type: 'DELETED', object: inProgress(11) }], 'hang');
    });
    const r = await ktl('rollout', 'status', 'deploy/web');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: object has been deleted\n');
  });
});
