/**
 * kuberc (kubectl 1.33's preferences file) beside kubectl.1.33 run with
 * KUBECTL_KUBERC=true on the same files: aliases with prepended/appended
 * arguments, flag defaults that explicit flags override, and the texts for
 * broken files. ktl reads ~/.kube/kuberc without being asked.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ktl, kubectl } from './cluster-env.js';

let dir: string;
const HEAD = 'apiVersion: kubectl.config.k8s.io/v1alpha1\nkind: Preference\n';

/** kuberc files by name (written in beforeAll). */
const FILES: Record<string, string> = {
  good: `${HEAD}aliases:
- name: ctx
  command: config current-context
- name: getns
  command: get
  prependArgs: [namespaces]
  flags:
  - name: output
    default: name
- name: vj
  command: version
  prependArgs: [--client]
  appendArgs: [-o, json]
  flags:
  - name: output
    default: yaml
- name: get
  command: version
overrides:
- command: get
  flags:
  - name: output
    default: name
  - name: show-kind
    default: "true"
- command: config view
  flags:
  - name: minify
    default: "true"
- command: nosuch
  flags: []
`,
  unknownFields: `${HEAD}bar: 2\nfoo: 1\naliases:\n- name: ctx\n  command: config current-context\n  zed: 1\n`,
  badYaml: `${HEAD}aliases: [\n`,
  wrongVersion: 'apiVersion: kubectl.config.k8s.io/v1\nkind: Preference\n',
  badAlias: `${HEAD}aliases:\n- name: my-ctx\n  command: version\n`,
  dupAlias: `${HEAD}aliases:\n- name: ctx\n  command: version\n- name: ctx\n  command: get\n`,
  dashFlag: `${HEAD}overrides:\n- command: version\n  flags:\n  - name: -o\n    default: json\n`,
  invalidFlag: `${HEAD}overrides:\n- command: version\n  flags:\n  - name: nosuchflag\n    default: json\n`,
  badBool: `${HEAD}overrides:\n- command: version\n  flags:\n  - name: client\n    default: maybe\n`,
  aliasNoCommand: `${HEAD}aliases:\n- name: ctx\n  command: nosuch sub\n`,
  aliasBadFlag: `${HEAD}aliases:\n- name: ctx\n  command: config current-context\n  flags:\n  - name: nosuch\n    default: x\n`,
  aliasOverridden: `${HEAD}aliases:\n- name: ctx\n  command: version\noverrides:\n- command: ctx\n  flags:\n  - name: client\n    default: "true"\n`,
  multiDoc: `---\napiVersion: v1\nkind: Other\n---\n${HEAD}aliases:\n- name: ctx\n  command: config current-context\n`,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktl-kuberc-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'kc'), 'apiVersion: v1\nkind: Config\ncurrent-context: here\ncontexts:\n- name: here\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** kubectl names itself (and its path) where ktl names itself. */
const asKtl = (s: string) => s.replaceAll('"kubectl"', '"ktl"').replaceAll(/\S*kubectl\.1\.33/g, 'ktl');

async function both(args: string[], env: Record<string, string> = {}) {
  const [k, r] = await Promise.all([
    ktl(args, { env, cwd: dir }),
    kubectl(args, { env: { KUBECTL_KUBERC: 'true', ...env }, cwd: dir }),
  ]);
  return { k, r };
}

