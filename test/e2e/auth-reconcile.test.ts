/**
 * `ktl auth reconcile` against kubectl.1.33: twin sets of RBAC objects (a
 * namespace that does not exist yet, a ClusterRole and a ClusterRoleBinding
 * with unique names), reconciled step by step by each binary: the same
 * stdout, stderr (kubectl's report lines) and exit codes, and the same
 * objects on the server after each step. Everything is deleted at the end.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';

const PREFIX = uniqueNamespace('ktl-rec');
const A = `${PREFIX}-a`; // ktl's set
const B = `${PREFIX}-b`; // kubectl's set

afterAll(async () => {
  await Promise.all([
    kubectl(['delete', 'ns', A, B, '--wait=false', '--ignore-not-found']),
    kubectl(['delete', 'clusterrole', `${A}-cr`, `${B}-cr`, '--ignore-not-found']),
    kubectl(['delete', 'clusterrolebinding', `${A}-crb`, `${B}-crb`, '--ignore-not-found']),
  ]);
});

const VARYING = /("?(uid|resourceVersion|creationTimestamp)"?: ).*/gm;
const norm = (r: ProcResult, set: string) => ({
  code: r.code,
  stdout: r.stdout.replaceAll(set, 'SET').replace(VARYING, '$1X'),
  stderr: r.stderr.replaceAll(set, 'SET').replace(/kubectl(\.1\.33)?/g, 'ktl'),
});

/** Runs `auth reconcile ARGS -f -` with the manifest of each set ("SET" stands for the set's name). */
async function both(args: string[], manifest: string) {
  const [a, b] = await Promise.all([
    ktl(['auth', 'reconcile', ...args], { input: manifest.replaceAll('SET', A) }),
    kubectl(['auth', 'reconcile', ...args], { input: manifest.replaceAll('SET', B) }),
  ]);
  expect(norm(a, A)).toEqual(norm(b, B));
  return norm(b, B);
}

/** What the server holds for a set: rules, subjects, roleRefs, labels and annotations. */
async function state(set: string): Promise<string> {
  const tpl =
    '{range .items[*]}{.kind} {.metadata.name} {.metadata.labels} {.metadata.annotations} {.rules} {.aggregationRule} {.subjects} {.roleRef}{"\\n"}{end}';
  const [ns, cr] = await Promise.all([
    kubectl(['get', 'roles,rolebindings', '-n', set, '-o', `jsonpath=${tpl}`]),
    kubectl(['get', `clusterrole/${set}-cr`, `clusterrolebinding/${set}-crb`, '-o', `jsonpath=${tpl}`, '--ignore-not-found']),
  ]);
  return (ns.stdout + cr.stdout).replaceAll(set, 'SET');
}
async function sameState(): Promise<string> {
  const [a, b] = await Promise.all([state(A), state(B)]);
  expect(a).toBe(b);
  return b;
}

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r1, namespace: SET, labels: {team: a}}
rules:
- apiGroups: [""]
  resources: [pods, services]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb1, namespace: SET}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r1}
subjects:
- {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: SET}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: skipped, namespace: SET}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: SET-cr}
rules:
- nonResourceURLs: ["/healthz", "/version"]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: SET-crb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: SET-cr}
subjects:
- {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}
`;

const CHANGED = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r1, namespace: SET, annotations: {note: "changed"}}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, watch]
- apiGroups: [apps]
  resources: [deployments]
  resourceNames: [a, b]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb1, namespace: SET}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r1}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: SET}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: SET-cr}
rules:
- nonResourceURLs: ["/healthz*"]
  verbs: [get]
`;

