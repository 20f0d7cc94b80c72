/**
 * apply --prune deletes with kubectl 1.33's deletion options (issue #20):
 * --grace-period, --cascade (propagation) and --dry-run=server reach the
 * DELETE exactly as kubectl sends them; --wait and --timeout only concern
 * --force re-creation, which --prune refuses. The pruned objects carry a
 * finalizer of the test's own, so what the DELETE did stays visible
 * (deletionTimestamp, deletionGracePeriodSeconds, the finalizers the server
 * added for the propagation); ktl works in namespace A, kubectl in B.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const A = uniqueNamespace('ktl-cprune-a');
const B = uniqueNamespace('ktl-cprune-b');
const HOLD = 'e2e.ktl.dev/hold';
let dir = '';

const CASES: Array<[string, string[]]> = [
  ['defaults', []],
  ['grace-5', ['--grace-period=5']],
  ['grace-0', ['--grace-period=0']],
  ['orphan', ['--cascade=orphan']],
  ['foreground', ['--cascade=foreground']],
  ['wait', ['--wait', '--timeout=5s']],
  ['server-dry-run', ['--dry-run=server']],
  ['client-dry-run', ['--dry-run=client']],
];

const victims = (c: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-${c}
  labels: {case: ${c}}
  finalizers: [${HOLD}]
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-${c}
  labels: {case: ${c}}
  finalizers: [${HOLD}]
spec:
  nodeName: NODE
  terminationGracePeriodSeconds: 40
  containers: [{name: c, image: registry.k8s.io/pause:3.10}]
`;
const keeper = (c: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: keep-${c}
  labels: {case: ${c}}
`;

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-cprune-');
  for (const [c] of CASES) {
    await writeFile(path.join(dir, `all-${c}.yaml`), `${victims(c)}---\n${keeper(c)}`);
    await writeFile(path.join(dir, `keep-${c}.yaml`), keeper(c));
  }
});

/** The case's objects, made just before its prune (the pod's node does not exist: the pod GC would act after 40 s), and a dependent of cm-CASE. */
async function setUp(ns: string, c: string): Promise<void> {
  // a node name never seen before: the pod GC deletes pods of a node missing for 40 s, counted from the first pod it saw there
  const node = `${ns}-${c}`.slice(-63).replace(/^-+/, '');
  const r = await kubectl(['-n', ns, 'apply', '-f', '-'], { input: (await readFile(path.join(dir, `all-${c}.yaml`), 'utf8')).replace('NODE', node) });
  expect(r.code).toBe(0);
  const uid = (await kubectl(['-n', ns, 'get', 'cm', `cm-${c}`, '-o', 'jsonpath={.metadata.uid}'])).stdout;
  // blockOwnerDeletion: a foreground delete then waits for this dependent; without it the collector may drop the owner's
  // foregroundDeletion finalizer before it looks at the dependent, which then finds a live owner and stays
  const dep = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `dep-${c}`, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: `cm-${c}`, uid, blockOwnerDeletion: true }] } };
  expect((await kubectl(['-n', ns, 'create', '-f', '-'], { input: JSON.stringify(dep) })).code).toBe(0);
  // The garbage collector orphans or deletes only the dependents its graph holds when the owner's DELETE lands, and it
  // learns of new objects from a watch that lags under load. A later object owned by a uid that does not exist is
  // deleted by the collector once its graph holds it, and by then it holds the dependent made before it.
  const probe = { ...dep, metadata: { name: `probe-${c}`, ownerReferences: [{ ...dep.metadata.ownerReferences[0]!, uid: '00000000-0000-0000-0000-000000000000' }] } };
  expect((await kubectl(['-n', ns, 'create', '-f', '-'], { input: JSON.stringify(probe) })).code).toBe(0);
  expect((await kubectl(['-n', ns, 'wait', '--for=delete', `cm/probe-${c}`, '--timeout=120s'])).code).toBe(0);
}

