/**
 * `ktl diff` against kubectl.1.33 on the real cluster. diff is read-only, so
 * both tools diff the same manifests against the same live objects (one
 * namespace); their unified diffs must be equal once the temporary folder
 * names, diff(1)'s file times and what a dry-run create makes up (uid,
 * creationTimestamp) are masked. Every case also proves that nothing on the
 * server changed: the resourceVersions of all objects in the namespace are
 * the same before and after, including when the dry run fails.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const NS = uniqueNamespace('ktl-diff');
const SPARE = uniqueNamespace('ktl-diff-spare');
let dir = '';

beforeAll(async () => {
  dir = await createTwins(NS, SPARE, 'ktl-e2e-diff-');
});
afterAll(async () => {
  await removeTwins(NS, SPARE, dir);
});

async function file(name: string, text: string): Promise<string> {
  const f = path.join(dir, name);
  await mkdir(path.dirname(f), { recursive: true });
  await writeFile(f, text.replaceAll('NS', NS));
  return f;
}

async function applied(name: string, text: string, extra: string[] = []): Promise<void> {
  const r = await kubectl(['apply', '-f', await file(name, text), ...extra]);
  expect(r.stderr).toBe('');
}

const norm = (r: ProcResult) => ({
  code: r.code,
  stdout: r.stdout
    .replace(/\/(LIVE|MERGED)-\d+\//g, '/$1-N/')
    .replace(/^((?:---|\+\+\+) \S+)\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4}$/gm, '$1\tTIME')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID')
    .replace(/creationTimestamp: "[^"]+"/g, 'creationTimestamp: T'),
  stderr: r.stderr
    .replaceAll('ktl', 'kubectl')
    .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID '),
});

/** resourceVersion of every object in the namespace (and of the namespace). */
async function versions(): Promise<string> {
  const r = await kubectl(['get', '-n', NS, 'cm,secret,deploy,svc', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.resourceVersion} {end}']);
  const n = await kubectl(['get', 'ns', NS, '-o', 'jsonpath={.metadata.resourceVersion}']);
  return `${r.stdout} ns=${n.stdout}`;
}

/** Both tools diff the same input; returns kubectl's normalised result after checking ktl's equals it and nothing changed. */
async function same(args: string[], env: Record<string, string> = {}) {
  const before = await versions();
  const k = norm(await kubectl(['diff', ...args], { env }));
  const t = norm(await ktl(['diff', ...args], { env }));
  expect(t).toEqual(k);
  expect(await versions()).toBe(before);
  return k;
}

const CM = (name: string, value: string, labels = '') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: NS
${labels ? `  labels:\n${labels}` : ''}data:
  a: "${value}"
`;

const DEPLOY = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: NS
spec:
  replicas: 0
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
${containers}`;

const C1 = `      - name: a
        image: registry.k8s.io/pause:3.9
        env:
        - {name: XA, value: "1"}
        - {name: YB, value: "2"}
`;
const C2 = `      - name: b
        image: registry.k8s.io/pause:3.9
`;

describe('ktl diff vs kubectl diff', () => {
  test('a new object shows whole; a new Secret is masked and its live side is null', async () => {
    const f = await file('new.yaml', CM('fresh', '1') + '---\n' + `apiVersion: v1
kind: Secret
metadata:
  name: fresh-secret
  namespace: NS
stringData:
  password: hunter2
`);
    const r = await same(['-f', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`+++ /tmp/MERGED-N/v1.ConfigMap.${NS}.fresh`);
    expect(r.stdout).toContain(`-null\n`);
    expect(r.stdout).toContain(`+  password: '***'\n`);
    expect(r.stdout).not.toContain('hunter2');
  });

  test('a changed field, a removed list element, and an unchanged object (exit 0)', async () => {
    await applied('base.yaml', CM('one', '1') + '---\n' + DEPLOY(C1 + C2));
    // the controllers finish writing the Deployment's status before anything is compared
    expect((await kubectl(['rollout', 'status', '-n', NS, 'deploy/web', '--timeout=60s'])).code).toBe(0);
    const unchanged = await same(['-f', await file('same.yaml', CM('one', '1') + '---\n' + DEPLOY(C1 + C2))]);
    expect(unchanged).toEqual({ code: 0, stdout: '', stderr: '' });
    const changed = await same(['-f', await file('changed.yaml', CM('one', '2'))]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('-  a: "1"\n+  a: "2"\n');
    const C1less = C1.replace('        - {name: YB, value: "2"}\n', '');
    const removed = await same(['-f', await file('removed.yaml', DEPLOY(C1less))]);
    expect(removed.code).toBe(1);
    expect(removed.stdout).toMatch(/^-        name: b$/m);
    expect(removed.stdout).toMatch(/^-        - name: YB$/m);
  });

  test('--show-managed-fields: the dry-run patch is made as kubectl-client-side-apply, so the merged managedFields are kubectl\'s', async () => {
    await applied('mf.yaml', CM('mf', '1'));
    // the dry run stamps its own time on the entry it updates: both tools diff once the applied second has passed
    const stamped = (await kubectl(['get', 'cm', 'mf', '-n', NS, '-o', 'jsonpath={.metadata.managedFields[0].time}'])).stdout.slice(0, 19);
    while (new Date().toISOString().slice(0, 19) <= stamped) await new Promise((r) => setTimeout(r, 50));
    const args = ['diff', '-f', await file('mf2.yaml', CM('mf', '2').replace('  a: ', '  b: "3"\n  a: ')), '--show-managed-fields'];
    const times = (r: ReturnType<typeof norm>) => ({ ...r, stdout: r.stdout.replace(/time: "[^"]+"/g, 'time: T') });
    const k = times(norm(await kubectl(args)));
    const t = times(norm(await ktl(args)));
    expect(t).toEqual(k);
    expect(k.code).toBe(1);
    expect(k.stdout).toContain('+        f:b: {}\n');
    expect(t.stdout).not.toContain('manager: kubectl\n');
  });

  test('a Secret change is masked before/after; -l filters the file', async () => {
    const S = (v: string) => `apiVersion: v1
kind: Secret
metadata:
  name: s1
  namespace: NS
  labels: {tier: db}
data:
  same: YQ==
  changed: ${v}
`;
    await applied('secret.yaml', S('MQ=='));
    const r = await same(['-f', await file('secret2.yaml', S('Mg==') + '---\n' + CM('unlabelled', '9')), '-l', 'tier=db']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`-  changed: '*** (before)'\n+  changed: '*** (after)'\n   same: '***'\n`);
    expect(r.stdout).not.toContain('unlabelled');
  });

  test('--server-side: a diff, then a conflict with another manager (exit 2, kubectl retries and warns)', async () => {
    await applied('ssa-base.yaml', CM('ssa', '1'), ['--server-side']);
    const ok = await same(['--server-side', '-f', await file('ssa-ok.yaml', CM('ssa', '2'))]);
    expect(ok.code).toBe(1);
    const p = await kubectl(['patch', '-n', NS, 'cm', 'ssa', '-p', '{"data":{"b":"x"}}']);
    expect(p.code).toBe(0);
    const conflict = await same(['--server-side', '-f', await file('ssa-conflict.yaml', CM('ssa', '1').replace('a: "1"', 'b: "y"'))]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.b');
    const forced = await same(['--server-side', '--force-conflicts', '--field-manager=other', '-f', await file('ssa-conflict.yaml', CM('ssa', '1').replace('a: "1"', 'b: "y"'))]);
    expect(forced.code).toBe(1);
  });

  test('--prune shows the objects apply would prune as deleted', async () => {
    const L = '    prune-set: p1\n';
    await applied('prune-base.yaml', CM('keep', '1', L) + '---\n' + CM('gone', '1', L));
    const r = await same(['--prune', '-l', 'prune-set=p1', '-f', await file('prune.yaml', CM('keep', '1', L))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`--- /tmp/LIVE-N/v1.ConfigMap.${NS}.gone`);
    expect(r.stderr).toContain('Deprecated: kubectl apply will no longer prune');
    const allow = await same(['--prune', '-l', 'prune-set=p1', '--prune-allowlist=core/v1/ConfigMap', '-f', await file('prune.yaml', CM('keep', '1', L))]);
    expect(allow.code).toBe(1);
    expect(allow.stderr).toBe('');
  });

  test('a failing dry run: exit 2 with the server error, nothing run, nothing changed', async () => {
    await applied('bad-base.yaml', CM('bad', '1'));
    const f = await file('bad.yaml', CM('bad-new', '1') + '---\n' + CM('bad', '1').replace('a: "1"', 'a: 5'));
    const r = await same(['-f', f]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('The request is invalid: patch: Invalid value:');
    const created = await same(['-f', await file('bad-create.yaml', CM('Bad_Name', '1'))]);
    expect(created.code).toBe(2);
    expect(created.stderr).toContain('is invalid');
  });

  test('KUBECTL_EXTERNAL_DIFF with arguments (only [a-zA-Z0-9=-] words are passed), a missing program, a failing one', async () => {
    const f = await file('ext.yaml', CM('ext', '1'));
    const r = await same(['-f', f], { KUBECTL_EXTERNAL_DIFF: 'diff -U1 -N ./dropped --label=x' });
    expect(r.code).toBe(1);
    const missing = await same(['-f', f], { KUBECTL_EXTERNAL_DIFF: 'no-such-diff-program' });
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'error: failed to run "no-such-diff-program": executable file not found in $PATH\n' });
    const failing = await same(['-f', f], { KUBECTL_EXTERNAL_DIFF: 'diff --no-such-option' });
    expect(failing.code).toBe(2);
    expect(failing.stderr).toContain('error: failed to run "diff": exit status 2');
  });

  test('-k reads the kustomization through the built-in engine', async () => {
    await file('kust/cm.yaml', CM('kcm', '1'));
    await file('kust/kustomization.yaml', 'resources:\n- cm.yaml\nnamePrefix: p-\n');
    const r = await same(['-k', path.join(dir, 'kust')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`v1.ConfigMap.${NS}.p-kcm`);
  });

  test('usage errors exit 2', async () => {
    expect((await same([])).code).toBe(2);
    expect((await same(['extra', '-f', 'x'])).code).toBe(2);
    expect((await same(['--no-such-flag'])).code).toBe(2);
    expect((await same(['-f', 'x', '--force-conflicts'])).code).toBe(2);
    expect((await same(['-f', '/no/such/file.yaml'])).code).toBe(2);
  });
});
