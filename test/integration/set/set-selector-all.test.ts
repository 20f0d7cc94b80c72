/**
 * `set selector` with an empty selector, and --all beside TYPE/NAME in the
 * set subcommands, as kubectl 1.33 has them (checked against kubectl.1.33 on
 * a real cluster): its set commands give --all to the builder as "an empty
 * selector is allowed", so it is ignored where objects are named.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const SVC = '/api/v1/namespaces/default/services/np1';
const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np1', namespace: 'default', resourceVersion: '7' }, spec: { ports: [{ port: 80 }], selector: { app: 'np1' } } };
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/d1';
const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd1', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'd1' } }, template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
};

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-set-selector-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args]);

describe('set selector', () => {
  test('"" removes the selector', async () => {
    server.discovery();
    server.json('GET', SVC, svc);
    server.json('PATCH', SVC, { ...svc, spec: { ports: svc.spec.ports } });
    expect(await ktl('set', 'selector', 'svc/np1', '')).toEqual({ code: 0, stdout: 'service/np1 selector updated\n', stderr: '' });
    expect(JSON.parse(server.requestsTo(SVC, 'PATCH')[0]!.body)).toEqual({ spec: { selector: null } });
  });

  test('--all beside svc/np1 is ignored', async () => {
    server.discovery();
    server.json('GET', SVC, svc);
    server.json('PATCH', SVC, svc);
    expect(await ktl('set', 'selector', 'svc/np1', 'a=x,b=y', '--all')).toEqual({ code: 0, stdout: 'service/np1 selector updated\n', stderr: '' });
    expect(JSON.parse(server.requestsTo(SVC, 'PATCH')[0]!.body)).toEqual({ spec: { selector: { a: 'x', b: 'y', app: null } } });
  });
});

describe('--all beside named objects in the other set subcommands', () => {
  test.each([
    [['set', 'env', 'deploy/d1', 'X=1', '--all'], 'deployment.apps/d1 env updated\n'],
    [['set', 'image', 'deploy', 'd1', 'nginx=x', '--all'], 'deployment.apps/d1 image updated\n'],
    [['set', 'resources', 'deploy/d1', '--limits=cpu=1', '--all'], 'deployment.apps/d1 resource requirements updated\n'],
    [['set', 'sa', 'deploy/d1', 'sa1', '--all'], 'deployment.apps/d1 serviceaccount updated\n'],
  ])('%j', async (args, stdout) => {
    server.discovery();
    server.json('GET', DEPLOY, deploy);
    server.json('PATCH', DEPLOY, deploy);
    expect(await ktl(...args)).toEqual({ code: 0, stdout, stderr: '' });
    expect(server.requestsTo(DEPLOY, 'PATCH').length).toBe(1);
  });

  test('set env: --all with -l is refused first, as kubectl does', async () => {
    expect(await ktl('set', 'env', 'deploy/d1', '-l', 'a=b', '--all', 'X=1')).toEqual({ code: 1, stdout: '', stderr: 'error: cannot set --all and --selector at the same time\n' });
  });
});
