/** Readiness rules per kind (--wait-ready), the flags, and the plain view's lines. */
import { describe, expect, test } from '@jest/globals';
import { evaluate, needs, selectorMatches, selectorString } from '../../../src/wait/ready/rules.js';
import { summary, waitFlags } from '../../../src/wait/ready/run.js';
import { formatElapsed, stateLine } from '../../../src/wait/ready/view.js';
import type { Tracked } from '../../../src/wait/ready/tracker.js';

const deploy = (spec: object, status: object, meta: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', generation: 2, ...meta },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
    ...spec,
  },
  status,
});

const pod = (name: string, status: object, image = 'nginx:1', labels: Record<string, string> = { app: 'web' }) => ({
  metadata: { name, namespace: 'ns', labels },
  spec: { containers: [{ name: 'c', image }] },
  status,
});

describe('workloads: rollout status logic, then the pods', () => {
  test('Deployment: generation, updated, old, available, done', () => {
    expect(evaluate('apps', 'Deployment', deploy({}, { observedGeneration: 1 }))).toEqual({ state: 'waiting', message: 'waiting for generation 2 to be observed' });
    expect(evaluate('apps', 'Deployment', deploy({}, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }))).toEqual({
      state: 'waiting',
      message: '1/3 replicas updated',
    });
    expect(evaluate('apps', 'Deployment', deploy({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message).toBe('1 old replicas pending termination');
    expect(evaluate('apps', 'Deployment', deploy({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message).toBe(
      '2/3 replicas available',
    );
    expect(evaluate('apps', 'Deployment', deploy({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({
      state: 'ready',
      message: '',
    });
  });

  test('Deployment: ProgressDeadlineExceeded fails', () => {
    const d = deploy({}, { observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(evaluate('apps', 'Deployment', d)).toEqual({ state: 'failed', message: 'exceeded its progress deadline (ProgressDeadlineExceeded)' });
  });

  test('Deployment: a current pod in ImagePullBackOff, CrashLoopBackOff or unschedulable fails; an old pod does not', () => {
    const d = deploy({}, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 });
    const pull = pod('web-1', { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1"' } } }] });
    expect(evaluate('apps', 'Deployment', d, { pods: [pull] })).toEqual({
      state: 'failed',
      message: 'pod/web-1: container "c" is waiting: ImagePullBackOff: Back-off pulling image "nginx:1"',
    });
    const crash = pod('web-2', { initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    expect(evaluate('apps', 'Deployment', d, { pods: [crash] }).message).toBe('pod/web-2: container "init" is waiting: CrashLoopBackOff');
    const unsched = pod('web-3', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] });
    expect(evaluate('apps', 'Deployment', d, { pods: [unsched] }).message).toBe('pod/web-3: FailedScheduling: 0/3 nodes are available');
    // the old template's pod, another app's pod, a pod being deleted: not this rollout's trouble
    const old = pod('web-old', { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'nginx:0');
    const other = pod('db', { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'nginx:1', { app: 'db' });
    const leaving = { ...crash, metadata: { ...crash.metadata, name: 'web-4', deletionTimestamp: 'x' } };
    expect(evaluate('apps', 'Deployment', d, { pods: [old, other, leaving] })).toEqual({ state: 'waiting', message: '1/3 replicas available' });
    // ContainerCreating is no trouble
    const creating = pod('web-5', { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(evaluate('apps', 'Deployment', d, { pods: [creating] }).state).toBe('waiting');
  });

  test('StatefulSet: ready replicas, pods at the update revision only', () => {
    const sts = {
      metadata: { name: 's', generation: 1 },
      spec: { replicas: 2, selector: { matchLabels: { app: 's' } }, template: { spec: { containers: [] } } },
      status: { observedGeneration: 1, readyReplicas: 1, updateRevision: 'r2', currentRevision: 'r1' },
    };
    expect(evaluate('apps', 'StatefulSet', sts)).toEqual({ state: 'waiting', message: '1/2 replicas ready' });
    const bad = (rev: string) => ({
      metadata: { name: `s-${rev}`, labels: { app: 's', 'controller-revision-hash': rev } },
      status: { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ErrImagePull' } } }] },
    });
    expect(evaluate('apps', 'StatefulSet', sts, { pods: [bad('r1')] }).state).toBe('waiting');
    expect(evaluate('apps', 'StatefulSet', sts, { pods: [bad('r2')] }).message).toBe('pod/s-r2: container "c" is waiting: ErrImagePull');
    const done = { ...sts, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2, currentReplicas: 2, updateRevision: 'r2', currentRevision: 'r2' } };
    expect(evaluate('apps', 'StatefulSet', done).state).toBe('ready');
  });

  test('DaemonSet: updated then available', () => {
    const ds = (st: object) => ({ metadata: { name: 'd', generation: 1 }, spec: { template: { spec: { containers: [] } } }, status: { observedGeneration: 1, ...st } });
    expect(evaluate('apps', 'DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message).toBe('1/3 pods updated');
    expect(evaluate('apps', 'DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe('2/3 pods available');
    expect(evaluate('apps', 'DaemonSet', ds({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })).state).toBe('ready');
  });

  test('ReplicaSet and ReplicationController: available replicas', () => {
    const rs = { metadata: { name: 'r', generation: 1 }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } } }, status: { observedGeneration: 1, availableReplicas: 1 } };
    expect(evaluate('apps', 'ReplicaSet', rs)).toEqual({ state: 'waiting', message: '1/2 replicas available' });
    expect(evaluate('apps', 'ReplicaSet', { ...rs, status: { observedGeneration: 1, availableReplicas: 2 } }).state).toBe('ready');
    const rc = { metadata: { name: 'rc', generation: 1 }, spec: { replicas: 1, selector: { a: 'b' } }, status: { observedGeneration: 1 } };
    const crash = { metadata: { name: 'rc-x', labels: { a: 'b' } }, status: { containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }] } };
    expect(evaluate('', 'ReplicationController', rc, { pods: [crash] }).message).toBe('pod/rc-x: container "c" is waiting: CrashLoopBackOff');
    expect(needs('', 'ReplicationController', rc)).toEqual({ pods: true, endpointSlices: false });
  });
});

describe('other kinds', () => {
  test('Job: complete, failed, progress', () => {
    const job = (st: object, spec: object = {}) => ({ metadata: { name: 'j' }, spec: { completions: 2, selector: { matchLabels: { j: 'j' } }, ...spec }, status: st });
    expect(evaluate('batch', 'Job', job({ succeeded: 1, active: 1 }))).toEqual({ state: 'waiting', message: '1/2 completions, 1 active' });
    expect(evaluate('batch', 'Job', job({ conditions: [{ type: 'Complete', status: 'True' }] })).state).toBe('ready');
    expect(evaluate('batch', 'Job', job({ conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] }))).toEqual({
      state: 'failed',
      message: 'job failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    expect(evaluate('batch', 'Job', job({}, { suspend: true })).message).toBe('suspended');
  });

  test('Pod: Ready or Succeeded; Failed and fatal waiting reasons fail', () => {
    expect(evaluate('', 'Pod', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }).state).toBe('ready');
    expect(evaluate('', 'Pod', { status: { phase: 'Succeeded' } }).state).toBe('ready');
    expect(evaluate('', 'Pod', { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] } })).toEqual({
      state: 'waiting',
      message: 'Pending (ContainersNotReady)',
    });
    expect(evaluate('', 'Pod', { status: { phase: 'Failed', reason: 'Evicted' } })).toEqual({ state: 'failed', message: 'pod failed: Evicted' });
    expect(evaluate('', 'Pod', { status: { phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'InvalidImageName' } } }] } }).state).toBe('failed');
  });

  test('Service: endpoints, load balancer ingress, no selector', () => {
    const svc = (spec: object, status: object = {}) => ({ metadata: { name: 'web' }, spec, status });
    const slice = (ready: boolean | undefined, svcName = 'web') => ({ metadata: { labels: { 'kubernetes.io/service-name': svcName } }, endpoints: [{ conditions: ready === undefined ? {} : { ready } }] });
    const s = svc({ selector: { app: 'web' } });
    expect(needs('', 'Service', s)).toEqual({ pods: false, endpointSlices: true });
    expect(evaluate('', 'Service', s)).toEqual({ state: 'waiting', message: 'waiting for endpoints' });
    expect(evaluate('', 'Service', s, { endpointSlices: [slice(false), slice(true, 'other')] })).toEqual({ state: 'waiting', message: 'no ready endpoints' });
    expect(evaluate('', 'Service', s, { endpointSlices: [slice(true)] }).state).toBe('ready');
    expect(evaluate('', 'Service', s, { endpointSlices: [slice(undefined)] }).state).toBe('ready');
    expect(evaluate('', 'Service', svc({ type: 'LoadBalancer', selector: { a: 'b' } }))).toEqual({ state: 'waiting', message: 'waiting for load balancer ingress' });
    expect(evaluate('', 'Service', svc({ type: 'LoadBalancer' }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } })).state).toBe('ready');
    expect(evaluate('', 'Service', svc({ type: 'ExternalName', externalName: 'x.example' })).state).toBe('ready');
    expect(evaluate('', 'Service', svc({ ports: [{ port: 80 }] })).state).toBe('ready');
  });

  test('PVC Bound, Namespace Active, CRD Established, APIService Available', () => {
    expect(evaluate('', 'PersistentVolumeClaim', { status: { phase: 'Pending' } })).toEqual({ state: 'waiting', message: 'phase Pending' });
    expect(evaluate('', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }).state).toBe('ready');
    expect(evaluate('', 'PersistentVolumeClaim', { status: { phase: 'Lost' } }).state).toBe('failed');
    expect(evaluate('', 'Namespace', { status: { phase: 'Active' } }).state).toBe('ready');
    expect(evaluate('', 'Namespace', { metadata: { deletionTimestamp: 'x' }, status: { phase: 'Terminating' } })).toEqual({ state: 'waiting', message: 'being deleted' });
    expect(evaluate('apiextensions.k8s.io', 'CustomResourceDefinition', {})).toEqual({ state: 'waiting', message: 'waiting for Established' });
    expect(evaluate('apiextensions.k8s.io', 'CustomResourceDefinition', { status: { conditions: [{ type: 'Established', status: 'True' }] } }).state).toBe('ready');
    expect(evaluate('apiregistration.k8s.io', 'APIService', { status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] } })).toEqual({
      state: 'waiting',
      message: 'Available False (MissingEndpoints)',
    });
  });

  test('generic: Ready, else Available, with observedGeneration; else ready once written', () => {
    expect(evaluate('example.com', 'Widget', { metadata: { generation: 1 } }).state).toBe('ready');
    expect(evaluate('example.com', 'Widget', { status: { conditions: [{ type: 'Synced', status: 'False' }] } }).state).toBe('ready');
    expect(evaluate('example.com', 'Widget', { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Pending', message: 'creating' }] } })).toEqual({
      state: 'waiting',
      message: 'Ready False (Pending: creating)',
    });
    const stale = { metadata: { generation: 3 }, status: { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(evaluate('example.com', 'Widget', stale)).toEqual({ state: 'waiting', message: 'waiting for generation 3 to be observed' });
    const condStale = { metadata: { generation: 3 }, status: { conditions: [{ type: 'Available', status: 'True', observedGeneration: 2 }] } };
    expect(evaluate('example.com', 'Widget', condStale).state).toBe('waiting');
    expect(evaluate('example.com', 'Widget', { metadata: { generation: 3 }, status: { conditions: [{ type: 'Available', status: 'True', observedGeneration: 3 }] } }).state).toBe('ready');
    expect(evaluate('', 'ConfigMap', { data: {} }).state).toBe('ready');
  });

  test('label selectors', () => {
    const sel = { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['x', 'y'] }, { key: 'c', operator: 'DoesNotExist' }] };
    expect(selectorMatches(sel, { a: '1', b: 'y' })).toBe(true);
    expect(selectorMatches(sel, { a: '1', b: 'z' })).toBe(false);
    expect(selectorMatches(sel, { a: '1', b: 'x', c: '' })).toBe(false);
    expect(selectorMatches({}, { a: '1' })).toBe(false);
    expect(selectorString({ matchLabels: { a: '1', b: '2' } })).toBe('a=1,b=2');
    expect(selectorString(sel)).toBeUndefined();
  });
});

describe('flags: kubectl\'s boolean --wait stays as it is', () => {
  test('apply/replace: booleans are kubectl\'s, durations are readiness', () => {
    expect(waitFlags({}, { kubectlWait: true })).toEqual({ kubectlWait: false });
    expect(waitFlags({ wait: 'true' }, { kubectlWait: true })).toEqual({ kubectlWait: true });
    expect(waitFlags({ wait: true }, { kubectlWait: true })).toEqual({ kubectlWait: true });
    for (const v of ['false', '0', 'F', 'FALSE']) expect(waitFlags({ wait: v }, { kubectlWait: true })).toEqual({ kubectlWait: false });
    for (const v of ['1', 't', 'T', 'True']) expect(waitFlags({ wait: v }, { kubectlWait: true })).toEqual({ kubectlWait: true });
    expect(waitFlags({ wait: '5m' }, { kubectlWait: true })).toEqual({ kubectlWait: false, readyTimeoutMs: 300_000 });
    expect(waitFlags({ wait: '0s' }, { kubectlWait: true })).toEqual({ kubectlWait: false, readyTimeoutMs: 0 });
    expect(waitFlags({ wait: 'true', waitReady: '30s' }, { kubectlWait: true })).toEqual({ kubectlWait: true, readyTimeoutMs: 30_000 });
  });

  test('--wait-ready, and --wait where kubectl has none', () => {
    expect(waitFlags({ waitReady: 'true' }, { kubectlWait: true }).readyTimeoutMs).toBe(300_000);
    expect(waitFlags({ waitReady: 'false' }, { kubectlWait: true }).readyTimeoutMs).toBeUndefined();
    expect(waitFlags({ wait: 'true' }, { kubectlWait: false })).toEqual({ kubectlWait: false, readyTimeoutMs: 300_000 });
    expect(waitFlags({ wait: '90s' }, { kubectlWait: false })).toEqual({ kubectlWait: false, readyTimeoutMs: 90_000 });
    expect(() => waitFlags({ waitReady: 'soon' }, { kubectlWait: true })).toThrow('invalid argument "soon" for "--wait-ready" flag: time: invalid duration "soon"');
    expect(() => waitFlags({ wait: '5' }, { kubectlWait: false })).toThrow('invalid argument "5" for "--wait" flag: time: missing unit in duration "5"');
  });
});

describe('lines and summary', () => {
  const t = (ref: string, state: 'ready' | 'waiting' | 'failed', message: string, elapsedMs?: number): Tracked =>
    ({ target: {} as never, ref, verdict: { state, message }, elapsedMs }) as Tracked;

  test('state lines', () => {
    expect(stateLine(t('deployment.apps/web', 'waiting', '2/3 replicas available'))).toBe('deployment.apps/web: 2/3 replicas available');
    expect(stateLine(t('deployment.apps/web', 'ready', '', 14_200))).toBe('deployment.apps/web ready (14s)');
    expect(stateLine(t('job.batch/j', 'failed', 'job failed: BackoffLimitExceeded', 63_000))).toBe('job.batch/j failed (1m3s): job failed: BackoffLimitExceeded');
    expect(formatElapsed(3_600_000 + 5000)).toBe('1h0m5s');
  });

  test('summaries', () => {
    const tracked = [t('a/x', 'ready', '', 0), t('job.batch/j', 'failed', 'job failed: DeadlineExceeded', 2000), t('deployment.apps/w', 'waiting', '0/1 replicas available')];
    expect(summary({ outcome: 'failed', tracked }, 0)).toBe(
      '1 object failed, 1 not ready yet (of 3)\n  job.batch/j failed: job failed: DeadlineExceeded\n  deployment.apps/w: 0/1 replicas available',
    );
    expect(summary({ outcome: 'timeout', tracked: [tracked[0]!, tracked[2]!] }, 90_000)).toBe('timed out after 1m30s: 1 of 2 objects not ready\n  deployment.apps/w: 0/1 replicas available');
    expect(summary({ outcome: 'interrupted', tracked: [tracked[2]!] }, 0)).toBe('interrupted: 1 of 1 object not ready\n  deployment.apps/w: 0/1 replicas available');
  });
});
