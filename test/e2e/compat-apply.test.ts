/**
 * apply behaviours found by running kubectl's own test suites with ktl in
 * its place (issue #20), each compared with kubectl.1.33 on the cluster:
 * ktl works in namespace A, kubectl in B, on the same manifests; printed
 * bytes, exit codes and the resulting objects (managedFields included) must
 * be equal once the namespace names, UIDs and resourceVersions are swapped out.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-capply-a');
const B = uniqueNamespace('ktl-capply-b');
let dir = '';

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-capply-');
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

async function manifest(name: string, text: string, ns: string): Promise<string> {
  const file = path.join(dir, `${ns}-${name}`);
  await writeFile(file, text.replaceAll('NS', ns));
  return file;
}

const norm = (r: ProcResult, ns: string) => {
  const clean = (s: string) =>
    s
      .replaceAll(path.join(dir, `${ns}-`), '')
      .replaceAll(ns, 'NS')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
      .replace(/"resourceVersion":"\d+"/g, '"resourceVersion":"RV"')
      .replace(/"creationTimestamp":"[^"]*"/g, '"creationTimestamp":"T"')
      .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID ');
  return { code: r.code, stdout: clean(r.stdout), stderr: clean(r.stderr).replaceAll("'ktl ", "'kubectl ") };
};

/** Runs the same command with both tools: `-n A` for ktl, `-n B` for kubectl; FILE:<name> is that namespace's manifest. */
async function both(args: string[]) {
  const forNs = (ns: string) => args.map((a) => (a.startsWith('FILE:') ? path.join(dir, `${ns}-${a.slice(5)}`) : a));
  const [a, b] = await Promise.all([ktl(['-n', A, ...forNs(A)]), kubectl(['-n', B, ...forNs(B)])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

async function write2(name: string, text: string): Promise<void> {
  await Promise.all([manifest(name, text, A), manifest(name, text, B)]);
}

async function getJson(ns: string, ref: string): Promise<Record<string, any>> {
  const r = await kubectl(['get', '-n', ns, ref, '-o', 'json', '--show-managed-fields']);
  expect(r.stderr).toBe('');
  // generated names and the node the scheduler picked differ between any two pods
  const o = JSON.parse(r.stdout.replaceAll(ns, 'NS').replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-XXXXX'));
  if (o.spec?.nodeName) o.spec.nodeName = 'NODE';
  return o;
}

/** What both tools decide about an object: metadata (managedFields with their order, times as present/absent), spec, data. */
async function state(ns: string, ref: string) {
  const o = await getJson(ns, ref);
  const { resourceVersion: _rv, uid: _u, creationTimestamp: _c, managedFields, ...meta } = o.metadata;
  const fields = (managedFields ?? [])
    // controllers write on their own schedule
    .filter((f: { manager: string }) => !/controller|kwok/.test(f.manager))
    .map((f: Record<string, unknown>) => ({ ...f, time: 'time' in f }));
  return { meta, fields, spec: o.spec, data: o.data };
}

async function expectSameObject(ref: string) {
  const [a, b] = await Promise.all([state(A, ref), state(B, ref)]);
  expect(a).toEqual(b);
  return a;
}

/** Waits until the deployment controller has written its status for the current generation. */
async function settled(ns: string, ref: string): Promise<void> {
  for (;;) {
    const o = await getJson(ns, ref);
    const conds: Array<{ type: string; reason?: string }> = o.status?.conditions ?? [];
    if (o.status?.observedGeneration === o.metadata.generation && conds.some((c) => c.type === 'Progressing' && c.reason === 'NewReplicaSetAvailable')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function resourceVersions(ref: string): Promise<[string, string]> {
  const [a, b] = await Promise.all([getJson(A, ref), getJson(B, ref)]);
  return [a.metadata.resourceVersion, b.metadata.resourceVersion];
}

describe('no-op re-apply sends no write', () => {
  test('a manifest with null values: created without them, re-applied without a change (resourceVersion kept)', async () => {
    await write2(
      'null.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep-null
spec:
  replicas: 0
  selector:
    matchLabels: {l1: l1}
  template:
    metadata:
      labels: {l1: l1}
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx:1.7.9
          resources:
            requests:
              memory: "64Mi"
              cpu: null
          terminationMessagePolicy: null
---
kind: ResourceQuota
apiVersion: v1
metadata:
  name: rq-null
spec:
  hard:
    limits.cpu: null
    limits.memory: null
`,
    );
    let r = await both(['apply', '-f', 'FILE:null.yaml']);
    expect(r.ktl.stdout).toBe('deployment.apps/dep-null created\nresourcequota/rq-null created\n');
    expect(r.ktl).toEqual(r.kubectl);
    const spec = (await expectSameObject('deployment/dep-null')).spec;
    // a null quantity sent on create would be stored as "0"
    expect(spec.template.spec.containers[0].resources).toEqual({ requests: { memory: '64Mi' } });
    await expectSameObject('resourcequota/rq-null');
    await Promise.all([settled(A, 'deployment/dep-null'), settled(B, 'deployment/dep-null')]);
    const before = await resourceVersions('deployment/dep-null');
    const rqBefore = await resourceVersions('resourcequota/rq-null');
    r = await both(['apply', '-f', 'FILE:null.yaml']);
    expect(r.ktl.stdout).toBe('deployment.apps/dep-null configured\nresourcequota/rq-null configured\n');
    expect(r.ktl).toEqual(r.kubectl);
    expect(await resourceVersions('deployment/dep-null')).toEqual(before);
    expect(await resourceVersions('resourcequota/rq-null')).toEqual(rqBefore);
    await expectSameObject('deployment/dep-null');
  });
});

describe('objects carrying metadata.resourceVersion (piped from get -o yaml)', () => {
  const withRv = `apiVersion: v1
kind: ConfigMap
metadata:
  name: rv
  resourceVersion: "12345"
  uid: 0b0e5a4c-1111-2222-3333-444455556666
  creationTimestamp: "2026-01-01T00:00:00Z"
data:
  key: value
`;

  test('create -f, replace --force, apply (create) clear it and succeed; a stale one on an existing object is a Conflict; apply --force recreates', async () => {
    await write2('rv.yaml', withRv);
    let r = await both(['create', '-f', 'FILE:rv.yaml']);
    expect(r.ktl.stdout).toBe('configmap/rv created\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['replace', '--force', '-f', 'FILE:rv.yaml']);
    expect(r.ktl.stdout).toBe('configmap "rv" deleted\nconfigmap/rv replaced\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['delete', 'configmap', 'rv']);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', '-f', 'FILE:rv.yaml']);
    expect(r.ktl.stdout).toBe('configmap/rv created\n');
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/rv');
    // the stale resourceVersion is a precondition: kubectl retries, then reports the Conflict
    r = await both(['apply', '-f', 'FILE:rv.yaml']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toContain('Error from server (Conflict): error when applying patch:');
    expect(r.ktl.stderr).toContain('the object has been modified; please apply your changes to the latest version and try again');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', '-f', 'FILE:rv.yaml', '--force']);
    expect(r.ktl.stdout).toBe('configmap/rv configured\n');
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/rv');
  }, 60_000);
});

describe('client-side to server-side apply: kubectl 1.33 managed-fields migration', () => {
  const cm = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: NAME
  annotations: {note: one}
  labels: {a: b}
data: {${data}}
`;

  test('to the default manager: fields dropped later are removed, annotation kept by kubectl-last-applied', async () => {
    await write2('m1.yaml', cm('key: value, legacy: unused').replace('NAME', 'mig'));
    await write2('m2.yaml', cm('key: value').replace('NAME', 'mig'));
    await both(['apply', '-f', 'FILE:m1.yaml']);
    // another writer in between: its entry must stay where it is
    await Promise.all([kubectl(['label', '-n', A, 'cm', 'mig', 'x=y']), kubectl(['label', '-n', B, 'cm', 'mig', 'x=y'])]);
    let r = await both(['apply', '--server-side', '-f', 'FILE:m1.yaml']);
    expect(r.ktl.stdout).toBe('configmap/mig serverside-applied\n');
    expect(r.ktl).toEqual(r.kubectl);
    const s = await expectSameObject('configmap/mig');
    expect(s.fields.map((f: { manager: string }) => f.manager)).toContain('kubectl-last-applied');
    r = await both(['apply', '--server-side', '-f', 'FILE:m2.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    expect((await expectSameObject('configmap/mig')).data).toEqual({ key: 'value' });
    // and back to client-side
    r = await both(['apply', '-f', 'FILE:m1.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/mig');
  });

  test('to another --field-manager: the client-side fields (annotation included) move to it, so the annotation goes', async () => {
    await write2('o1.yaml', cm('key: value, legacy: unused').replace('NAME', 'other'));
    await both(['apply', '-f', 'FILE:o1.yaml']);
    let r = await both(['apply', '--server-side', '--field-manager=other', '-f', 'FILE:o1.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    const s = await expectSameObject('configmap/other');
    expect(Object.keys(s.meta.annotations)).toEqual(['note']);
    r = await both(['apply', '--server-side', '-f', 'FILE:o1.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/other');
  });

  test('a conflicting change with another manager fails as kubectl; --dry-run=server warns as kubectl and changes nothing', async () => {
    const pod = (label: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: test-cm
data: {name: ${label}}
`;
    await write2('p1.yaml', pod('test-pod-label'));
    await write2('p2.yaml', pod('test-pod-applied'));
    await both(['apply', '-f', 'FILE:p1.yaml']);
    const before = await resourceVersions('configmap/test-cm');
    let r = await both(['apply', '--server-side', '--dry-run=server', '-f', 'FILE:p2.yaml']);
    expect(r.ktl.stderr).toContain('Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply.');
    expect(r.ktl).toEqual(r.kubectl);
    expect(await resourceVersions('configmap/test-cm')).toEqual(before);
    r = await both(['apply', '--server-side', '--field-manager=not-kubectl', '-f', 'FILE:p2.yaml']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', '--server-side', '-f', 'FILE:p2.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/test-cm');
    r = await both(['apply', '--server-side', '--field-manager=not-kubectl', '-f', 'FILE:p1.yaml']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
  });
});

describe('flags checked as kubectl checks them, before anything is applied', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: flags
  labels: {g: "true"}
spec:
  containers: [{name: c, image: registry.k8s.io/pause:3.10}]
`;
  const cases: string[][] = [
    ['--prune', '--force', '-l', 'g=true'],
    ['--server-side', '--force'],
    ['--server-side', '--prune', '-l', 'g=true'],
    ['--subresource=status'],
    ['--cascade=bad'],
    ['--prune', '--all', '--prune-allowlist=foo'],
    ['--prune', '--all', '--prune-allowlist=core/v1/Foo'],
    ['--prune', '--all', '--prune-allowlist=core/v1/Foo', '--force'],
    ['--prune', '--all', '-l', 'g=true'],
    ['--dry-run=server', '--force'],
  ];
  test.each(cases)('apply %s', async (...flags) => {
    await write2('flags.yaml', pod);
    const r = await both(['apply', '-f', 'FILE:flags.yaml', ...flags]);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    const [a, b] = await Promise.all([kubectl(['get', '-n', A, 'pod/flags']), kubectl(['get', '-n', B, 'pod/flags'])]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
  });

  test('--prune-allowlist without --prune is accepted', async () => {
    await write2('flags.yaml', pod);
    const r = await both(['apply', '-f', 'FILE:flags.yaml', '--prune-allowlist=core/v1/Pod', '--dry-run=client']);
    expect(r.ktl.stdout).toBe('pod/flags created (dry run)\n');
    expect(r.ktl).toEqual(r.kubectl);
  });
});

describe('apply --prune', () => {
  const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {prune-group: "true"}
spec:
  containers: [{name: c, image: registry.k8s.io/pause:3.10}]
`;
  const badCm = `apiVersion: v1
kind: ConfigMap
metadata: {name: BAD, labels: {prune-group: "true"}}
`;

  test('nothing is pruned when an object failed; then the pruned pod is deleted with the same options (Terminating alike)', async () => {
    await write2('pa.yaml', pod('pa'));
    await write2('pb.yaml', pod('pb') + '---\n' + badCm);
    await write2('pc.yaml', pod('pc'));
    let r = await both(['apply', '-l', 'prune-group=true', '-f', 'FILE:pa.yaml']);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both(['apply', '--prune', '-l', 'prune-group=true', '-f', 'FILE:pb.yaml']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('pod/pa');
    r = await both(['apply', '--prune', '-l', 'prune-group=true', '-f', 'FILE:pc.yaml', '--grace-period=7']);
    expect(r.ktl.stdout).toBe('pod/pc created\npod/pa pruned\npod/pb pruned\n');
    expect(r.ktl).toEqual(r.kubectl);
    // deleted with the options given: gone or Terminating in both namespaces
    for (const ns of [A, B]) {
      for (const name of ['pa', 'pb']) {
        const g = await kubectl(['get', '-n', ns, 'pod', name, '-o', 'jsonpath={.metadata.deletionTimestamp}']);
        if (g.code === 0) expect(g.stdout).not.toBe('');
        else expect(g.stderr).toContain('not found');
      }
    }
  });
});
