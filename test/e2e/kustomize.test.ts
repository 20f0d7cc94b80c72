/**
 * -k against kubectl.1.33 on the real cluster: the same kustomization (an
 * overlay on a base, with a generated ConfigMap whose hashed name the
 * Deployment refers to) applied by ktl into namespace A and by kubectl into B;
 * then a changed overlay re-applied (created/configured/unchanged lines),
 * `get -k`, `create -k` of an existing object, `delete -k`.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-kust-a');
const B = uniqueNamespace('ktl-kust-b');
let dir = '';

const BASE = {
  'kustomization.yaml': `resources:
- deployment.yaml
- service.yaml
configMapGenerator:
- name: settings
  literals:
  - MODE=blue
`,
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        envFrom:
        - configMapRef:
            name: settings
`,
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`,
};

const overlay = (ns: string, mode: string, replicas: number) => `namespace: ${ns}
namePrefix: prod-
resources:
- ../base
labels:
- pairs:
    env: prod
configMapGenerator:
- name: settings
  behavior: merge
  literals:
  - MODE=${mode}
replicas:
- name: web
  count: ${replicas}
`;

async function writeTree(ns: string, mode: string, replicas: number): Promise<string> {
  const root = path.join(dir, ns);
  await mkdir(path.join(root, 'base'), { recursive: true });
  await mkdir(path.join(root, 'overlay'), { recursive: true });
  for (const [f, text] of Object.entries(BASE)) await writeFile(path.join(root, 'base', f), text);
  await writeFile(path.join(root, 'overlay', 'kustomization.yaml'), overlay(ns, mode, replicas));
  return path.join(root, 'overlay');
}

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(ns, 'NS').replace(/\b\d+(s|m)\b/g, 'AGE'),
  stderr: r.stderr.replaceAll(ns, 'NS').replaceAll(path.join(dir, ns), 'DIR').replaceAll('ktl', 'kubectl'),
});

async function both(args: (d: string) => string[], mode = 'blue', replicas = 1) {
  const [da, db] = await Promise.all([writeTree(A, mode, replicas), writeTree(B, mode, replicas)]);
  const [a, b] = await Promise.all([ktl(args(da)), kubectl(args(db))]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}

async function state(ns: string) {
  const r = await kubectl(['get', '-n', ns, 'deploy,svc,cm', '-l', 'env=prod', '-o', 'json']);
  const list = JSON.parse(r.stdout.replaceAll(ns, 'NS')) as { items: Array<Record<string, Record<string, unknown>>> };
  return list.items.map((o) => {
    const { resourceVersion: _rv, uid: _u, creationTimestamp: _c, generation: _g, managedFields: _m, ...meta } = o.metadata!;
    const spec = { ...(o.spec ?? {}) } as Record<string, unknown>;
    delete spec.clusterIP;
    delete spec.clusterIPs;
    return { kind: o.kind, meta, spec, data: o.data };
  });
}

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-kustomize-');
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

describe('-k on the cluster, compared with kubectl', () => {
  test('apply -k creates the overlay: same lines, same objects', async () => {
    const r = await both((d) => ['apply', '-k', d]);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toMatch(/^configmap\/prod-settings-\w+ created\nservice\/prod-web created\ndeployment.apps\/prod-web created\n$/);
    expect(await state(A)).toEqual(await state(B));
  });

  test('re-applying the same overlay: unchanged lines', async () => {
    const r = await both((d) => ['apply', '-k', d]);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toMatch(/unchanged\n.*unchanged\n.*unchanged\n$/);
  });

  test('a changed overlay: a new ConfigMap name, the Deployment configured, the Service unchanged', async () => {
    const r = await both((d) => ['apply', '-k', d], 'green', 2);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toMatch(/created\nservice\/prod-web unchanged\ndeployment.apps\/prod-web configured\n$/);
    expect(await state(A)).toEqual(await state(B));
  });

  test('get -k lists the objects the kustomization names (table and -o name)', async () => {
    const r = await both((d) => ['get', '-k', d, '-o', 'name'], 'green', 2);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout.split('\n')).toHaveLength(4);
    // the table: same headers and names (cluster IPs and rollout progress differ between the twins)
    const t = await both((d) => ['get', '-k', d], 'green', 2);
    const firstColumn = (s: string) => s.split('\n').map((l) => l.split(/\s+/)[0]);
    expect({ ...t.ktl, stdout: firstColumn(t.ktl.stdout) }).toEqual({ ...t.kubectl, stdout: firstColumn(t.kubectl.stdout) });
  });

  test('create -k of existing objects: the same AlreadyExists errors', async () => {
    const r = await both((d) => ['create', '-k', d], 'green', 2);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.code).toBe(1);
  });

  test('-k with -f, and a directory without a kustomization: the same errors', async () => {
    const r = await both((d) => ['apply', '-k', d, '-f', d]);
    expect(r.ktl).toEqual(r.kubectl);
    const e = await both((d) => ['get', '-k', path.dirname(d)]);
    expect(e.ktl).toEqual(e.kubectl);
    expect(e.ktl.code).toBe(1);
  });

  test('wait has no -k in kubectl 1.33, nor in ktl', async () => {
    const r = await both((d) => ['wait', '-k', d, '--for=create']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.code).toBe(1);
  });

  test('delete -k deletes what the overlay builds', async () => {
    const r = await both((d) => ['delete', '-k', d, '--wait=false'], 'green', 2);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stdout).toMatch(/deleted/);
  });
});
