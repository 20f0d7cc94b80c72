/**
 * `ktl create <generator>` against the fake API server, where kubectl 1.33
 * needs the server to decide (job --from, role/clusterrole resources) or
 * where its answers were checked on the real kubectl.1.33 (messages, exit
 * codes, what is printed under --dry-run=client).
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-create-gen-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir });
const NS = 'op';
const fail = (stderr: string) => ({ code: 1, stdout: '', stderr });

describe('create job --from: the object is read first, then its kind checked', () => {
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj1', namespace: NS, uid: 'u-1' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } },
  };
  function serve(): void {
    s.server.discovery(standardResources());
    s.server.json('GET', `/apis/apps/v1/namespaces/${NS}/deployments/realdep`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'realdep', namespace: NS } });
    s.server.status('GET', `/apis/apps/v1/namespaces/${NS}/deployments/nope`, 404, 'NotFound', 'deployments.apps "nope" not found');
    s.server.json('GET', '/api/v1/namespaces/default', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    s.server.json('GET', `/apis/example.com/v1/namespaces/${NS}/widgets/w1`, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: NS } });
    s.server.json('GET', `/apis/batch/v1/namespaces/${NS}/cronjobs/cj1`, cronJob);
  }
  const job = (from: string) => ktl('-n', NS, 'create', 'job', 'j1', `--from=${from}`, '--dry-run=client', '-o', 'name');

  test.each([
    ['deployment/realdep', 'error: unknown object type *v1.Deployment\n'],
    ['ns/default', 'error: unknown object type *v1.Namespace\n'],
    ['deployment/nope', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['foo/bar', 'error: the server doesn\'t have a resource type "foo"\n'],
    ['realdep', 'error: the server doesn\'t have a resource type "realdep"\n'],
    ['deployment', 'error: resource(s) were provided, but no name was specified\n'],
    ['cronjob', 'error: resource(s) were provided, but no name was specified\n'],
    // a kind kubectl's scheme does not know fails in the decoding
    ['widgets/w1', 'error: no kind "Widget" is registered for version "example.com/v1" in scheme "pkg/scheme/scheme.go:28"\n'],
  ])('--from=%s', async (from, stderr) => {
    serve();
    expect(await job(from)).toEqual(fail(stderr));
    expect(s.server.unexpected).toEqual([]);
  });

  test('--from=cj/cj1: the job from the cron job', async () => {
    serve();
    expect(await job('cj/cj1')).toEqual({ code: 0, stdout: 'job.batch/j1\n', stderr: '' });
    expect(s.server.unexpected).toEqual([]);
  });
});
