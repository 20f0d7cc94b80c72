/**
 * Error paths of issue #20, ktl against kubectl 1.33 on the same input:
 * group commands (cobra's DefaultSubCommandRun), an Invalid status naming no
 * object, watches of a missing object, TYPE.GROUP that the server lacks, and
 * a kubeconfig whose apiVersion/kind client-go refuses at load.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTwins, kubeconfigPath, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-cerr-a');
const B = uniqueNamespace('ktl-cerr-b');
let dir = '';

/** kubectl's texts with ktl's name where the binary names itself. */
const asKtl = (s: string) => s.replace(/(^|[\s'"])kubectl /gm, '$1ktl ').replaceAll(' for "kubectl"', ' for "ktl"');
const shape = (r: ProcResult, bin: 'ktl' | 'kubectl') => ({
  code: r.code,
  stdout: bin === 'kubectl' ? asKtl(r.stdout) : r.stdout,
  stderr: bin === 'kubectl' ? asKtl(r.stderr) : r.stderr,
});

beforeAll(async () => {
  dir = await createTwins(A, B, 'ktl-cerr-');
  await Promise.all([kubectl(['-n', A, 'create', 'cm', 'c1']), kubectl(['-n', B, 'create', 'cm', 'c1'])]);
});
afterAll(async () => {
  await removeTwins(A, B, dir);
});

describe('group commands as cobra runs them in kubectl', () => {
  test.each([
    ['rollout'],
    ['set'],
    ['config'],
    ['plugin'],
    ['top'],
    ['create', 'secret'],
    ['create', 'service'],
    ['rollout', 'stat'],
    ['set', 'imag', 'x'],
    ['auth', 'cn-i'],
    ['create', 'secret', 'generik'],
    ['create', 'service', 'foo'],
    ['plugin', 'lst'],
    ['config', 'foo'],
    ['top', 'pod2'],
    ['rollout', '--help'],
  ].map((a) => [a]))('%j', async (args) => {
    const [a, b] = await Promise.all([ktl(args), kubectl(args)]);
    expect(shape(a, 'ktl')).toEqual(shape(b, 'kubectl'));
  });
});

describe('an Invalid status naming no object', () => {
  test('patch whose YAML value is not a string: "The request is invalid: patch: ..."', async () => {
    const [a, b] = await Promise.all([
      ktl(['-n', A, 'patch', 'cm', 'c1', '-p', 'metadata: {labels: {d: yes}}']),
      kubectl(['-n', B, 'patch', 'cm', 'c1', '-p', 'metadata: {labels: {d: yes}}']),
    ]);
    expect(a.stderr).toMatch(/^The request is invalid: patch: Invalid value: /);
    expect(a).toEqual(b);
  });
});

describe('watching a named object that does not exist', () => {
  test.each([
    [['get', 'cm/missing', '-w', '--request-timeout=1']],
    [['get', 'cm/missing', '--watch-only', '--request-timeout=1']],
    [['get', 'cm', 'c1', 'missing', '-w', '--request-timeout=1']],
    [['get', 'cm/missing', '-w']],
    [['get', 'cm', 'c1', '-w', '--request-timeout=1', '-o', 'name']],
    [['get', 'cm', '-l', 'nothing=here', '-w', '--request-timeout=1']],
  ])('%j', async (args) => {
    const [a, b] = await Promise.all([ktl(['-n', A, ...args], { timeoutMs: 20_000 }), kubectl(['-n', B, ...args], { timeoutMs: 20_000 })]);
    expect({ ...a, stderr: a.stderr.replaceAll(A, 'NS') }).toEqual({ ...b, stderr: b.stderr.replaceAll(B, 'NS') });
  });
});

describe('a type in a group the server lacks', () => {
  test.each([[['get', 'deployments.invalid-group']], [['get', 'deployments.invalid-group/x']], [['get', 'foo.v1.bar']], [['delete', 'pods.nope', 'x']]])(
    '%j',
    async (args) => {
      const [a, b] = await Promise.all([ktl(['-n', A, ...args]), kubectl(['-n', B, ...args])]);
      expect(a.code).toBe(1);
      expect(a).toEqual(b);
    },
  );
});

describe('kubeconfig apiVersion and kind', () => {
  const base = () => readFileSync(kubeconfigPath, 'utf8');
  test.each([
    ['apiVersion v-1', (s: string) => s.replace(/^apiVersion: v1$/m, 'apiVersion: v-1')],
    ['apiVersion apps/v1', (s: string) => s.replace(/^apiVersion: v1$/m, 'apiVersion: apps/v1')],
    ['apiVersion a/b/c', (s: string) => s.replace(/^apiVersion: v1$/m, 'apiVersion: a/b/c')],
    ['apiVersion /v1 (group "" accepted)', (s: string) => s.replace(/^apiVersion: v1$/m, 'apiVersion: /v1')],
    ['apiVersion missing', (s: string) => s.replace(/^apiVersion: v1\n/m, '')],
    ['apiVersion a number', (s: string) => s.replace(/^apiVersion: v1$/m, 'apiVersion: 5')],
    ['kind Foo', (s: string) => s.replace(/^kind: Config$/m, 'kind: Foo')],
    ['kind config', (s: string) => s.replace(/^kind: Config$/m, 'kind: config')],
    ['kind missing', (s: string) => s.replace(/^kind: Config\n/m, '')],
    ['kind a list', (s: string) => s.replace(/^kind: Config$/m, 'kind: [a]')],
    ['a list document', () => '- a\n'],
  ])('%s', async (_name, edit) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ktl-cerr-kc-')), 'config');
    try {
      writeFileSync(file, edit(base()));
      for (const args of [['config', 'current-context'], ['get', 'ns', A, '-o', 'name']]) {
        const [a, b] = await Promise.all([ktl(['--kubeconfig', file, ...args]), kubectl(['--kubeconfig', file, ...args])]);
        expect(a).toEqual({ ...b, stdout: b.stdout });
      }
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('a named object in a namespace that does not exist: the namespace is reported', () => {
  test.each([
    [['get', 'cm', 'c1']],
    [['get', 'cm', 'c1', 'c2', '-o', 'name']],
    [['describe', 'cm', 'c1']],
    [['label', 'cm', 'c1', 'x=y']],
    [['logs', 'nope']],
    [['get', 'clusterrole', 'system:aggregate-to-admin', '-o', 'name']],
  ])('%j', async (args) => {
    const ns = uniqueNamespace('ktl-cerr-none');
    const [a, b] = await Promise.all([ktl(['-n', ns, ...args]), kubectl(['-n', ns, ...args])]);
    expect(shape(a, 'ktl')).toEqual(shape(b, 'kubectl'));
  });
});

describe('apply: a namespace mismatch beside documents that do not map, with and without a failing object', () => {
  const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${extra}}\n`;
  const nope = (kind: string, name: string) => `apiVersion: example.com/v1\nkind: ${kind}\nmetadata: {name: ${name}}\n`;
  const files: Record<string, string> = {
    'mixed.yaml': [cm('m1'), cm('m2', ', namespace: other'), nope('Nope', 'n1'), nope('Nope2', 'n2')].join('---\n'),
    'unmapped.yaml': [nope('Nope', 'u1'), nope('Nope2', 'u2')].join('---\n'),
    'invalid.yaml': cm('Bad_Name'),
  };
  test.each([[['mixed.yaml']], [['mixed.yaml', 'unmapped.yaml']], [['mixed.yaml', 'invalid.yaml']], [['unmapped.yaml']]])('%j', async (names) => {
    for (const [n, text] of Object.entries(files)) writeFileSync(path.join(dir, n), text);
    const args = (ns: string) => ['-n', ns, 'apply', '--dry-run=server', ...names.flatMap((n) => ['-f', path.join(dir, n)])];
    const [a, b] = await Promise.all([ktl(args(A)), kubectl(args(B))]);
    expect(b.code).toBe(1);
    const norm = (r: ProcResult, ns: string) => ({ ...shape(r, r === a ? 'ktl' : 'kubectl'), stderr: r.stderr.replaceAll(ns, 'NS') });
    expect(norm(a, A)).toEqual(norm(b, B));
  });
});
