/**
 * Status lines per workload kind, as kubectl 1.33 printed them on the local
 * cluster (see test/e2e/workloads.test.ts for the live comparison).
 */
import { describe, expect, test } from '@jest/globals';
import { daemonSetStatus, deploymentStatus, rolloutStatus, statefulSetStatus } from '../../../src/rollout/status.js';

const dep = (spec: object, status: object, meta: object = {}) => ({
  metadata: { name: 'web', generation: 2, annotations: { 'deployment.kubernetes.io/revision': '3' }, ...meta },
  spec: { replicas: 3, ...spec },
  status: { observedGeneration: 2, ...status },
});

describe('deployment status', () => {
  test.each([
    [dep({}, { observedGeneration: 1 }), 'Waiting for deployment spec update to be observed...\n', false],
    [dep({}, { updatedReplicas: 1, replicas: 3 }), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', false],
    [dep({}, { updatedReplicas: 3, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n', false],
    [dep({}, { updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n', false],
    [dep({}, { updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out\n', true],
  ])('%#', (d, message, done) => {
    expect(deploymentStatus(d)).toEqual({ message, done });
  });

  test('progress deadline exceeded is an error', () => {
    const d = dep({}, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(() => deploymentStatus(d)).toThrow('deployment "web" exceeded its progress deadline');
  });

  test('--revision pins the revision', () => {
    const d = dep({}, { updatedReplicas: 3, replicas: 3, availableReplicas: 3 });
    expect(deploymentStatus(d, 3).done).toBe(true);
    expect(() => deploymentStatus(d, 1)).toThrow('desired revision (1) is different from the running revision (3)');
  });
});

describe('daemonset status', () => {
  const ds = (status: object, strategy: object = { type: 'RollingUpdate' }) => ({
    metadata: { name: 'ds', generation: 1 },
    spec: { updateStrategy: strategy },
    status: { observedGeneration: 1, desiredNumberScheduled: 3, ...status },
  });
  test('lines', () => {
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 1 })).message).toBe(
      'Waiting for daemon set "ds" rollout to finish: 1 out of 3 new pods have been updated...\n',
    );
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe(
      'Waiting for daemon set "ds" rollout to finish: 2 of 3 updated pods are available...\n',
    );
    expect(daemonSetStatus(ds({ updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({
      message: 'daemon set "ds" successfully rolled out\n',
      done: true,
    });
    expect(daemonSetStatus({ ...ds({}), status: { observedGeneration: 0 } }).message).toBe('Waiting for daemon set spec update to be observed...\n');
  });
  test('OnDelete has no status', () => {
    expect(() => daemonSetStatus(ds({}, { type: 'OnDelete' }))).toThrow('rollout status is only available for RollingUpdate strategy type');
  });
});

describe('statefulset status', () => {
  const sts = (status: object, rollingUpdate?: object) => ({
    metadata: { name: 'sts', generation: 1 },
    spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', ...(rollingUpdate ? { rollingUpdate } : {}) } },
    status: { observedGeneration: 1, ...status },
  });
  test('lines', () => {
    expect(statefulSetStatus(sts({ observedGeneration: 0 })).message).toBe('Waiting for statefulset spec update to be observed...\n');
    expect(statefulSetStatus(sts({ readyReplicas: 1 })).message).toBe('Waiting for 1 pods to be ready...\n');
    expect(statefulSetStatus(sts({ readyReplicas: 2, updatedReplicas: 0 }, { partition: 0 })).message).toBe(
      'Waiting for partitioned roll out to finish: 0 out of 2 new pods have been updated...\n',
    );
    expect(statefulSetStatus(sts({ readyReplicas: 2, updatedReplicas: 2 }, { partition: 0 }))).toEqual({
      message: 'partitioned roll out complete: 2 new pods have been updated...\n',
      done: true,
    });
    expect(statefulSetStatus(sts({ readyReplicas: 2, updatedReplicas: 1, updateRevision: 'b', currentRevision: 'a' })).message).toBe(
      'waiting for statefulset rolling update to complete 1 pods at revision b...\n',
    );
    expect(statefulSetStatus(sts({ readyReplicas: 2, currentReplicas: 2, updateRevision: 'a', currentRevision: 'a' })).message).toBe(
      'statefulset rolling update complete 2 pods at revision a...\n',
    );
  });
});

test('kinds without a viewer', () => {
  expect(() => rolloutStatus('', 'Pod', {})).toThrow('no status viewer has been implemented for Pod');
});
