/**
 * `rollout history` with print flags, as kubectl 1.33 (checked on a real
 * cluster, upstream test/cmd template-output.sh): -o prints the revisions
 * (the ReplicaSets), but --template without -o prints the workload itself
 * through the template (kubectl's OutputFlagSpecified is false, so it takes
 * the table path, whose printer is then go-template), --revision included.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-rollout-history-out-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), '-n', NS, ...args], { cwd: s.dir });

const NS = 'op';
const template = { metadata: { labels: { app: 'deploy' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'deploy', namespace: NS, uid: 'u-deploy', annotations: { 'deployment.kubernetes.io/revision': '1' } },
  spec: { selector: { matchLabels: { app: 'deploy' } }, template },
};
const rs = {
  metadata: {
    name: 'deploy-6d8dcb6f67',
    namespace: NS,
    uid: 'u-rs',
    annotations: { 'deployment.kubernetes.io/revision': '1' },
    labels: { app: 'deploy', 'pod-template-hash': '6d8dcb6f67' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'deploy', uid: 'u-deploy', controller: true }],
  },
  spec: { selector: { matchLabels: { app: 'deploy' } }, template },
};
function serve(): void {
  s.server.discovery(standardResources());
  s.server.json('GET', `/apis/apps/v1/namespaces/${NS}/deployments/deploy`, deploy);
  s.server.json('GET', `/apis/apps/v1/namespaces/${NS}/replicasets`, { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: {}, items: [rs] });
}

describe('rollout history: -o versus --template alone', () => {
  test('--template without -o: the Deployment through the template', async () => {
    serve();
    expect(await ktl('rollout', 'history', 'deploy/deploy', '--template={{ .metadata.name }}:')).toEqual({ code: 0, stdout: 'deploy:', stderr: '' });
    expect(await ktl('rollout', 'history', 'deploy/deploy', '--revision=1', '--template={{ .kind }}:')).toEqual({ code: 0, stdout: 'Deployment:', stderr: '' });
  });

  test('--template alone with a revision that does not exist: kubectl\'s error', async () => {
    serve();
    expect(await ktl('rollout', 'history', 'deploy/deploy', '--revision=5', '--template={{ .metadata.name }}:')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: unable to find the specified revision\n',
    });
  });

  test('-o: the revisions (ReplicaSets)', async () => {
    serve();
    expect(await ktl('rollout', 'history', 'deploy/deploy', '-o', 'name')).toEqual({ code: 0, stdout: 'replicaset.apps/deploy-6d8dcb6f67\n', stderr: '' });
    expect(await ktl('rollout', 'history', 'deploy/deploy', '-o', 'go-template', '--template={{ .metadata.name }}:')).toEqual({
      code: 0,
      stdout: 'deploy-6d8dcb6f67:',
      stderr: '',
    });
  });
});