describe('kuberc files beside kubectl 1.33', () => {
  const local = () => ({ KUBECONFIG: path.join(dir, 'kc') });
  test.each([
    ['good', ['ctx']],
    ['good', ['vj']],
    ['good', ['vj', '-o', 'yaml']],
    ['good', ['config', 'view']],
    ['good', ['config', 'view', '--minify=false']],
    ['unknownFields', ['ctx']],
    ['multiDoc', ['ctx']],
    ['badYaml', ['ctx']],
    ['wrongVersion', ['version', '--client']],
    ['badAlias', ['version', '--client']],
    ['dupAlias', ['version', '--client']],
    ['dashFlag', ['version', '--client']],
    ['invalidFlag', ['version', '--client']],
    ['badBool', ['version']],
    ['aliasNoCommand', ['ctx']],
    ['aliasBadFlag', ['ctx']],
    ['aliasOverridden', ['ctx']],
    ['aliasOverridden', ['config', 'current-context']],
    ['missing', ['version', '--client']],
  ])('%s: %j', async (file, args) => {
    const { k, r } = await both([...args, '--kuberc', file], local());
    // version --client prints each program's own version: compare its shape only
    const versionless = (s: string) => s.replace(/"(gitVersion|gitCommit|buildDate|goVersion|compiler|major|minor)": "[^"]*"/g, '"$1": ""').replace(/,\n\s*"kustomizeVersion": "[^"]*"/, '').replace(/^kustomizeVersion: .*\n/m, '').replace(/Client Version: .*\n(Kustomize Version: .*\n)?/, 'Client Version\n');
    expect(k.stderr).toBe(asKtl(r.stderr));
    expect(versionless(k.stdout)).toBe(versionless(r.stdout));
    expect(k.code).toBe(r.code);
  });

  test('--kuberc given twice: the first names the file, as kubectl reads it; --kuberc=a=b names a', async () => {
    const versionless = (s: string) => s.replace(/"(gitVersion|gitCommit|buildDate|goVersion|compiler)": "[^"]*"/g, '"$1": ""').replace(/,\n\s*"kustomizeVersion": "[^"]*"/, '');
    for (const args of [['vj', '--kuberc', 'good', '--kuberc', 'badYaml'], ['vj', '--kuberc=good=x'], ['ctx', '--kuberc', 'good', '--kuberc=']]) {
      const { k, r } = await both(args, local());
      expect(r.code).toBe(0);
      expect({ args, out: versionless(k.stdout), err: k.stderr }).toEqual({ args, out: versionless(r.stdout), err: asKtl(r.stderr) });
    }
  });

  test('the texts kubectl prints for broken files', async () => {
    const r = await kubectl(['version', '--client', '--kuberc', 'badAlias'], { env: { KUBECTL_KUBERC: 'true' }, cwd: dir });
    expect(r.stderr).toBe('error occurred while applying preferences invalid alias name, can only include alphabetical characters\n');
    const u = await ktl(['ctx', '--kuberc', 'unknownFields'], { cwd: dir, env: local() });
    expect(u).toEqual({
      code: 0,
      stdout: 'here\n',
      stderr: 'kuberc: ignoring strict decoding error in unknownFields: strict decoding error: unknown field "aliases[0].zed", unknown field "bar", unknown field "foo"',
    });
  });
});

describe('kuberc against the cluster', () => {
  test('an override\'s defaults, and explicit flags winning over them', async () => {
    for (const args of [['get', 'ns', 'default'], ['get', 'ns', 'default', '-o', 'yaml'], ['getns', 'default', 'kube-system'], ['getns', '-o', 'name', 'default']]) {
      const { k, r } = await both([...args, '--kuberc', 'good']);
      expect(r.code).toBe(0);
      expect(k).toEqual(r);
    }
    const { k } = await both(['get', 'ns', 'default', '--kuberc', 'good']);
    expect(k.stdout).toBe('namespace/default\n');
  });
});

describe('on by default in ktl', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), 'ktl-kuberc-home-'));
    mkdirSync(path.join(home, '.kube'));
    writeFileSync(path.join(home, '.kube', 'kuberc'), FILES.good!);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  test('~/.kube/kuberc is read without KUBECTL_KUBERC; KUBECTL_KUBERC=false, KUBERC=off and --kuberc=off turn it off', async () => {
    const env = { HOME: home, KUBECONFIG: path.join(dir, 'kc') };
    const on = await ktl(['ctx'], { env });
    expect(on).toEqual({ code: 0, stdout: 'here\n', stderr: 'Warning: command "nosuch" not found to set kuberc override\n' });
    for (const off of [{ KUBECTL_KUBERC: 'false' }, { KUBERC: 'off' }]) {
      const r = await ktl(['ctx'], { env: { ...env, ...off } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: unknown command "ctx" for "ktl"/);
    }
    const r = await ktl(['ctx', '--kuberc=off'], { env });
    expect(r.stderr).toMatch(/^error: unknown command "ctx" for "ktl"/);
    // kubectl 1.33 reads it only when asked
    const ref = await kubectl(['ctx'], { env });
    expect(ref.stderr).toMatch(/^error: unknown command "ctx" for "kubectl"/);
    const asked = await kubectl(['ctx'], { env: { ...env, KUBECTL_KUBERC: 'true' } });
    expect(asked.stdout).toBe(on.stdout);
  });

  test('KUBERC=off with --kuberc is refused as kubectl refuses it', async () => {
    const { k, r } = await both(['version', '--client', '--kuberc', 'good'], { KUBERC: 'off' });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error occurred while applying preferences kuberc error disabling kuberc via KUBERC=off and passing kuberc flag are mutually exclusive\n' });
    expect(k).toEqual(r);
  });
});
