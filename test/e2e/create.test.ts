/**
 * `ktl create` against kubectl.1.33 on the real cluster, in twin namespaces:
 * create -f (created, AlreadyExists naming the file), generators sent to the
 * server, role/clusterrole (which need discovery), job --from=cronjob.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-create-a');
const B = uniqueNamespace('ktl-create-b');
let dir = '';

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-create-');
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(path.join(dir, ns), 'FILE').replaceAll(ns, 'NS'),
  stderr: r.stderr.replaceAll(path.join(dir, ns), 'FILE').replaceAll(ns, 'NS'),
});
async function both(args: string[]) {
  const [a, b] = await Promise.all([
    ktl(['-n', A, ...args.map((x) => x.replaceAll('FILE', path.join(dir, A)))]),
    kubectl(['-n', B, ...args.map((x) => x.replaceAll('FILE', path.join(dir, B)))]),
  ]);
  return { ktl: norm(a, A), kubectl: norm(b, B) };
}
/** The live object with what always differs removed. */
async function live(ns: string, ref: string) {
  const r = await kubectl(['get', '-n', ns, ref, '-o', 'json']);
  const o = JSON.parse(r.stdout.replaceAll(ns, 'NS'));
  const { resourceVersion: _r, uid: _u, creationTimestamp: _c, managedFields, ...meta } = o.metadata;
  return { meta, spec: o.spec, data: o.data, managers: (managedFields ?? []).map((f: { manager: string }) => f.manager) };
}

describe('create, ktl vs kubectl.1.33', () => {
  test('create -f: created, then AlreadyExists with the file name, exit 1', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fromfile\ndata:\n  a: "1"\n';
    await Promise.all([writeFile(path.join(dir, A), text), writeFile(path.join(dir, B), text)]);
    let r = await both(['create', '-f', 'FILE', '--save-config']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl).toEqual({ code: 0, stdout: 'configmap/fromfile created\n', stderr: '' });
    const [la, lb] = await Promise.all([live(A, 'cm/fromfile'), live(B, 'cm/fromfile')]);
    expect(la).toEqual(lb);
    r = await both(['create', '-f', 'FILE']);
    expect(r.ktl).toEqual(r.kubectl);
    expect(r.ktl.stderr).toBe('Error from server (AlreadyExists): error when creating "FILE": configmaps "fromfile" already exists\n');
  });

  test('generators sent to the server: same objects, same field manager', async () => {
    for (const args of [
      ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
      ['create', 'configmap', 'cm1', '--from-literal=a=1'],
      ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'],
      ['create', 'serviceaccount', 'sa1'],
      ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
      ['create', 'configmap', 'hashed', '--from-literal=a=1', '--append-hash'],
      ['create', 'secret', 'generic', 'shashed', '--from-literal=a=1', '--append-hash'],
    ]) {
      const r = await both(args);
      expect(r.ktl).toEqual(r.kubectl);
      expect(r.ktl.code).toBe(0);
    }
    for (const ref of ['deployment/web', 'cm/cm1', 'service/svc1', 'sa/sa1', 'cronjob/cj1', 'cm/hashed-tt42b4m6hd', 'secret/shashed-ct96c7dhkm']) {
      const [la, lb] = await Promise.all([live(A, ref), live(B, ref)]);
      if (ref === 'service/svc1') {
        // cluster IPs are allocated per object
        for (const l of [la, lb]) delete (l.spec as Record<string, unknown>).clusterIP, delete (l.spec as Record<string, unknown>).clusterIPs;
      }
      expect(la).toEqual(lb);
    }
    const r = await both(['create', 'serviceaccount', 'sa1', '--dry-run=server', '-o', 'name']);
    expect(r.ktl.stderr).toBe('error: failed to create serviceaccount: serviceaccounts "sa1" already exists\n');
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('role and clusterrole resolve resources through discovery; job --from=cronjob', async () => {
    for (const args of [
      ['create', 'role', 'r1', '--verb=get,list', '--verb=watch', '--resource=pods,deployments.apps,pods/status', '--resource-name=a', '--dry-run=client', '-o', 'json'],
      ['create', 'clusterrole', 'cr1', '--verb=get', '--resource=deploy,rs', '--dry-run=client', '-o', 'yaml'],
      ['create', 'job', 'manual', '--from=cronjob/cj1', '--dry-run=client', '-o', 'yaml'],
    ]) {
      const r = await both(args);
      // the owner reference names each namespace's own cron job uid
      const strip = (s: string) => s.replace(/uid: [0-9a-f-]{36}/g, 'uid: UID');
      expect({ ...r.ktl, stdout: strip(r.ktl.stdout) }).toEqual({ ...r.kubectl, stdout: strip(r.kubectl.stdout) });
      expect(r.ktl.code).toBe(0);
    }
  });

  test('what the server answered, printed as kubectl\'s typed clients print it: struct order, creationTimestamp: null in templates', async () => {
    // uids, timestamps, generated names and tokens differ per object; everything else, key order included, must not
    const strip = (s: string) =>
      s
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, 'TIME')
        .replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-XXXXX')
        .replace(/"?token"?: "?[A-Za-z0-9_.-]{100,}"?/g, 'token: TOKEN');
    const cases: string[][] = [
      ['create', 'deployment', 'd2', '--image=nginx', '--replicas=2', '--port=80', '--dry-run=server', '-o', 'json'],
      ['create', 'deployment', 'd2', '--image=nginx', '--dry-run=server', '-o', 'yaml'],
      ['create', 'job', 'j2', '--image=busybox', '--dry-run=server', '-o', 'json'],
      ['create', 'cronjob', 'c2', '--image=busybox', '--schedule=* * * * *', '--dry-run=server', '-o', 'json'],
      ['create', 'cronjob', 'c2', '--image=busybox', '--schedule=* * * * *', '--dry-run=server', '-o', 'yaml'],
      ['create', 'configmap', 'c3', '--from-literal=a=b', '--dry-run=server', '-o', 'json'],
      ['create', 'service', 'nodeport', 's2', '--tcp=80:8080', '--dry-run=server', '-o', 'json'],
      ['create', 'quota', 'q2', '--hard=pods=3', '--dry-run=server', '-o', 'json'],
      ['create', 'role', 'r2', '--verb=get', '--resource=pods', '--dry-run=server', '-o', 'json'],
      ['create', 'poddisruptionbudget', 'p2', '--selector=a=b', '--max-unavailable=1', '--dry-run=server', '-o', 'json'],
      ['run', 'p1', '--image=nginx', '--dry-run=server', '-o', 'json'],
      ['expose', 'deployment', 'web', '--name=w3', '--port=82', '--dry-run=server', '-o', 'json'],
      ['create', 'token', 'sa1', '-o', 'json'],
      // an unstructured path stays sorted, as kubectl prints it
      ['create', '-f', 'FILE', '--dry-run=server', '-o', 'json'],
    ];
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed\ndata:\n  b: "2"\n  a: "1"\n';
    await Promise.all([writeFile(path.join(dir, A), text), writeFile(path.join(dir, B), text)]);
    for (const args of cases) {
      const r = await both(args);
      expect([args.join(' '), { ...r.ktl, stdout: strip(r.ktl.stdout) }]).toEqual([args.join(' '), { ...r.kubectl, stdout: strip(r.kubectl.stdout) }]);
      expect(r.ktl.code).toBe(0);
    }
  });
});
