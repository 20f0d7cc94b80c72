/**
 * `ktl apply` against kubectl.1.33 on the real cluster: the same manifests go
 * to twin namespaces (ktl -> A, kubectl -> B); printed lines, exit codes and
 * the resulting objects (spec, labels, annotations incl. last-applied) must
 * be equal once the namespace names are swapped.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-apply-a');
const B = uniqueNamespace('ktl-apply-b');
let dir = '';

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-apply-');
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

/** Writes the manifest for one namespace; NS in the text is replaced. */
async function manifest(name: string, text: string, ns: string): Promise<string> {
  const file = path.join(dir, `${ns}-${name}`);
  await writeFile(file, text.replaceAll('NS', ns));
  return file;
}

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS').replaceAll(path.join(dir, `${ns}-`), ''),
  stderr: r.stderr
    .replaceAll(ns, 'NS')
    .replaceAll(path.join(dir, `${ns}-`), '')
    .replaceAll('ktl', 'kubectl')
    // what always differs between two objects or runs: UIDs, klog time and pid
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
    .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID '),
});

/** Applies the same manifest with both tools (ktl in A, kubectl in B). */
async function both(name: string, text: string, extra: string[] = []) {
  const [fa, fb] = await Promise.all([manifest(name, text, A), manifest(name, text, B)]);
  const [a, b] = await Promise.all([ktl(['apply', '-f', fa, ...extra]), kubectl(['apply', '-f', fb, ...extra])]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

/** The parts of a live object both tools control, with the namespace swapped out. */
async function state(ns: string, ref: string) {
  const r = await kubectl(['get', '-n', ns, ref, '-o', 'json']);
  if (r.code !== 0) return { missing: r.stderr.replaceAll(ns, 'NS') };
  const o = JSON.parse(r.stdout.replaceAll(ns, 'NS'));
  const { resourceVersion: _rv, uid: _u, creationTimestamp: _c, generation: _g, managedFields, ...meta } = o.metadata;
  const managers = (managedFields ?? []).map((f: { manager: string; operation: string }) => `${f.manager}/${f.operation}`).sort();
  return { meta, spec: o.spec, data: o.data, managers };
}

async function expectSameObject(ref: string) {
  const [a, b] = await Promise.all([state(A, ref), state(B, ref)]);
  expect(a).toEqual(b);
  return a;
}

const deployment = (body: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: NS
${body}`;

const V1 = deployment(`  labels: {app: web, tier: fe}
  annotations: {team: a, note: x}
spec:
  replicas: 1
  progressDeadlineSeconds: 300
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
  template:
    metadata: {labels: {app: web}}
    spec:
      tolerations: [{key: a, operator: Exists}]
      volumes: [{name: v1, emptyDir: {}}, {name: v2, emptyDir: {}}]
      containers:
      - name: app
        image: nginx:1
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
        ports: [{containerPort: 80, protocol: TCP}, {containerPort: 81, protocol: UDP}]
        volumeMounts: [{name: v1, mountPath: /a}, {name: v2, mountPath: /b}]
      - name: side
        image: busybox
`);

const V2 = deployment(`  labels: {app: web}
  annotations: {team: a}
spec:
  replicas: 2
  progressDeadlineSeconds: null
  selector: {matchLabels: {app: web}}
  strategy: {type: Recreate}
  template:
    metadata: {labels: {app: web}}
    spec:
      volumes: [{name: v2, emptyDir: {}}]
      containers:
      - name: extra
        image: busybox
      - name: app
        image: nginx:2
        env: [{name: B, value: "3"}, {name: C, value: "4"}]
        ports: [{containerPort: 81, protocol: UDP}]
        volumeMounts: [{name: v2, mountPath: /b}]
`);

describe('client-side apply matches kubectl', () => {
  test('first apply, re-apply, changes, removed list elements, null, retainKeys switch', async () => {
    const steps = [V1, V1, V2, V2, V1];
    for (const [i, text] of steps.entries()) {
      const r = await both(`deploy-${i}.yaml`, text);
      expect(r.ktl).toEqual(r.kubectl);
      await expectSameObject('deployment/web');
    }
  });

  test('fields set by other actors are kept, and the two tools take turns without fights', async () => {
    for (const ns of [A, B]) {
      await kubectl(['label', '-n', ns, 'deployment/web', 'owner=ops']);
      await kubectl(['set', 'env', '-n', ns, 'deployment/web', '-c', 'app', 'EXTRA=1']);
    }
    const r = await both('deploy-other.yaml', V2);
    expect(r.ktl).toEqual(r.kubectl);
    const s = await expectSameObject('deployment/web');
    expect((s as { meta: { labels: Record<string, string> } }).meta.labels.owner).toBe('ops');
  });

  test('kubectl applies, ktl re-applies (and the reverse): no spurious change', async () => {
    const v1 = V1.replace('name: web', 'name: turns');
    const v2 = V2.replace('name: web', 'name: turns').replace('  progressDeadlineSeconds: null\n', '');
    const f1 = await manifest('turns-v1.yaml', v1, A);
    const f2 = await manifest('turns-v2.yaml', v2, A);
    expect((await kubectl(['apply', '-f', f1])).stdout).toBe('deployment.apps/turns created\n');
    expect((await ktl(['apply', '-f', f1])).stdout).toBe('deployment.apps/turns unchanged\n');
    expect((await ktl(['apply', '-f', f2])).stdout).toBe('deployment.apps/turns configured\n');
    expect((await kubectl(['apply', '-f', f2])).stdout).toBe('deployment.apps/turns unchanged\n');
    expect((await kubectl(['apply', '-f', f1])).stdout).toBe('deployment.apps/turns configured\n');
    expect((await ktl(['apply', '-f', f1])).stdout).toBe('deployment.apps/turns unchanged\n');
  });

  test('a multi-document file with bad objects: the others are applied, errors listed, exit 1', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: good1}
data: {a: "1"}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: bad_name}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: good2, namespace: other-ns-x}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: good3}
`;
    const [fa, fb] = await Promise.all([manifest('multi.yaml', text, A), manifest('multi.yaml', text, B)]);
    for (const extra of [[], ['--dry-run=client'], ['--dry-run=server']]) {
      const [a, b] = await Promise.all([ktl(['apply', '-n', A, '-f', fa, ...extra]), kubectl(['apply', '-n', B, '-f', fb, ...extra])]);
      expect(a.code).toBe(1);
      expect(norm(a, A)).toEqual(norm(b, B));
    }
    await expectSameObject('configmap/good1');
    await expectSameObject('configmap/good3');
  });

  test('dry runs print kubectl\'s suffixes and change nothing', async () => {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry, namespace: NS}\ndata: {a: "1"}\n`;
    for (const d of ['--dry-run=client', '--dry-run=server']) {
      const r = await both('dry.yaml', cm, [d]);
      expect(r.ktl).toEqual(r.kubectl);
    }
    expect(await state(A, 'configmap/dry')).toEqual(await state(B, 'configmap/dry'));
    const r = await both('dry.yaml', cm);
    expect(r.ktl.stdout).toBe('configmap/dry created\n');
    for (const d of ['--dry-run=client', '--dry-run=server']) {
      const r2 = await both('dry2.yaml', cm.replace('"1"', '"2"'), [d]);
      expect(r2.ktl).toEqual(r2.kubectl);
    }
    await expectSameObject('configmap/dry');
  });

  test('--prune -l deletes what left the manifest', async () => {
    const two = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p1, namespace: NS, labels: {set: p}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: p2, namespace: NS, labels: {set: p}}\n`;
    const one = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p1, namespace: NS, labels: {set: p}}\n`;
    const allow = ['--prune', '-l', 'set=p', '--prune-allowlist=core/v1/ConfigMap'];
    expect((await both('prune1.yaml', two, allow)).ktl.stdout).toBe('configmap/p1 created\nconfigmap/p2 created\n');
    for (const extra of [['--dry-run=client'], ['--dry-run=server'], []]) {
      const r = await both('prune2.yaml', one, [...allow, ...extra]);
      expect(r.ktl).toEqual(r.kubectl);
    }
    expect((await state(A, 'configmap/p2')).missing).toContain('not found');
    expect(await state(A, 'configmap/p2')).toEqual(await state(B, 'configmap/p2'));
  });

  test('immutable field change fails the same way; --force recreates', async () => {
    const job = (image: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: NS}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: ${image}}]\n`;
    await both('job1.yaml', job('busybox:1'));
    const r = await both('job2.yaml', job('busybox:2'));
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
  });
});

describe('server-side apply matches kubectl', () => {
  test('serverside-applied, then a conflict and --force-conflicts', async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: NS}\ndata: {a: "${v}"}\n`;
    let r = await both('ssa1.yaml', cm('1'), ['--server-side']);
    expect(r.ktl.stdout).toBe('configmap/ssa serverside-applied\n');
    expect(r.ktl).toEqual(r.kubectl);
    r = await both('ssa2.yaml', cm('2'), ['--server-side', '--field-manager=other']);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
    r = await both('ssa3.yaml', cm('2'), ['--server-side', '--field-manager=other', '--force-conflicts']);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/ssa');
  });

  test('switching a client-side applied object to server-side keeps last-applied in step', async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mix, namespace: NS}\ndata: {a: "${v}"}\n`;
    await both('mix1.yaml', cm('1'));
    const r = await both('mix2.yaml', cm('2'), ['--server-side']);
    expect(r.ktl).toEqual(r.kubectl);
    await expectSameObject('configmap/mix');
  });
});
