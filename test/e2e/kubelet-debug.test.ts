/**
 * Differential test of `ktl debug` against kubectl 1.33 on the local
 * cluster: each runs on its own twin pod (or node), then the objects the
 * server holds are compared — the ephemeral container added with each
 * profile, the copy made by --copy-to, the pod made for node/NAME — along
 * with stdout, stderr and exit codes. Only generated names (debugger-xxxxx,
 * node-debugger-NODE-xxxxx, kube-api-access-xxxxx), uids, resourceVersions,
 * timestamps, managedFields, status and the node a copy is scheduled on are
 * normalised.
 *
 * kwok gives ephemeral containers no status, so `debug -i` on an ephemeral
 * container waits forever with both; -i is compared on a copy, whose
 * containers kwok runs (attached until stopped).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, ktlBin, kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { applyObjects, startBackground, until } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-debug');
const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];
const NODE = 'kwok-node-1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A pod with what the profiles touch: probes, an init container, labels, annotations, a volume. */
function target(name: string): object {
  const probe = (port: number) => ({ tcpSocket: { port }, periodSeconds: 30 });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'debug-target' }, annotations: { 'example.com/note': 'n' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      initContainers: [{ name: 'init', image: 'registry.k8s.io/pause:3.10' }],
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.10',
          env: [{ name: 'MODE', value: 'test' }],
          livenessProbe: probe(80),
          readinessProbe: probe(81),
          startupProbe: probe(82),
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
        { name: 'sidecar', image: 'registry.k8s.io/pause:3.10' },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
  };
}

const normaliseText = (s: string) =>
  s
    .replace(/\b(node-debugger-[a-z0-9-]+?-|debugger-|kube-api-access-)[a-z0-9]{5}\b/g, '$1XXXXX')
    .replace(/\b(copy|target)-(ktl|kubectl)\b/g, '$1-TWIN');

/** The object without what differs between any two creations. */
function normalise(obj: Json): Json {
  const o = JSON.parse(normaliseText(JSON.stringify(obj))) as { [k: string]: Json };
  const meta = o.metadata as { [k: string]: Json };
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation']) delete meta[k];
  delete o.status;
  delete (o.spec as { [k: string]: Json }).nodeName;
  return o;
}

async function getPod(name: string): Promise<Json> {
  const r = await kubectl(['get', '-n', NS, 'pod', name, '-o', 'json']);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Json;
}

/** Runs the same debug arguments with ktl on `forKtl` and kubectl on `forKubectl`. */
async function both(args: (twin: 'ktl' | 'kubectl') => string[]) {
  const [a, b] = await Promise.all([ktl(['-n', NS, 'debug', ...args('ktl')]), kubectl(['-n', NS, 'debug', ...args('kubectl')])]);
  return { ktl: a, kubectl: b };
}

function sameRun(r: Awaited<ReturnType<typeof both>>) {
  const view = (x: { code: number; stdout: string; stderr: string }) => ({
    code: x.code,
    stdout: normaliseText(x.stdout),
    stderr: normaliseText(x.stderr.replace(/\bkubectl(\.1\.33)?\b/g, 'ktl')),
  });
  expect(view(r.ktl)).toEqual(view(r.kubectl));
  expect(r.ktl.code).toBe(0);
}

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await applyObjects(target('target-ktl'), target('target-kubectl'));
  await kubectl(['wait', '-n', NS, '--for=condition=Ready', '--timeout=90s', 'pod/target-ktl', 'pod/target-kubectl']);
}, 120_000);
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
});

