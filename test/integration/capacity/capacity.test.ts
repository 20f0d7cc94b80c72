/**
 * `capacity` against a fake server: --util without metrics.k8s.io fails with
 * one line before any list is read; -n narrows the pod list to the namespace;
 * the pod list asks only for non-terminated pods.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const env = useFakeServer('ktl-capacity-');
const ktl = (args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

const NODES = {
  kind: 'NodeList',
  apiVersion: 'v1',
  metadata: {},
  items: [{ metadata: { name: 'n1' }, status: { allocatable: { cpu: '2', memory: '4Gi', 'amd.com/gpu': '2' } } }],
};
const PODS = {
  kind: 'PodList',
  apiVersion: 'v1',
  metadata: {},
  items: [
    {
      metadata: { name: 'p', namespace: 'team' },
      spec: { nodeName: 'n1', containers: [{ name: 'c', resources: { requests: { cpu: '500m', 'amd.com/gpu': '1' }, limits: { memory: '1Gi', 'amd.com/gpu': '1' } } }] },
      status: { phase: 'Running' },
    },
  ],
};

describe('capacity', () => {
  beforeEach(() => {
    env.server.reset();
    env.server.discovery();
  });

  test('--util without the Metrics API: one error line, nothing listed', async () => {
    const r = await ktl(['capacity', '--util']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: Metrics API not available (--util reads metrics.k8s.io; is metrics-server installed?)\n' });
    expect(env.server.requests.filter((q) => q.path.startsWith('/apis/metrics.k8s.io') || q.path.startsWith('/api/v1/'))).toEqual([]);
  });

  test('-n lists the namespace\'s non-terminated pods; the table', async () => {
    env.server.json('GET', '/api/v1/nodes', NODES);
    env.server.json('GET', '/api/v1/namespaces/team/pods', PODS);
    const r = await ktl(['capacity', '-n', 'team', '--pods']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'NODE   NAMESPACE   POD   CPU REQUESTS   CPU LIMITS   MEMORY REQUESTS   MEMORY LIMITS   AMD.COM/GPU\n' +
        'n1     *           *     500m (25%)     0 (0%)       0 (0%)            1Gi (25%)       1/2\n' +
        'n1     team        p     500m (25%)     0 (0%)       0 (0%)            1Gi (25%)       1\n' +
        '*      *           *     500m (25%)     0 (0%)       0 (0%)            1Gi (25%)       1/2\n',
    });
    const [list] = env.server.requestsTo('/api/v1/namespaces/team/pods');
    expect(Object.fromEntries(list!.query)).toEqual({ fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed', limit: '500' });
  });

  test('-n with a bad namespace name is refused before any request', async () => {
    const r = await ktl(['capacity', '-n', 'a/b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*a\/b/);
    expect(env.server.requests.filter((q) => q.path.startsWith('/api/v1/'))).toEqual([]);
  });
});
