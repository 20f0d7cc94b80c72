/**
 * `apply --prune --applyset` (kubectl 1.33's alpha behind KUBECTL_APPLYSET=true,
 * issue #20) against kubectl.1.33: ktl works in namespace A, kubectl in B, on
 * the same manifests. Compared: printed bytes and exit codes; the flag checks
 * in kubectl's order; the parent Secret/ConfigMap (id label, tooling,
 * group-kinds and namespaces annotations, managedFields); the part-of label on
 * the members; pruning; and that kubectl and ktl can take turns on one set.
 * The id differs only by the namespace in it (computed here independently); the
 * tooling annotation by the patch release (ktl reports kubectl v1.33.1).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-aset-a');
// a custom resource type allowed as a parent (its CRD carries the is-parent-type label)
const CR_GROUP = `${A.slice('ktl-aset-a-'.length)}.aset.example.com`;
const B = uniqueNamespace('ktl-aset-b');
let dir = '';
const GATE = { KUBECTL_APPLYSET: 'true' };

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-e2e-aset-');
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: sets.${CR_GROUP}
  labels: {applyset.kubernetes.io/is-parent-type: "true"}
spec:
  group: ${CR_GROUP}
  scope: Namespaced
  names: {plural: sets, singular: set, kind: Set}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
  const r = await kubectl(['apply', '-f', '-'], { input: crd });
  if (r.code !== 0) throw new Error(r.stderr);
  await kubectl(['wait', '--for=condition=Established', `crd/sets.${CR_GROUP}`, '--timeout=60s']);
  // kubectl uses a custom resource parent only when it already holds the set's id and tooling
  for (const ns of [A, B]) {
    const cr = `apiVersion: ${CR_GROUP}/v1
kind: Set
metadata:
  name: parent
  labels: {applyset.kubernetes.io/id: ${idOf('parent', ns, 'Set', CR_GROUP)}}
  annotations: {applyset.kubernetes.io/tooling: kubectl/v1.30.0, applyset.kubernetes.io/contains-group-kinds: ""}
---
apiVersion: ${CR_GROUP}/v1
kind: Set
metadata: {name: bare}
`;
    const c = await kubectl(['create', '-n', ns, '-f', '-'], { input: cr });
    if (c.code !== 0) throw new Error(c.stderr);
  }
});
afterAll(async () => {
  await removeTwins(A, B, dir);
  await kubectl(['delete', 'crd', `sets.${CR_GROUP}`, '--wait=false']);
});

const idOf = (name: string, ns: string, kind = 'Secret', group = '') =>
  `applyset-${createHash('sha256').update(`${name}.${ns}.${kind}.${group}`).digest('base64url')}-v1`;

/** the ApplySets of this file (name, parent kind): their ids are replaced by their names */
const PARENTS: Array<[string, string]> = [
  ['set1', 'Secret'],
  ['set2', 'ConfigMap'],
  ['set3', 'Secret'],
  ['turns', 'Secret'],
  ['set4', 'Secret'],
];
const crIdOf = (ns: string) => idOf('parent', ns, 'Set', CR_GROUP);
const clean = (s: string, ns: string) =>
  s
    .replaceAll(path.join(dir, `${ns}-`), '')
    .replace(/applyset-[A-Za-z0-9_-]{43}-v1/g, (id) => PARENTS.find(([name, kind]) => id === idOf(name, ns, kind))?.[0] ?? (id === crIdOf(ns) ? 'CRID' : id))
    .replaceAll(ns, 'NS')
    .replaceAll(CR_GROUP, 'GROUP')
    .replace(/kubectl\/v1\.33\.\d+/g, 'kubectl/v1.33.x')
    .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ ([\w.]+:\d+)\]/gm, '$1MMDD hh:mm:ss.uuuuuu PID FILE]')
    .replace(/See '(ktl|kubectl) apply/g, "See 'BIN apply");
const norm = (r: ProcResult, ns: string) => ({
  code: r.code,
  stdout: clean(r.stdout, ns).replace(/("?(uid|resourceVersion|creationTimestamp)"?: ).*/g, '$1X'),
  stderr: clean(r.stderr, ns),
});

async function write2(name: string, text: string): Promise<void> {
  await Promise.all([A, B].map((ns) => writeFile(path.join(dir, `${ns}-${name}`), text.replaceAll('NS', ns))));
}

/** The same apply with both tools (`-n A` / `-n B` unless noNs), FILE:<name> being that namespace's manifest. */
async function both(args: string[], o: { env?: Record<string, string>; noNs?: boolean } = {}) {
  const forNs = (ns: string) => [...(o.noNs ? [] : ['-n', ns]), ...args.map((a) => (a.startsWith('FILE:') ? path.join(dir, `${ns}-${a.slice(5)}`) : a))];
  const env = o.env ?? GATE;
  const [a, b] = await Promise.all([ktl(forNs(A), { env }), kubectl(forNs(B), { env })]);
  const r = { ktl: norm(a, A), kubectl: norm(b, B) };
  expect(r.ktl).toEqual(r.kubectl);
  return r.kubectl;
}

/** What a user sees of an object: labels, annotations, data, and who manages which fields. */
async function state(ns: string, ref: string): Promise<unknown> {
  const r = await kubectl(['get', '-n', ns, ref, '-o', 'json', '--show-managed-fields', '--ignore-not-found']);
  if (r.stdout === '') return 'absent';
  const o = JSON.parse(clean(r.stdout, ns));
  return {
    labels: o.metadata.labels,
    annotations: o.metadata.annotations,
    data: o.data,
    type: o.type,
    managed: (o.metadata.managedFields ?? []).map((m: Record<string, unknown>) => ({ manager: m.manager, operation: m.operation, fields: m.fieldsV1 })),
  };
}
async function sameState(...refs: string[]) {
  for (const ref of refs) {
    const [a, b] = await Promise.all([state(A, ref), state(B, ref)]);
    expect({ ref, state: a }).toEqual({ ref, state: b });
  }
}

const CMS = (names: string[]) =>
  names.map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\ndata:\n  k: ${n}\n`).join('---\n');

describe('apply --applyset, ktl vs kubectl.1.33', () => {
  test('gated by KUBECTL_APPLYSET=true: otherwise an unknown flag, and --help is the ungated text', async () => {
    await write2('m1.yaml', CMS(['a', 'b']));
    const r = await both(['apply', '-f', 'FILE:m1.yaml', '--prune', '--applyset=set1'], { env: { KUBECTL_APPLYSET: 'no' } });
    expect(r).toEqual({ code: 1, stdout: '', stderr: "error: unknown flag: --applyset\nSee 'BIN apply --help' for usage.\n" });
    for (const env of [{}, GATE]) {
      const [a, b] = await Promise.all([ktl(['apply', '--help'], { env }), kubectl(['apply', '--help'], { env })]);
      // ktl's own extension flags are the only additions
      const own = / {4}--(concurrency|wait-ready)=[^\n]*\n\t[^\n]*\n\n/g;
      expect(a.stdout.replace(own, '')).toBe(b.stdout.replace(/kubectl (apply|options)/g, 'ktl $1').replace(/"kubectl apply/g, '"ktl apply'));
    }
    // issue 19: the --wait line of apply and replace is kubectl's own
    const waitLine = (h: string) => /\n {4}--wait=false:\n\t[^\n]*\n/.exec(h)?.[0];
    for (const cmd of ['apply', 'replace']) {
      const [a, b] = await Promise.all([ktl([cmd, '--help']), kubectl([cmd, '--help'])]);
      expect(waitLine(a.stdout)).toBe(waitLine(b.stdout));
      expect(waitLine(b.stdout)).toBeDefined();
    }
    await sameState('secret/set1');
  });

  test("flag checks in kubectl's order and words; nothing is written", async () => {
    await write2('m1.yaml', CMS(['a', 'b']));
    const f = ['apply', '-f', 'FILE:m1.yaml'];
    expect(await both([...f, '--applyset=set1'])).toMatchObject({ code: 1, stderr: 'error: --applyset requires --prune\n' });
    expect(await both([...f, '--prune', '--applyset=set1'], { noNs: true })).toMatchObject({
      code: 1,
      stderr: 'error: namespace is required to use namespace-scoped ApplySet\n',
    });
    expect(await both([...f, '--prune', '--applyset=set1', '--all'])).toMatchObject({ code: 1, stderr: 'error: --all is incompatible with --applyset\n' });
    expect(await both([...f, '--prune', '--applyset=set1', '-l', 'x=y'])).toMatchObject({ code: 1, stderr: 'error: --selector is incompatible with --applyset\n' });
    expect(await both([...f, '--prune', '--applyset=set1', '--prune-allowlist=core/v1/ConfigMap'])).toMatchObject({
      code: 1,
      stderr: 'error: --prune-allowlist is incompatible with --applyset\n',
    });
    expect(await both([...f, '--prune', '--applyset=configmaps/'])).toMatchObject({ code: 1, stderr: 'error: invalid parent reference "configmaps/": name cannot be blank\n' });
    expect((await both([...f, '--prune', '--applyset=nopes/x'])).code).toBe(1);
    expect(await both([...f, '--prune', '--applyset=deployments.apps/x'])).toMatchObject({
      code: 1,
      stderr: 'error: resource "apps/v1, Resource=deployments" is not permitted as an ApplySet parent\n',
    });
    // several problems: kubectl's aggregate, one per line
    expect(await both([...f, '--prune', '--applyset=deploy.apps/x'], { noNs: true })).toMatchObject({
      code: 1,
      stderr: 'namespace is required to use namespace-scoped ApplySet\nresource "apps/v1, Resource=deployments" is not permitted as an ApplySet parent\n',
    });
    await sameState('configmap/a', 'secret/set1');
  });

  test('a Secret parent: created with the set, members labelled; a removed member is pruned; dry runs write nothing', async () => {
    await write2('m1.yaml', CMS(['a', 'b']));
    await write2('m2.yaml', CMS(['a']));
    const f = ['--prune', '--applyset=set1'];
    expect(await both(['apply', '-f', 'FILE:m1.yaml', ...f])).toEqual({ code: 0, stdout: 'configmap/a created\nconfigmap/b created\n', stderr: '' });
    await sameState('secret/set1', 'configmap/a', 'configmap/b');
    expect(await both(['apply', '-f', 'FILE:m1.yaml', ...f])).toEqual({ code: 0, stdout: 'configmap/a unchanged\nconfigmap/b unchanged\n', stderr: '' });
    // dry runs: what would be pruned is printed, nothing changes
    for (const dry of ['--dry-run=client', '--dry-run=server']) {
      const r = await both(['apply', '-f', 'FILE:m2.yaml', ...f, dry]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/configmap\/b pruned \((server )?dry run\)\n$/);
    }
    await sameState('secret/set1', 'configmap/a', 'configmap/b');
    expect(await both(['apply', '-f', 'FILE:m2.yaml', ...f])).toEqual({ code: 0, stdout: 'configmap/a unchanged\nconfigmap/b pruned\n', stderr: '' });
    await sameState('secret/set1', 'configmap/a', 'configmap/b');
    // -o name and a server-side apply of the same set
    expect(await both(['apply', '-f', 'FILE:m1.yaml', ...f, '--server-side', '-o', 'name'])).toEqual({ code: 0, stdout: 'configmap/a\nconfigmap/b\n', stderr: '' });
    await sameState('secret/set1', 'configmap/a', 'configmap/b');
  });

  test('-o yaml, json, name: what is pruned is printed as kubectl prints it (the ApplySet pruner and the allowlist one)', async () => {
    await write2('p1.yaml', CMS(['p', 'q', 'r']).replaceAll('metadata:\n', 'metadata:\n  labels: {l: x}\n'));
    await write2('p2.yaml', CMS(['p']).replaceAll('metadata:\n', 'metadata:\n  labels: {l: x}\n'));
    for (const flags of [['--applyset=set4'], ['-l', 'l=x']]) {
      expect((await both(['apply', '-f', 'FILE:p1.yaml', '--prune', ...flags, '-o', 'name'])).code).toBe(0);
      const y = await both(['apply', '-f', 'FILE:p2.yaml', '--prune', ...flags, '-o', 'yaml', '--dry-run=client']);
      expect(y.stdout).toContain('  name: q\n');
      expect(y.code).toBe(0);
      await both(['apply', '-f', 'FILE:p2.yaml', '--prune', ...flags, '-o', 'json']);
      await both(['apply', '-f', 'FILE:p1.yaml', '--prune', ...flags, '-o', 'name']);
      expect(await both(['apply', '-f', 'FILE:p2.yaml', '--prune', ...flags, '-o', 'name'])).toMatchObject({ stdout: 'configmap/p\nconfigmap/q\nconfigmap/r\n' });
    }
    await sameState('configmap/p', 'configmap/q', 'secret/set4');
  });

  test('a ConfigMap parent; refusals for a parent that is not the set and for members that carry the label', async () => {
    await write2('m3.yaml', CMS(['c']));
    expect(await both(['apply', '-f', 'FILE:m3.yaml', '--prune', '--applyset=cm/set2'])).toEqual({ code: 0, stdout: 'configmap/c created\n', stderr: '' });
    await sameState('configmap/set2', 'configmap/c');
    // an existing object that is not an ApplySet parent
    await Promise.all([A, B].map((ns) => kubectl(['create', 'secret', 'generic', 'plain', '-n', ns])));
    expect(await both(['apply', '-f', 'FILE:m3.yaml', '--prune', '--applyset=plain'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: ApplySet parent object "secrets./plain" already exists and is missing required annotation "applyset.kubernetes.io/tooling"\n',
    });
    await write2('m4.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  labels:\n    applyset.kubernetes.io/part-of: mine\n');
    expect(await both(['apply', '-f', 'FILE:m4.yaml', '--prune', '--applyset=set3'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: ApplySet label "applyset.kubernetes.io/part-of" already set in input data\n',
    });
    await sameState('secret/plain', 'secret/set3', 'configmap/d');
  });

  test('a custom resource parent: used when its CRD allows it, never created', async () => {
    await write2('m5.yaml', CMS(['e']));
    // the fields written at creation belong to kubectl-create: kubectl's klog warning, then forced
    const r = await both(['apply', '-f', 'FILE:m5.yaml', '--prune', `--applyset=sets.${CR_GROUP}/parent`]);
    expect(r).toEqual({
      code: 0,
      stdout: 'configmap/e created\n',
      stderr:
        'WMMDD hh:mm:ss.uuuuuu PID FILE] WARNING: failed to update ApplySet: Apply failed with 2 conflicts: conflicts with "kubectl-create" using GROUP/v1:\n' +
        '- .metadata.annotations.applyset.kubernetes.io/contains-group-kinds\n- .metadata.annotations.applyset.kubernetes.io/tooling\n' +
        'ApplySet field manager kubectl-applyset should own these fields. Retrying with conflicts forced.\n',
    });
    await sameState(`sets.${CR_GROUP}/parent`, 'configmap/e');
    expect(await both(['apply', '-f', 'FILE:m5.yaml', '--prune', `--applyset=sets.${CR_GROUP}/bare`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: ApplySet parent object "sets.GROUP/bare" already exists and is missing required annotation "applyset.kubernetes.io/tooling"\n',
    });
    expect(await both(['apply', '-f', 'FILE:m5.yaml', '--prune', `--applyset=sets.${CR_GROUP}/missing`])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: custom resource ApplySet parents cannot be created automatically\n',
    });
    expect(await both(['apply', '-f', 'FILE:m5.yaml', '--prune', '--applyset=/x'])).toMatchObject({
      code: 1,
      stderr: 'error: invalid parent reference "/x": a resource must be present, got: /, Resource=\n',
    });
  });

  test('kubectl and ktl take turns on one ApplySet', async () => {
    await write2('t1.yaml', CMS(['t1', 't2']));
    await write2('t2.yaml', CMS(['t1']));
    const f = ['--prune', '--applyset=turns'];
    // A: ktl creates the set, kubectl prunes from it; B: the other way round
    const a1 = await ktl(['-n', A, 'apply', '-f', path.join(dir, `${A}-t1.yaml`), ...f], { env: GATE });
    const b1 = await kubectl(['-n', B, 'apply', '-f', path.join(dir, `${B}-t1.yaml`), ...f], { env: GATE });
    const a2 = await kubectl(['-n', A, 'apply', '-f', path.join(dir, `${A}-t2.yaml`), ...f], { env: GATE });
    const b2 = await ktl(['-n', B, 'apply', '-f', path.join(dir, `${B}-t2.yaml`), ...f], { env: GATE });
    expect([norm(a1, A), norm(a2, A)]).toEqual([norm(b1, B), norm(b2, B)]);
    expect(norm(a2, A).stdout).toBe('configmap/t1 unchanged\nconfigmap/t2 pruned\n');
    await sameState('configmap/t1', 'configmap/t2');
  });
});
