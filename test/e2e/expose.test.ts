/**
 * `ktl expose` against kubectl.1.33: services built from deployments, pods
 * and services (ports, protocols, labels and selectors taken from the object,
 * or from the flags), kubectl's errors, and real creates in twin namespaces.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDirSync } from '../helpers/temp.js';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-expose-a');
const B = uniqueNamespace('ktl-expose-b');

const OBJECTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web, tier: fe}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: a, image: nginx, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP, name: dns}]}
      - {name: b, image: nginx, ports: [{containerPort: 9090}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: noports}
spec:
  selector: {matchLabels: {app: np}}
  template:
    metadata: {labels: {app: np}}
    spec: {containers: [{name: a, image: nginx}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: expr}
spec:
  selector: {matchLabels: {app: ex}, matchExpressions: [{key: t, operator: In, values: [a]}]}
  template:
    metadata: {labels: {app: ex, t: a}}
    spec: {containers: [{name: a, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pp, labels: {app: pp, x: z}}
spec: {containers: [{name: a, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: s1, labels: {app: s1}}
spec:
  selector: {app: s1}
  ports: [{name: a, port: 81, targetPort: 8081}, {name: b, port: 82, targetPort: 8082}]
`;

beforeAll(async () => {
  await createTwins(A, B);
  for (const ns of [A, B]) {
    const r = await kubectl(['apply', '-n', ns, '-f', '-'], { input: OBJECTS });
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => removeTwins(A, B));

const THREE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: a, labels: {app: a, tier: one}}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}, {containerPort: 81, protocol: UDP}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: dns}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 53}, {containerPort: 53, protocol: UDP}, {containerPort: 81, protocol: SCTP}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec: {selector: {app: s}, ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}
`;

const VARYING = /("?(uid|resourceVersion|creationTimestamp|clusterIP|time)"?: ).*|^ *- \d+\.\d+\.\d+\.\d+$/gm;
const norm = (r: ProcResult, ns: string) => ({ ...r, stdout: r.stdout.replaceAll(ns, 'NS').replace(VARYING, 'X'), stderr: r.stderr.replaceAll(ns, 'NS') });
async function both(args: string[]) {
  const [a, b] = await Promise.all([ktl(['-n', A, 'expose', ...args]), kubectl(['-n', B, 'expose', ...args])]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return b;
}

describe('expose --dry-run=client, ktl vs kubectl.1.33', () => {
  const cases: string[][] = [
    ['deploy', 'web'],
    ['deploy', 'web', '--port=8080', '--target-port=80', '--name=w2', '--type=NodePort', '-l', 'x=y'],
    ['pod/pp'],
    ['svc', 's1', '--name=s2'],
    ['deploy/web', '--port=80', '--protocol=UDP', '--external-ip=1.2.3.4', '--session-affinity=ClientIP', '--cluster-ip=None', '--selector=k=v,a=b'],
    ['deploy', 'web', '--port=53'],
    ['deploy', 'web', '--port=80', '--target-port=http'],
    ['deploy', 'web', '--port=80', '--type=LoadBalancer', '--load-balancer-ip=1.1.1.1'],
    ['deploy', 'web', '--port=80', '--overrides={"spec":{"type":"NodePort"}}'],
  ];
  test.each(cases.flatMap((c) => ['yaml', 'json', 'name'].map((f) => [c, f] as const)))('%j -o %s', async (args, fmt) => {
    const r = await both([...args, '--dry-run=client', '-o', fmt]);
    expect(r.code).toBe(0);
  });

  test("several objects from one file: the first one's selector, ports and labels serve the rest, protocols per object; a headless service without ports", async () => {
    const file = path.join(tempDirSync('ktl-expose-'), 'three.yaml');
    writeFileSync(file, THREE);
    const r = await both(['-f', file, '--dry-run=client', '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^  name: (a|dns|b)$/gm)).toEqual(['  name: a', '  name: dns', '  name: b']);
    expect((await both(['deploy', 'noports', '--cluster-ip=None', '--dry-run=client', '-o', 'yaml'])).code).toBe(0);
  });

  test.each([
    [['deploy', 'noports']],
    [['deploy', 'expr']],
    [['cm', 'kube-root-ca.crt', '--port=1']],
    [['deploy']],
    [[]],
    [['deploy', 'web', '--port=abc']],
    [['deploy', 'web', 'nope', '--port=1']],
  ])('errors %j', async (args) => {
    const r = await both([...args, '--dry-run=client']);
    expect(r.code).toBe(1);
  });
});

describe('expose against the server, ktl vs kubectl.1.33', () => {
  test('exposed, AlreadyExists the second time, server dry run; the same services left', async () => {
    expect((await both(['deploy', 'web'])).stdout).toBe('service/web exposed\n');
    expect((await both(['deploy', 'web'])).stderr).toBe('Error from server (AlreadyExists): services "web" already exists\n');
    await both(['pod', 'pp', '--name=p2', '-o', 'yaml']);
    await both(['deploy', 'web', '--name=w3', '--port=81', '--dry-run=server', '-o', 'name']);
    const svc = async (ns: string) =>
      (await kubectl(['get', 'svc', '-n', ns, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.ports} {.spec.selector} {.metadata.managedFields[0].manager}{"\\n"}{end}'])).stdout;
    expect(await svc(A)).toBe(await svc(B));
  });
});