/** Polls until the dependent is as the propagation policy leaves it (the garbage collector works asynchronously). */
async function dependentSettles(ns: string, c: string, want: 'gone' | 'orphaned' | 'owned'): Promise<string> {
  let seen = '';
  for (let i = 0; i < 120; i++) {
    const r = await kubectl(['-n', ns, 'get', 'cm', `dep-${c}`, '-o', 'json']);
    seen = r.code !== 0 ? 'gone' : JSON.parse(r.stdout).metadata.ownerReferences?.length ? 'owned' : 'orphaned';
    if (seen === want || want === 'owned') return seen;
    await new Promise((res) => setTimeout(res, 250));
  }
  return seen;
}

afterAll(async () => {
  // our finalizer would hold the namespaces forever
  for (const ns of [A, B]) {
    for (const [c] of CASES) {
      for (const ref of [`cm/cm-${c}`, `pod/pod-${c}`]) {
        await kubectl(['-n', ns, 'patch', ref, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
      }
    }
  }
  await removeTwins(A, B, dir);
});

/** What the cases must show on the pod (kubectl's result, stated so a flag that had no effect fails). */
const POD_AFTER: Record<string, object> = {
  defaults: { deleting: true, grace: 40 },
  'grace-5': { deleting: true, grace: 5 },
  'grace-0': { deleting: true, grace: 0 },
  orphan: { deleting: true, grace: 40 },
  foreground: { deleting: true, grace: 40 },
  wait: { deleting: true, grace: 40 },
  'server-dry-run': { deleting: false },
  'client-dry-run': { deleting: false },
};
/**
 * ... and on cm-CASE's dependent once the garbage collector is done: the propagation policy the DELETE carried.
 * Background deletes dependents only once the owner is gone, which our finalizer prevents: still owned;
 * Orphan drops the owner reference; Foreground deletes the dependents first.
 */
const DEPENDENT_AFTER: Record<string, 'gone' | 'orphaned' | 'owned'> = {
  defaults: 'owned',
  'grace-5': 'owned',
  'grace-0': 'owned',
  orphan: 'orphaned',
  foreground: 'gone',
  wait: 'owned',
  'server-dry-run': 'owned',
  'client-dry-run': 'owned',
};

/** klog's header differs by time and process id only. */
const klog = (r: { code: number; stdout: string; stderr: string }) => ({
  ...r,
  stderr: r.stderr.replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID '),
});

/** What the DELETE left on an object, as the server shows it. */
async function state(ns: string, ref: string): Promise<unknown> {
  const r = await kubectl(['-n', ns, 'get', ref, '-o', 'json']);
  if (r.code !== 0) return r.stderr.replaceAll(ns, 'NS');
  const md = JSON.parse(r.stdout).metadata;
  return { deleting: !!md.deletionTimestamp, grace: md.deletionGracePeriodSeconds, held: (md.finalizers ?? []).includes(HOLD) };
}

describe('apply --prune deletion options', () => {
  test.each(CASES)('%s', async (c, flags) => {
    await Promise.all([setUp(A, c), setUp(B, c)]);
    const run = (bin: typeof ktl, ns: string) =>
      bin(['-n', ns, 'apply', '-f', path.join(dir, `keep-${c}.yaml`), '--prune', '-l', `case=${c}`, ...flags]);
    const [a, b] = await Promise.all([run(ktl, A), run(kubectl, B)]);
    expect(a.code).toBe(0);
    expect(klog(a)).toEqual(klog(b));
    for (const ref of [`configmap/cm-${c}`, `pod/pod-${c}`]) {
      const [sa, sb] = await Promise.all([state(A, ref), state(B, ref)]);
      expect(sa).toEqual(sb);
      if (ref.startsWith('pod/')) expect(sa).toMatchObject(POD_AFTER[c]!);
    }
    const want = DEPENDENT_AFTER[c]!;
    expect(await Promise.all([dependentSettles(A, c, want), dependentSettles(B, c, want)])).toEqual([want, want]);
  });

  test('--force with --prune is refused before anything is sent', async () => {
    const run = (bin: typeof ktl, ns: string) =>
      bin(['-n', ns, 'apply', '-f', path.join(dir, 'keep-defaults.yaml'), '--prune', '-l', 'case=defaults', '--force']);
    // (nothing of case "defaults" is left to delete by now; the refusal comes first anyway)
    const [a, b] = await Promise.all([run(ktl, A), run(kubectl, B)]);
    expect(a.code).toBe(1);
    expect(a).toEqual(b);
  });
});
