/**
 * `__complete` answers (cobra's protocol) for commands, flags, flag values,
 * resource types and names, against the fake API server.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-complete-');
let kubeconfig: string;

beforeAll(async () => {
  kubeconfig = path.join(fake.dir, 'config');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: fake
  cluster: {server: "${fake.server.url}"}
- name: other-cluster
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: alice
  user: {token: t}
- name: bob
  user: {token: u}
contexts:
- name: dev
  context: {cluster: fake, user: alice, namespace: team-a}
- name: prod
  context: {cluster: other-cluster, user: bob}
`,
  );
});

function complete(...words: string[]) {
  return runKtl(['__complete', ...words], { env: { KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(fake.dir, 'cache'), PATH: '' } });
}

const list = (names: string[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: names.map((name) => ({ metadata: { name } })) });

describe('__complete: commands and flags', () => {
  test('command names with their summaries, and the directive line', async () => {
    const r = await complete('co');
    expect(r).toEqual({
      code: 0,
      stdout: 'completion\tOutput shell completion code for the specified shell (bash, zsh, fish, or powershell)\nconfig\tModify kubeconfig files\ncordon\tMark node as unschedulable\n:4\n',
      stderr: 'Completion ended with directive: ShellCompDirectiveNoFileComp\n',
    });
  });

  test('__completeNoDesc drops the descriptions', async () => {
    const r = await runKtl(['__completeNoDesc', 'rollout', ''], { env: { KUBECONFIG: kubeconfig } });
    expect(r.stdout).toBe('history\npause\nrestart\nresume\nstatus\nundo\n:4\n');
  });

  test('flags: inherited first, then the command\'s own with --help, each sorted; shorthands after their long form', async () => {
    const r = await runKtl(['__completeNoDesc', 'get', '-'], { env: { KUBECONFIG: kubeconfig } });
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['--as', '--as-group', '--as-uid']);
    expect(lines.indexOf('-n')).toBe(lines.indexOf('--namespace') + 1);
    expect(lines.indexOf('--warnings-as-errors')).toBeLessThan(lines.indexOf('--all-namespaces'));
    expect(lines).toContain('--help');
    expect(lines.indexOf('-o')).toBe(lines.indexOf('--output') + 1);
    expect(lines.at(-1)).toBe(':4');
  });

  test('a flag already given is not offered again', async () => {
    const r = await runKtl(['__completeNoDesc', 'get', '--show-kind', '--show-'], { env: { KUBECONFIG: kubeconfig } });
    expect(r.stdout).toBe('--show-labels\n--show-managed-fields\n:4\n');
  });

  test('-o values from the command\'s formats, also written --output=', async () => {
    expect((await complete('get', '-o', 'j')).stdout).toBe('json\njsonpath\njsonpath-as-json\njsonpath-file\n:4\n');
    expect((await complete('get', '--output=y')).stdout).toBe('yaml\n:4\n');
    expect((await complete('api-resources', '-o', '')).stdout).toBe('wide\nname\n:4\n');
  });

  test('a flag without completions leaves file completion to the shell', async () => {
    expect(await complete('apply', '-f', '')).toEqual({ code: 0, stdout: ':0\n', stderr: 'Completion ended with directive: ShellCompDirectiveDefault\n' });
  });

  test('--help ends completion', async () => {
    expect((await complete('get', '--help', '')).stdout).toBe(':4\n');
  });

  test('an unknown command completes nothing', async () => {
    expect((await complete('frobnicate', '')).stdout).toBe(':0\n');
  });

  test('completion shells', async () => {
    expect((await complete('completion', '')).stdout).toBe('bash\nzsh\nfish\npowershell\n:4\n');
  });

  test('no words: cobra\'s argument error', async () => {
    expect(await runKtl(['__complete'])).toEqual({ code: 1, stdout: '', stderr: 'error: requires at least 1 arg(s), only received 0\n' });
  });
});

describe('__complete: kubeconfig names', () => {
  test.each([
    [['--context', ''], 'dev\nprod\n'],
    [['--context=p'], 'prod\n'],
    [['get', '--cluster', ''], 'fake\nother-cluster\n'],
    [['--user', 'b'], 'bob\n'],
    [['config', 'use-context', ''], 'dev\nprod\n'],
    [['config', 'delete-user', 'a'], 'alice\n'],
  ])('%j', async (words, expected) => {
    expect((await complete(...words)).stdout).toBe(`${expected}:4\n`);
  });
});

describe('__complete: from the server', () => {
  test('-n: the namespaces', async () => {
    fake.server.discovery();
    fake.server.json('GET', '/api/v1/namespaces', list(['default', 'kube-public', 'kube-system', 'team-a']));
    expect((await complete('-n', 'kube-')).stdout).toBe('kube-public\nkube-system\n:4\n');
    expect((await complete('get', 'pods', '--namespace', '')).stdout).toBe('default\nkube-public\nkube-system\nteam-a\n:4\n');
  });

  test('resource types from discovery (names as api-resources -o name, then short names that add something)', async () => {
    fake.server.discovery();
    const r = await complete('get', '');
    const types = r.stdout.trim().split('\n');
    expect(types.slice(0, 5)).toEqual(['configmaps', 'events', 'namespaces', 'nodes', 'pods']);
    expect(types).toContain('deployments.apps');
    expect(types).not.toContain('bindings'); // no "get" verb
    expect((await complete('get', 'po')).stdout).toBe('pods\npods.other.io\n:4\n');
    expect((await complete('get', 'sv')).stdout).toBe('svc\n:4\n');
    expect((await complete('get', 'c')).stdout).toBe('configmaps\ncronjobs.batch\nclusterroles.rbac.authorization.k8s.io\ncm\ncj\n:4\n');
    expect((await complete('get', 'de')).stdout).toBe('deployments.apps\n:4\n');
    expect((await complete('get', 'pods,se')).stdout).toBe('pods,services\n:4\n');
  });

  test('names of the given type in the context\'s namespace; type/name; names already given are left out', async () => {
    fake.server.discovery();
    fake.server.json('GET', '/api/v1/namespaces/team-a/pods', list(['web-1', 'web-2', 'db-0']));
    fake.server.json('GET', '/api/v1/namespaces/other/pods', list(['x-1']));
    expect((await complete('get', 'pods', 'w')).stdout).toBe('web-1\nweb-2\n:4\n');
    expect((await complete('get', 'po', 'web-1', '')).stdout).toBe('web-2\ndb-0\n:4\n');
    expect((await complete('get', 'pod/w')).stdout).toBe('pod/web-1\npod/web-2\n:4\n');
    expect((await complete('-n', 'other', 'get', 'pods', '')).stdout).toBe('x-1\n:4\n');
    expect((await complete('delete', 'pod/db-0', 'se')).stdout).toBe('services/\n:6\n');
  });

  test('an unreachable server completes nothing (the discovery error goes to stderr, as kubectl logs it)', async () => {
    const r = await complete('--context', 'prod', 'get', 'pods', '');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(':4\n');
    expect(r.stderr).toMatch(/connection refused"\nCompletion ended with directive: ShellCompDirectiveNoFileComp\n$/);
  });
});