describe('auth reconcile, ktl vs kubectl.1.33', () => {
  test('usage errors and help', async () => {
    expect(await both([], '')).toMatchObject({ code: 1, stderr: 'error: must specify one of -f and -k\n' });
    expect(await both(['-f', '-', 'extra'], ROLES)).toMatchObject({ code: 1, stderr: 'error: no arguments are allowed\n' });
    expect(await both(['-f', '-', '--dry-run=server'], ROLES)).toMatchObject({ code: 1, stderr: 'error: --dry-run=server for command reconcile is not supported yet\n' });
    expect((await both(['-f', '-', '-o', 'wide'], ROLES)).code).toBe(1);
    const help = await Promise.all([ktl(['auth', 'reconcile', '--help']), kubectl(['auth', 'reconcile', '--help'])]);
    expect(help[0].stdout).toBe(help[1].stdout.replace(/kubectl/g, 'ktl'));
  });

  test('dry run of a missing set: the objects as read, create reports; nothing is written, not even the namespace', async () => {
    const r = await both(['-f', '-', '--dry-run=client'], ROLES);
    expect(r.stdout).toBe(
      [
        'role.rbac.authorization.k8s.io/r1 reconciled (dry run)',
        'rolebinding.rbac.authorization.k8s.io/rb1 reconciled (dry run)',
        'clusterrole.rbac.authorization.k8s.io/SET-cr reconciled (dry run)',
        'clusterrolebinding.rbac.authorization.k8s.io/SET-crb reconciled (dry run)',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('\treconciliation required create\n\tmissing rules added:\n\t\t{Verbs:[get list] APIGroups:[] Resources:[pods services] ResourceNames:[] NonResourceURLs:[]}\n');
    await both(['-f', '-', '--dry-run=client', '-o', 'json'], ROLES);
    await both(['-f', '-', '--dry-run=client', '-o', 'yaml'], ROLES);
    expect((await kubectl(['get', 'ns', A, B, '--ignore-not-found', '-o', 'name'])).stdout).toBe('');
  });

  test('create (with the namespace), again unchanged, union update, then --remove-extra-*', async () => {
    expect((await both(['-f', '-'], ROLES)).code).toBe(0);
    expect(await sameState()).toContain('ClusterRoleBinding SET-crb');
    expect(await both(['-f', '-', '-o', 'name'], ROLES)).toMatchObject({ code: 0, stderr: '' });
    await both(['-f', '-', '--dry-run=client', '-o', 'yaml'], CHANGED);
    const union = await both(['-f', '-', '-o', 'json'], CHANGED);
    expect(union.stderr).toContain('\t\t{Verbs:[get] APIGroups:[apps] Resources:[deployments] ResourceNames:[b] NonResourceURLs:[]}\n');
    await sameState();
    const strict = await both(['-f', '-', '--remove-extra-permissions', '--remove-extra-subjects'], CHANGED);
    expect(strict.stderr).toContain('\textra subjects removed:\n\t\t{Kind:User APIGroup:rbac.authorization.k8s.io Name:bob Namespace:}\n');
    expect(strict.stderr).toContain('\textra rules removed:\n');
    await sameState();
  });

  test('a changed roleRef re-creates the binding; an opted-out object is reported and left alone', async () => {
    const rebind = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb1, namespace: SET}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {kind: Group, name: g1, apiGroup: rbac.authorization.k8s.io}
`;
    await both(['-f', '-', '--dry-run=client', '-o', 'yaml'], rebind);
    expect((await both(['-f', '-'], rebind)).stderr).toBe('\treconciliation required recreate\n');
    await sameState();
    await Promise.all([A, B].map((s) => kubectl(['annotate', 'role', 'r1', '-n', s, 'rbac.authorization.kubernetes.io/autoupdate=false'])));
    const before = await sameState();
    const r = await both(['-f', '-'], ROLES);
    expect(r.stderr).toContain('reconciliation required update, but object opted out (rbac.authorization.kubernetes.io/autoupdate: false)\n');
    expect((await sameState()).split('\n')[0]).toBe(before.split('\n')[0]);
  });

  test('failures: kubectl ignores -n (a Role without namespace fails), old RBAC versions, kinds outside its scheme; the rest goes on', async () => {
    const bad = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: nons}
---
apiVersion: rbac.authorization.k8s.io/v1beta1
kind: Role
metadata: {name: old, namespace: SET}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: SET-cr}
rules:
- nonResourceURLs: ["/healthz*"]
  verbs: [get]
`;
    const r = await both(['-f', '-'], bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('clusterrole.rbac.authorization.k8s.io/SET-cr reconciled\n');
    expect(r.stderr).toContain('resource name may not be empty\nonly rbac.authorization.k8s.io/v1 is supported: not *v1beta1.Role\n');
    // -n is checked only against objects naming a namespace
    const n = await both(['-f', '-', '-n', 'default'], bad);
    expect(n.stderr).toContain(`the namespace from the provided object "SET" does not match the namespace "default". You must pass '--namespace=SET' to perform this operation.\n`);
    await sameState();
  });

  test.each([
    ['an unknown kind in a built-in group', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Foo\nmetadata: {name: x}\n'],
    ['a version kubectl does not compile in', 'apiVersion: apps/v9\nkind: Deployment\nmetadata: {name: x}\n'],
    ['a CRD (apiextensions is not in kubectl\'s scheme)', 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\n'],
    ['rules not a list', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: SET}\nrules: "x"\n'],
    ['a rule not an object', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: SET}\nrules: [1]\n'],
    ['a verb not a string', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: x, namespace: SET}\nrules: [{verbs: [get, 1]}]\n'],
    ['a selector value not a string', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: SET-cr}\naggregationRule: {clusterRoleSelectors: [{matchLabels: {a: 1}}]}\n'],
    ['roleRef and subjects both wrong: the first in key order', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: x, namespace: SET}\nsubjects: 5\nroleRef: {kind: {a: 1}}\n'],
  ])('decoding through kubectl\'s scheme: %s', async (_what, manifest) => {
    const r = await both(['-f', '-'], manifest);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unable to decode "STDIN": /);
  });
});
