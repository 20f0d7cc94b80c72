/**
 * ktl cluster-info dump against kubectl 1.33 on one namespace of the local
 * cluster (kwok serves the pods' logs): stdout as JSON and YAML, the
 * --output-directory tree, and the failures. Both tools run at the same
 * moment; only what changes between two reads is normalised (resource
 * versions, timestamps: kwok's node heartbeats, events' times).
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { applyObjects, givePodLogs, removePodFiles, until } from './kubelet-env.js';

const NS = uniqueNamespace('fx-h-dump');
const IMAGE = 'registry.k8s.io/pause:3.10';
let dir = '';

const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { app: name } },
  spec: { terminationGracePeriodSeconds: 0, ...spec },
});
const template = (app: string, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app } },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: IMAGE }], ...extra },
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-e2e-dump-'));
  await kubectl(['create', 'ns', NS]);
  await applyObjects(
    pod('web', {
      initContainers: [{ name: 'setup', image: IMAGE }],
      containers: [
        { name: 'app', image: IMAGE },
        { name: 'sidecar', image: IMAGE },
      ],
    }),
    // its second container has no log kwok can serve: the error goes into the dump
    pod('partial', {
      containers: [
        { name: 'app', image: IMAGE },
        { name: 'extra', image: IMAGE },
      ],
    }),
    // never scheduled (no node has the label): an empty log; its ephemeral claim template has no creationTimestamp
    pod('pending', {
      nodeSelector: { 'fx-h-dump': 'nowhere' },
      containers: [{ name: 'app', image: IMAGE }],
      volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } }],
    }),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dep', namespace: NS }, spec: { replicas: 1, selector: { matchLabels: { app: 'dep' } }, template: template('dep') } },
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: NS }, spec: { replicas: 0, selector: { app: 'rc' }, template: template('rc') } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds', namespace: NS },
      spec: { selector: { matchLabels: { app: 'ds' } }, template: template('ds', { nodeSelector: { 'fx-h-dump': 'nowhere' } }) },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  );
  const r = await kubectl(['wait', '-n', NS, '--for=condition=Ready', '--timeout=90s', 'pod/web', 'pod/partial']);
  if (r.code !== 0) throw new Error(r.stderr);
  await kubectl(['rollout', 'status', '-n', NS, 'deployment/dep', '--timeout=90s']);
  await givePodLogs(NS, 'web', { setup: { current: ['setup done'] }, app: { current: ['app 1', 'app 2 (stderr)'] }, sidecar: { current: ['sidecar 1'] } });
  await givePodLogs(NS, 'partial', { app: { current: ['partial app'] } });
  // the deployment's pod and the replica set are settled once their status says so
  await until('the deployment available', async () => {
    const s = await kubectl(['get', 'deployment', 'dep', '-n', NS, '-o', 'jsonpath={.status.availableReplicas}']);
    return s.stdout === '1' ? true : undefined;
  });
}, 180_000);

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await removePodFiles(NS);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What two reads a moment apart may see differently. */
function normalise(s: string): string {
  return s
    .replace(/("resourceVersion": |resourceVersion: )"\d+"/g, '$1"RV"')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replaceAll("'ktl ", "'kubectl ");
}
const norm = (r: ProcResult): ProcResult => ({ code: r.code, stdout: normalise(r.stdout), stderr: normalise(r.stderr) });

async function both(args: string[]): Promise<{ ktl: ProcResult; kubectl: ProcResult }> {
  const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
  return { ktl: norm(a), kubectl: norm(b) };
}

/** Every file under a folder, by relative path. */
async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const p = path.join(f.parentPath, f.name);
    out[path.relative(root, p)] = normalise(await readFile(p, 'utf8'));
  }
  return out;
}

describe('cluster-info dump matches kubectl', () => {
  test.each([[['-o', 'json']], [['-o', 'yaml']], [['-o', 'jsonpath={.kind} {.items[*].metadata.name}{"\\n"}']]])('--namespaces NS %j: lists and logs on stdout', async (extra) => {
    const r = await both(['cluster-info', 'dump', '--namespaces', NS, ...extra]);
    expect(r.ktl.code).toBe(0);
    expect(r.ktl.stdout).toContain(`==== START logs for container setup of pod ${NS}/web ====\nsetup done\n`);
    expect(r.ktl.stdout).toContain(`==== START logs for container extra of pod ${NS}/partial ====\nRequest log error: `);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('--output-directory: the same files with the same bytes, and the same last line', async () => {
    const [a, b] = await Promise.all([
      ktl(['cluster-info', 'dump', '--namespaces', NS, '--output-directory', path.join(dir, 'ktl')]),
      kubectl(['cluster-info', 'dump', '--namespaces', NS, '--output-directory', path.join(dir, 'kubectl')]),
    ]);
    expect(a).toEqual({ code: 0, stdout: `Cluster info dumped to ${path.join(dir, 'ktl')}\n`, stderr: '' });
    expect(b).toEqual({ code: 0, stdout: `Cluster info dumped to ${path.join(dir, 'kubectl')}\n`, stderr: '' });
    const [t, k] = await Promise.all([tree(path.join(dir, 'ktl')), tree(path.join(dir, 'kubectl'))]);
    expect(Object.keys(t).sort()).toContain(`${NS}/partial/logs.txt`);
    expect(t).toEqual(k);
  });

  test.each([
    [['--namespaces', 'a/b']],
    [['--namespaces', NS, '-o', 'name']],
    [['--namespaces', NS, '-o', 'wide']],
    [['--namespaces', NS, '--pod-running-timeout=0']],
    [['--namespaces', NS, '--pod-running-timeout=soon']],
  ])('failure %j: the same output, error and exit code', async (extra) => {
    const r = await both(['cluster-info', 'dump', ...extra]);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl).toEqual(r.kubectl);
  });

  test('an --output-directory under a file: the same mkdir error', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    const r = await both(['cluster-info', 'dump', '--namespaces', NS, '--output-directory', path.join(file, 'sub')]);
    expect(r.ktl).toEqual({ code: 1, stdout: '', stderr: `error: mkdir ${file}: not a directory\n` });
    expect(r.ktl).toEqual(r.kubectl);
  });
});
