/**
 * `expose` refusals in kubectl 1.33's words (checked against kubectl.1.33 on
 * a real cluster): a kind it cannot expose is named with its group, an
 * unknown --session-affinity is refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-expose-errors-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args]);

const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd1', namespace: 'default', labels: { app: 'd1' } },
  spec: { selector: { matchLabels: { app: 'd1' } }, template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
};

describe('expose refusals', () => {
  test.each([
    ['job', '/apis/batch/v1/namespaces/default/jobs/j2', 'Job.batch'],
    ['cronjob', '/apis/batch/v1/namespaces/default/cronjobs/j2', 'CronJob.batch'],
  ])('expose %s (%s): "cannot expose a %s"', async (type, url, groupKind) => {
    server.discovery();
    server.json('GET', url, { metadata: { name: 'j2', namespace: 'default' } });
    expect(await ktl('expose', type, 'j2', '--port=80')).toEqual({ code: 1, stdout: '', stderr: `error: cannot expose a ${groupKind}\n` });
  });

  test('an unknown --session-affinity', async () => {
    server.discovery();
    server.json('GET', '/apis/apps/v1/namespaces/default/deployments/d1', deploy);
    expect(await ktl('expose', 'deployment', 'd1', '--port=80', '--session-affinity=Foo', '--dry-run=client', '-o', 'yaml')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unknown session affinity: Foo\n',
    });
  });
});
