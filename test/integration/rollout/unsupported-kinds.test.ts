/**
 * rollout history / undo / status on kinds they do not handle, against the
 * fake API server: kubectl 1.33's words (the kind named as Go prints a
 * GroupKind, "Job.batch"; a kind its visitor has never heard of fails
 * earlier, "no visitor method exists for { ConfigMap}"), and rollout status
 * going on past a failed object as kubectl's ContinueOnError builder does.
 */
import { describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { standardResources, useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const s = useFakeServer('ktl-rollout-kinds-');
const ktl = (...args: string[]) => runKtl(['--server', s.server.url, '--cache-dir', path.join(s.dir, 'cache'), ...args], { cwd: s.dir });

const NS = 'op';
const obj = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, metadata: { name, namespace: NS, uid: `u-${name}`, resourceVersion: '3' } });
function serve(): void {
  s.server.discovery(standardResources());
  s.server.json('GET', `/apis/batch/v1/namespaces/${NS}/jobs/j2`, obj('batch/v1', 'Job', 'j2'));
  s.server.json('GET', `/apis/batch/v1/namespaces/${NS}/cronjobs/cj`, obj('batch/v1', 'CronJob', 'cj'));
  s.server.json('GET', `/api/v1/namespaces/${NS}/configmaps/cm1`, obj('v1', 'ConfigMap', 'cm1'));
  s.server.json('GET', `/api/v1/namespaces/${NS}/pods/p1`, obj('v1', 'Pod', 'p1'));
  s.server.json('GET', `/apis/apps/v1/namespaces/${NS}/replicasets/rs1`, obj('apps/v1', 'ReplicaSet', 'rs1'));
  s.server.json('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', { ...obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin'), metadata: { name: 'admin' } });
  // the namespace exists: a missing object is reported as itself (kubectl asks for the namespace after a NotFound)
  s.server.json('GET', `/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  s.server.status('GET', `/apis/apps/v1/namespaces/${NS}/deployments/nope`, 404, 'NotFound', 'deployments.apps "nope" not found');
  // after a NotFound kubectl asks whether the namespace exists (it does)
  s.server.json('GET', `/api/v1/namespaces/${NS}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
}

describe('rollout on kinds without history, rollbacker or status viewer', () => {
  test.each([
    [['history', 'job/j2'], 'error: no history viewer has been implemented for "Job.batch"\n'],
    [['history', 'cronjob/cj'], 'error: no history viewer has been implemented for "CronJob.batch"\n'],
    [['history', 'rs/rs1'], 'error: no history viewer has been implemented for "ReplicaSet.apps"\n'],
    [['history', 'cm/cm1'], 'error: error retrieving history for "ConfigMap", no visitor method exists for { ConfigMap}\n'],
    [
      ['history', 'clusterrole/admin'],
      'error: error retrieving history for "ClusterRole.rbac.authorization.k8s.io", no visitor method exists for {rbac.authorization.k8s.io ClusterRole}\n',
    ],
    [['history', 'job/j2', 'cm/cm1'], 'no history viewer has been implemented for "Job.batch"\nerror retrieving history for "ConfigMap", no visitor method exists for { ConfigMap}\n'],
    [['undo', 'job/j2'], 'error: no rollbacker has been implemented for "Job.batch"\n'],
    [['undo', 'cronjob/cj'], 'error: no rollbacker has been implemented for "CronJob.batch"\n'],
    [['undo', 'pod/p1'], 'error: no rollbacker has been implemented for "Pod"\n'],
    [['undo', 'cm/cm1'], 'error: error retrieving rollbacker for "ConfigMap", no visitor method exists for { ConfigMap}\n'],
    [['undo', 'job/j2', 'cm/cm1'], 'no rollbacker has been implemented for "Job.batch"\nerror retrieving rollbacker for "ConfigMap", no visitor method exists for { ConfigMap}\n'],
    [['status', 'job/j2'], 'error: no status viewer has been implemented for Job.batch\n'],
    [['status', 'cronjob/cj'], 'error: no status viewer has been implemented for CronJob.batch\n'],
    [['status', 'clusterrole/admin'], 'error: no status viewer has been implemented for ClusterRole.rbac.authorization.k8s.io\n'],
    // every object is looked at; the failures, those of finding them in their places, come at the end
    [['status', 'job/j2', 'cm/cm1', 'pod/p1'], 'no status viewer has been implemented for Job.batch\nno status viewer has been implemented for ConfigMap\nno status viewer has been implemented for Pod\n'],
    [['status', 'job/j2', 'deploy/nope'], 'no status viewer has been implemented for Job.batch\nError from server (NotFound): deployments.apps "nope" not found\n'],
    [['status', 'deploy/nope', 'job/j2'], 'Error from server (NotFound): deployments.apps "nope" not found\nno status viewer has been implemented for Job.batch\n'],
  ])('rollout %j', async (args, stderr) => {
    serve();
    const r = await ktl('-n', NS, 'rollout', ...args);
    expect(r).toEqual({ code: 1, stdout: '', stderr });
    expect(s.server.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});
