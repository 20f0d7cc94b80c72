/**
 * `ktl run -i --rm` against the fake API server: the pod created (stdin
 * fields, not printed), the wait by list/watch on its name, the log printed
 * for a pod that has already completed, the exit code of a failed
 * --restart=Never pod with kubectl's text, and --rm's DELETE.
 */
import { expect, test } from '@jest/globals';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const env = useFakeServer('ktl-run-attach-');
const NS = '/api/v1/namespaces/default';

const pod = (phase: string) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'x', namespace: 'default', resourceVersion: '2' },
  spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'busybox', stdin: true, stdinOnce: true, resources: {} }] },
  status: { phase, containerStatuses: [{ name: 'x', state: { terminated: { exitCode: 2, reason: 'Error', message: 'bad' } } }] },
});

test('-i --rm --restart=Never on a pod that has already failed: its log, its exit code, then the DELETE', async () => {
  const s = env.server;
  s.discovery();
  s.json('POST', `${NS}/pods`, pod('Pending'), 201);
  s.json('GET', `${NS}/pods`, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '3' }, items: [pod('Failed')] });
  s.on('GET', `${NS}/pods/x/log`, () => ({ body: 'the log\n', headers: { 'Content-Type': 'text/plain' } }));
  s.json('DELETE', `${NS}/pods/x`, pod('Failed'));
  const r = await runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), 'run', 'x', '-i', '--rm', '--restart=Never', '--image=busybox'], { cwd: env.dir });
  expect(r).toEqual({ code: 2, stdout: 'the log\npod "x" deleted\n', stderr: 'pod default/x terminated (Error)\nbad\n' });
  const created = JSON.parse(env.server.requestsTo(`${NS}/pods`, 'POST')[0]!.body) as { spec: { containers: Array<Record<string, unknown>> } };
  expect(created.spec.containers[0]).toMatchObject({ stdin: true, stdinOnce: true });
  expect(env.server.requestsTo(`${NS}/pods`).map((q) => q.url)).toEqual([
    `${NS}/pods?fieldSelector=metadata.name%3Dx`,
    `${NS}/pods?fieldSelector=metadata.name%3Dx`,
  ]);
  expect(env.server.requestsTo(`${NS}/pods/x/log`).map((q) => q.url)).toEqual([`${NS}/pods/x/log?container=x`]);
  expect(JSON.parse(env.server.requestsTo(`${NS}/pods/x`, 'DELETE')[0]!.body)).toEqual({ propagationPolicy: 'Background' });
});
