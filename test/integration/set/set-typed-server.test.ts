/**
 * `set ... --dry-run=client` against a server: kubectl decodes the server's
 * object into its typed struct too, so what it prints (and the change it
 * works out) is the typed round trip of the server's JSON: fields a newer
 * server has that k8s.io/api v0.33.1 lacks dropped, quantities canonical
 * ("1000m" is "1", so setting cpu=1 changes nothing and prints nothing).
 *
 * The expected outputs (test/golden/set-typed/server.*.json) were recorded
 * from kubectl.1.33 against a throwaway fake API server answering with the
 * same Deployment as below.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeApiServer, standardResources } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../golden/set-typed');
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/d';
const deploy = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: {
    name: 'd', namespace: 'default', uid: 'u-1', resourceVersion: '42', generation: 2, creationTimestamp: '2024-06-01T12:00:00Z',
    labels: { app: 'd' }, annotations: { 'deployment.kubernetes.io/revision': '1' },
    managedFields: [{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2024-06-01T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }],
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'd' } },
    template: {
      metadata: { labels: { app: 'd' } },
      spec: {
        containers: [{ name: 'c', image: 'nginx', futureField: 1, resources: { limits: { cpu: '1000m' } }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' }],
        restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler', futurePodField: { a: 1 },
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1,
    conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2024-06-01T12:00:05Z', lastTransitionTime: '2024-06-01T12:00:05Z', reason: 'MinimumReplicasAvailable', message: 'ok' }],
  },
};

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-set-typed-server-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const ktl = (...args: string[]) => runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', ...args]);

describe('set --dry-run=client prints the typed round trip of the server\'s object', () => {
  test.each(['server.image-dry-run', 'server.resources-unchanged'])('%s', async (name) => {
    const want = JSON.parse(readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8')) as { args: string[]; code: number; stdout: string; stderr: string };
    server.discovery(standardResources());
    server.json('GET', DEPLOY, deploy);
    expect(await ktl(...want.args)).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
    expect(server.requestsTo(DEPLOY, 'PATCH')).toEqual([]);
    expect(server.unexpected).toEqual([]);
  });
});
