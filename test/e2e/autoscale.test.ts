/**
 * `ktl autoscale` against kubectl.1.33 on the local cluster: the same
 * commands in twin namespaces, the same stdout, stderr and exit codes, and
 * the same HorizontalPodAutoscalers left on the server.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-autoscale-a');
const B = uniqueNamespace('ktl-autoscale-b');

const OBJECTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: a, image: nginx}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d2}
spec:
  replicas: 0
  selector: {matchLabels: {app: d2}}
  template:
    metadata: {labels: {app: d2}}
    spec: {containers: [{name: a, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ss}
spec:
  replicas: 0
  serviceName: ss
  selector: {matchLabels: {app: ss}}
  template:
    metadata: {labels: {app: ss}}
    spec: {containers: [{name: a, image: nginx}]}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  replicas: 0
  selector: {app: rc}
  template:
    metadata: {labels: {app: rc}}
    spec: {containers: [{name: a, image: nginx}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
`;

beforeAll(async () => {
  await createTwins(A, B);
  for (const ns of [A, B]) {
    const r = await kubectl(['apply', '-n', ns, '-f', '-'], { input: OBJECTS });
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => removeTwins(A, B));

const VARYING = /("?(uid|resourceVersion|creationTimestamp|time)"?: ).*/gm;
// kubectl prints its klog prefix on the --dry-run deprecation warning
const KLOG = /^W\d{4} [\d:.]+ +\d+ [\w.]+:\d+\] /gm;
const norm = (r: ProcResult, ns: string) => ({
  ...r,
  stdout: r.stdout.replaceAll(ns, 'NS').replace(VARYING, '$1X'),
  stderr: r.stderr.replaceAll(ns, 'NS').replace(KLOG, '').replace(/kubectl(\.1\.33)?/g, 'ktl'),
});
async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, 'autoscale', ...args]), kubectl(['-n', B, 'autoscale', ...args])]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return b;
}
// what the commands wrote (the HPA controller fills in status on its own time)
const hpas = async (ns: string) => {
  const r = await kubectl([
    'get', 'hpa', '-n', ns, '-o',
    'jsonpath={range .items[*]}{.apiVersion} {.metadata.name} {.metadata.annotations} {.spec} {.metadata.managedFields[0].manager}{"\\n"}{end}',
  ]);
  return r.stdout.replaceAll(ns, 'NS');
};

describe('autoscale --dry-run=client, ktl vs kubectl.1.33', () => {
  const cases: string[][] = [
    ['deploy', 'web', '--max=5'],
    ['deployment', 'web', '--min=2', '--max=10', '--cpu-percent=80', '--name=bar'],
    ['deploy/web', 'deploy/d2', '--max=3', '--cpu-percent=0'],
    ['sts', 'ss', '--max=3', '--min=-1', '--cpu-percent=-5'],
    ['rc/rc', '--max=3', '--save-config'],
  ];
  test.each(cases.flatMap((c) => ['yaml', 'json', 'name', ''].map((f) => [c, f] as const)))('%j -o %s', async (args, fmt) => {
    const r = await both([...args, '--dry-run=client', ...(fmt ? ['-o', fmt] : [])]);
    expect(r.code).toBe(0);
  });

  test.each([
    [['deploy', 'web']],
    [['deploy', 'web', '--max=0']],
    [['deploy', 'web', '--max=2', '--min=3']],
    [['deploy', 'web', '--max=abc']],
    [['deploy', 'web', '--min=1.5', '--max=2']],
    [['cm', 'cm', '--max=2']],
    [['deploy', 'nope', '--max=2']],
    [['deploy', 'web', 'nope', '--max=2']],
    [['deploy', '--max=2']],
    [['--max=2']],
    [['deploy', '-l', 'app=web', '--max=2']],
    [['deploy', 'web', '--max=2', '-o', 'wide']],
  ])('errors %j', async (args) => {
    const r = await both([...args, '--dry-run=client']);
    expect(r.code).not.toBe(0);
  });

  test('an unknown --dry-run strategy', async () => {
    expect((await both(['deploy', 'web', '--max=2', '--dry-run=maybe'])).code).toBe(1);
  });

  test('the deprecated bare --dry-run', async () => {
    expect((await both(['deploy', 'web', '--max=2', '--dry-run', '-o', 'name'])).code).toBe(0);
  });
});

describe('autoscale against the server, ktl vs kubectl.1.33', () => {
  test('created, AlreadyExists the second time, --save-config, server dry run; the same HPAs left', async () => {
    expect((await both(['deploy', 'web', '--max=3'])).stdout).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect((await both(['deploy', 'web', '--max=3'])).stderr).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
    await both(['deploy', 'web', '--max=4', '--min=2', '--cpu-percent=50', '--name=h2', '--save-config', '-o', 'yaml']);
    await both(['deploy/d2', 'sts/ss', '--max=4', '--field-manager=mine', '-o', 'json']);
    await both(['rc', 'rc', '--max=4', '--name=h5', '--dry-run=server', '-o', 'name']);
    const left = await hpas(A);
    expect(left).toBe(await hpas(B));
    expect(left.split('\n')).toHaveLength(5);
    expect(left).toContain(' mine\n');
    expect(left).toContain('last-applied-configuration');
  });
});