describe('ktl debug and kubectl debug create the same objects', () => {
  test.each(PROFILES)('an ephemeral container with --profile=%s', async (profile) => {
    const r = await both((t) => [`target-${t}`, '--image=busybox:1.36', `--profile=${profile}`, '-c', `dbg-${profile}`, '--env=PROFILE=' + profile]);
    sameRun(r);
    const [a, b] = await Promise.all([getPod('target-ktl'), getPod('target-kubectl')]);
    const eph = (p: Json) => ((p as { spec: { ephemeralContainers: Json[] } }).spec.ephemeralContainers ?? []).find((c) => (c as { name: string }).name === `dbg-${profile}`);
    expect(eph(a)).toBeDefined();
    expect(eph(a)).toEqual(eph(b));
  });

  test('a generated container name, --target, --arguments-only and -q', async () => {
    const r = await both((t) => [`target-${t}`, '--image=busybox:1.36', '--profile=general', '--target=app', '--arguments-only', '--', 'sleep', '1']);
    sameRun(r);
    expect(r.ktl.stdout).toMatch(/^Targeting container "app"\. .*\nDefaulting debug container name to debugger-[a-z0-9]{5}\.\n$/);
    const name = /debugger-[a-z0-9]{5}/.exec(r.ktl.stdout)![0];
    const kname = /debugger-[a-z0-9]{5}/.exec(r.kubectl.stdout)![0];
    const find = (p: Json, n: string) => (p as { spec: { ephemeralContainers: Array<{ name: string }> } }).spec.ephemeralContainers.find((c) => c.name === n);
    const [a, b] = await Promise.all([getPod('target-ktl'), getPod('target-kubectl')]);
    expect({ ...find(a, name), name: '' }).toEqual({ ...find(b, kname), name: '' });
    // the patch carries $setElementOrder now that the pods have ephemeral containers: the earlier ones are kept
    expect(normalise(a)).toEqual(normalise(b));
    const q = await both((t) => [`target-${t}`, '--image=busybox:1.36', '--profile=baseline', '-q']);
    sameRun(q);
    expect(q.ktl.stdout).toBe('');
  });

  test.each(PROFILES)('--copy-to with --profile=%s', async (profile) => {
    const r = await both((t) => [`target-${t}`, `--copy-to=copy-${t}-${profile}`, '--image=busybox:1.36', `--profile=${profile}`, '-c', 'dbg']);
    sameRun(r);
    const [a, b] = await Promise.all([getPod(`copy-ktl-${profile}`), getPod(`copy-kubectl-${profile}`)]);
    expect(normalise(a)).toEqual(normalise(b));
  });

  test('--copy-to changing an existing container, images and keeping labels, annotations and probes', async () => {
    const r = await both((t) => [
      `target-${t}`,
      `--copy-to=copy-${t}-keep`,
      '--profile=general',
      '-c',
      'app',
      '--set-image=sidecar=busybox:1.36',
      '--keep-labels',
      '--keep-annotations',
      '--keep-liveness',
      '--keep-readiness',
      '--keep-startup',
      '--keep-init-containers=false',
      '--share-processes=false',
      '--same-node',
      '--env=EXTRA=1',
      '--',
      'sleep',
      '1d',
    ]);
    sameRun(r);
    const [a, b] = await Promise.all([getPod('copy-ktl-keep'), getPod('copy-kubectl-keep')]);
    expect(normalise(a)).toEqual(normalise(b));
  });

  test('--copy-to --replace deletes the original', async () => {
    await applyObjects(target('doomed-ktl'), target('doomed-kubectl'));
    const r = await both((t) => [`doomed-${t}`, `--copy-to=copy-${t}-replace`, '--image=busybox:1.36', '--profile=netadmin', '--replace']);
    sameRun(r);
    const [a, b] = await Promise.all([getPod('copy-ktl-replace'), getPod('copy-kubectl-replace')]);
    expect(normalise(a)).toEqual(normalise(b));
    for (const p of ['doomed-ktl', 'doomed-kubectl']) {
      await until(`${p} to be gone`, async () => ((await kubectl(['get', '-n', NS, 'pod', p])).code !== 0 ? true : undefined));
    }
  });

  test.each(PROFILES)('node/NAME with --profile=%s', async (profile) => {
    const r = await both(() => [`node/${NODE}`, '--image=busybox:1.36', `--profile=${profile}`, '--env=P=' + profile]);
    sameRun(r);
    const name = (out: string) => /^Creating debugging pod (\S+) with container debugger on node kwok-node-1\.\n$/.exec(out)![1]!;
    const [a, b] = await Promise.all([getPod(name(r.ktl.stdout)), getPod(name(r.kubectl.stdout))]);
    expect(normalise(a)).toEqual(normalise(b));
  });

  test('refusals: the same message and exit code', async () => {
    for (const args of [
      ['target-ktl', '--profile=general'],
      ['target-ktl', '--image=busybox', '--profile=nope'],
      ['missing-pod', '--image=busybox', '--profile=general'],
      ['deployment/x', '--image=busybox', '--profile=general'],
      ['node/no-such-node', '--image=busybox', '--profile=general'],
      ['target-ktl', '--image=busybox', '--profile=general', '--copy-to=target-ktl', '-c', 'dbg'],
    ]) {
      const [a, b] = await Promise.all([ktl(['-n', NS, 'debug', ...args]), kubectl(['-n', NS, 'debug', ...args])]);
      expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({ code: b.code, stdout: b.stdout, stderr: b.stderr.replace(/\bkubectl(\.1\.33)?\b/g, 'ktl') });
    }
  });

  test('-i on a copy waits until the container runs, then attaches', async () => {
    const start = (bin: string, args: string[]) => startBackground(bin, args);
    const runs = [
      start(process.execPath, [ktlBin, '-n', NS, 'debug', 'target-ktl', '--copy-to=copy-ktl-attach', '--image=busybox:1.36', '--profile=general', '-i', '-c', 'dbg']),
      start(referenceKubectl!, ['-n', NS, 'debug', 'target-kubectl', '--copy-to=copy-kubectl-attach', '--image=busybox:1.36', '--profile=general', '-i', '-c', 'dbg']),
    ];
    try {
      await Promise.all(runs.map((p) => p.waitForOutput(/try pressing enter\.\n/, 60_000)));
      expect(runs[0]!.stdout).toBe(runs[1]!.stdout);
      expect(runs[0]!.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
      expect(runs[1]!.stderr.startsWith(runs[0]!.stderr)).toBe(true);
      const [a, b] = await Promise.all([getPod('copy-ktl-attach'), getPod('copy-kubectl-attach')]);
      expect(normalise(a)).toEqual(normalise(b));
    } finally {
      await Promise.all(runs.map((p) => p.stop()));
    }
  });
});
