/**
 * `__complete` answers (cobra's protocol) for commands, flags, flag values,
 * resource types and names, against the fake API server.
 */
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
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

  test('help is offered as a command and completes command paths, as cobra\'s help command does', async () => {
    expect((await complete('he')).stdout).toBe('help\tHelp about any command\n:4\n');
    expect((await complete('help', 'ro')).stdout).toBe('rollout\tManage the rollout of a resource\n:4\n');
    expect((await runKtl(['__completeNoDesc', 'help', 'rollout', ''], { env: { KUBECONFIG: kubeconfig } })).stdout).toBe('history\npause\nrestart\nresume\nstatus\nundo\n:4\n');
    expect((await complete('help', 'he')).stdout).toBe('help\tHelp about any command\n:4\n');
    expect((await complete('help', 'get', '')).stdout).toBe(':4\n');
    expect((await complete('help', 'nosuch', '')).stdout).toBe(':4\n');
  });

  test('__completeNoDesc drops the descriptions', async () => {
    const r = await runKtl(['__completeNoDesc', 'rollout', ''], { env: { KUBECONFIG: kubeconfig } });
    expect(r.stdout).toBe('history\npause\nrestart\nresume\nstatus\nundo\n:4\n');
  });

  test('flags: inherited first, then the command\'s own with --help, each sorted; shorthands after their long form', async () => {
    const r = await runKtl(['__completeNoDesc', 'get', '-'], { env: { KUBECONFIG: kubeconfig } });
    const lines = r.stdout.trim().split('\n');
    // ktl's --all-contexts sorts first
    expect(lines.slice(0, 4)).toEqual(['--all-contexts', '--as', '--as-group', '--as-uid']);
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

  test('-o values from get\'s formats, also written --output=; other commands complete no -o (kubectl registers it for get only)', async () => {
    expect((await complete('get', '-o', 'j')).stdout).toBe('json\njsonpath\njsonpath-as-json\njsonpath-file\n:4\n');
    expect((await complete('get', '--output=y')).stdout).toBe('yaml\n:4\n');
    expect((await complete('api-resources', '-o', '')).stdout).toBe(':0\n');
    expect((await complete('create', 'deployment', 'x', '-o', '')).stdout).toBe(':0\n');
    expect((await complete('config', 'view', '--output=')).stdout).toBe(':0\n');
  });

  test('a flag without completions leaves file completion to the shell', async () => {
    expect(await complete('apply', '--kubeconfig', '')).toEqual({ code: 0, stdout: ':0\n', stderr: 'Completion ended with directive: ShellCompDirectiveDefault\n' });
  });

  test('-f/--filename: the file extensions kubectl reads, for the shell to filter files by', async () => {
    const ext = { code: 0, stdout: 'json\nyaml\nyml\n:8\n', stderr: 'Completion ended with directive: ShellCompDirectiveFilterFileExt\n' };
    expect(await complete('apply', '-f', '')).toEqual(ext);
    expect(await complete('delete', '--filename=')).toEqual(ext);
    expect(await complete('rollout', 'status', '-f', 'x')).toEqual(ext);
  });

  test('a flag pflag cannot parse ends completion with cobra\'s error on stderr', async () => {
    const err = (msg: string) => ({ code: 0, stdout: ':0\n', stderr: `[Debug] [Error] ${msg}\nCompletion ended with directive: ShellCompDirectiveDefault\n` });
    expect(await complete('explain', '-f', '')).toEqual(err("Error while parsing flags from args [-f]: unknown shorthand flag: 'f' in -f"));
    expect(await complete('get', '--bogus=1', 'pods', '')).toEqual(err('Error while parsing flags from args [--bogus=1 pods]: unknown flag: --bogus'));
    expect(await complete('get', '-Ax', '')).toEqual(err("Error while parsing flags from args [-Ax]: unknown shorthand flag: 'x' in -x"));
    expect(await complete('get', '--show-kind=yes', '')).toEqual(
      err('Error while parsing flags from args [--show-kind=yes]: invalid argument "yes" for "--show-kind" flag: strconv.ParseBool: parsing "yes": invalid syntax'),
    );
    expect(await complete('get', '-A=x', '')).toEqual(
      err('Error while parsing flags from args [-A=x]: invalid argument "x" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "x": invalid syntax'),
    );
    expect(await complete('logs', '--filename=')).toEqual(err("Subcommand 'logs' does not support flag 'filename'"));
    expect(await complete('options', '-x', '')).toEqual({
      code: 0,
      stdout: ':0\nCompletion ended with directive: ShellCompDirectiveDefault\n',
      stderr: "[Debug] [Error] Error while parsing flags from args [-x]: unknown shorthand flag: 'x' in -x\n",
    });
  });

  test('options: cobra\'s closing note goes to stdout (kubectl sends that command\'s output there)', async () => {
    expect(await complete('options', '')).toEqual({ code: 0, stdout: ':0\nCompletion ended with directive: ShellCompDirectiveDefault\n', stderr: '' });
  });

  test('--help ends completion', async () => {
    expect((await complete('get', '--help', '')).stdout).toBe(':4\n');
  });

  test('an unknown command completes nothing; cobra\'s notes on stderr (the plugin setup\'s first unless a flag comes first)', async () => {
    expect(await complete('frobnicate', '')).toEqual({
      code: 0,
      stdout: ':0\n',
      stderr:
        '[Debug] Cleared global flags for plugin completion\n[Debug] [Error] unable to find a command for arguments: [frobnicate]\n' +
        'Completion ended with directive: ShellCompDirectiveDefault\n',
    });
    expect((await complete('-n', 'x', 'frob', 'a', 'b')).stderr).toBe(
      '[Debug] [Error] unable to find a command for arguments: [-n x frob a]\nCompletion ended with directive: ShellCompDirectiveDefault\n',
    );
  });

  test('plugins: their subcommands, then what kubectl_complete-<plugin> prints for the words after the plugin', async () => {
    const { mkdir, chmod } = await import('node:fs/promises');
    const bin = path.join(fake.dir, 'plugbin');
    await mkdir(bin, { recursive: true });
    const script = async (name: string, body: string) => {
      await writeFile(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      await chmod(path.join(bin, name), 0o755);
    };
    await script('kubectl-foo', 'exit 0');
    await script('kubectl-foo-bar', 'exit 0');
    await script('kubectl_complete-foo', 'echo "args:$#:$*"; echo a1; echo b1; echo :4');
    const run = (...words: string[]) => runKtl(['__complete', ...words], { env: { KUBECONFIG: kubeconfig, PATH: bin } });
    const cleared = '[Debug] Cleared global flags for plugin completion\n';
    expect(await run('foo', '')).toEqual({
      code: 0,
      stdout: 'bar\tThe command bar is a plugin installed by the user\nargs:1:\na1\nb1\n:4\n',
      stderr:
        cleared +
        '[Debug] About to look for: ktl_complete-foo\n[Debug] About to look for: kubectl_complete-foo\n' +
        `[Debug] About to call: ${bin}/kubectl_complete-foo \n` +
        'Completion ended with directive: ShellCompDirectiveNoFileComp\n',
    });
    expect((await run('foo', '--x', 'b')).stdout).toBe('args:2:--x b\na1\nb1\n:4\n');
    expect(await run('foo', 'bar', '')).toEqual({
      code: 0,
      stdout: ':0\n',
      stderr:
        cleared +
        '[Debug] About to look for: ktl_complete-foo-bar\n[Debug] About to look for: kubectl_complete-foo-bar\n' +
        '[Debug] Plugin ktl-foo-bar does not provide a matching completion executable\n' +
        'Completion ended with directive: ShellCompDirectiveDefault\n',
    });
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

  test('resource types from discovery (names as api-resources -o name)', async () => {
    fake.server.discovery();
    const r = await complete('get', '');
    const types = r.stdout.trim().split('\n');
    expect(types.slice(0, 5)).toEqual(['configmaps', 'events', 'namespaces', 'nodes', 'pods']);
    expect(types).toContain('deployments.apps');
    expect(types).not.toContain('bindings'); // no "get" verb
    expect((await complete('get', 'po')).stdout).toBe('pods\npods.other.io\n:4\n');
    // no short names, as kubectl
    expect((await complete('get', 'sv')).stdout).toBe(':4\n');
    expect((await complete('get', 'c')).stdout).toBe('configmaps\ncronjobs.batch\nclusterroles.rbac.authorization.k8s.io\n:4\n');
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

describe('__complete: pods, containers, ports and nodes (kubectl\'s completion functions)', () => {
  const pod = (name: string, containers: Array<{ name: string; ports?: number[] }>, init: string[] = []) => ({
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace: 'team-a', labels: { app: 'web' } },
    spec: {
      initContainers: init.map((n) => ({ name: n })),
      containers: containers.map((c) => ({ name: c.name, ports: c.ports?.map((p) => ({ containerPort: p })) })),
    },
    status: { phase: 'Running' },
  });
  const web1 = pod('web-1', [{ name: 'app', ports: [8080, 9090] }, { name: 'sidecar' }], ['init']);

  beforeEach(() => {
    fake.server.discovery();
    fake.server.json('GET', '/api/v1/namespaces/team-a/pods', { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [web1, pod('web-2', [{ name: 'app' }])] });
    fake.server.json('GET', '/api/v1/namespaces/team-a/pods/web-1', web1);
    fake.server.json('GET', '/api/v1/nodes', list(['node-a', 'node-b']));
    fake.server.json('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', list(['admin', 'edit', 'view']));
    fake.server.json('GET', '/api/v1/namespaces/team-a/services/web', { kind: 'Service', apiVersion: 'v1', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }, { port: 443 }] } });
    fake.server.json('GET', '/apis/apps/v1/namespaces/team-a/deployments/web', {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    });
  });

  test.each([
    // pod names, then TYPE/ for the kinds that have pods
    [['logs', ''], 'web-1\nweb-2\ndaemonsets/\ndeployments/\npods/\njobs/\nreplicasets/\nreplicationcontrollers/\nservices/\nstatefulsets/\n:4\n'],
    [['exec', 'w'], 'web-1\nweb-2\n:4\n'],
    // no pod matches: only TYPE/, without a space after it
    [['attach', 'de'], 'deployments/\n:6\n'],
    [['port-forward', 'pods/web-'], 'pods/web-1\npods/web-2\n:4\n'],
    [['exec', 'web-1', ''], ':4\n'],
    // logs' second argument: init containers, then containers
    [['logs', 'web-1', ''], 'init\napp\nsidecar\n:4\n'],
    [['logs', 'web-1', 's'], 'sidecar\n:4\n'],
    [['exec', 'web-1', '-c', ''], 'init\napp\nsidecar\n:4\n'],
    // a workload's pod, as exec/attach would pick it
    [['logs', 'deployment/web', 'a'], 'app\n:4\n'],
    // port-forward: LOCAL:REMOTE, LOCAL being what was typed
    [['port-forward', 'web-1', ''], '8080:8080\n9090:9090\n:4\n'],
    [['port-forward', 'web-1', '7000'], '7000:8080\n7000:9090\n:4\n'],
    [['port-forward', 'web-1', '7000:9'], '7000:9090\n:4\n'],
    [['port-forward', 'svc/web', ''], '80:80\n443:443\n:4\n'],
    [['cordon', 'node-'], 'node-a\nnode-b\n:4\n'],
    [['drain', 'node-a', ''], ':4\n'],
    [['top', 'node', ''], 'node-a\nnode-b\n:4\n'],
    [['top', 'pod', 'web-2'], 'web-2\n:4\n'],
    [['taint', ''], 'node\n:4\n'],
    [['taint', 'node', 'node-b'], 'node-b\n:4\n'],
    [['autoscale', 'rep'], 'replicaset\nreplicationcontroller\n:4\n'],
    [['create', 'clusterrolebinding', 'x', '--clusterrole', 'ed'], 'edit\n:4\n'],
    // kubectl offers the three whatever was typed
    [['get', 'pods', '--subresource', 'st'], 'status\nscale\nresize\n:4\n'],
  ])('%j', async (words, expected) => {
    expect((await complete(...words)).stdout).toBe(expected);
  });
});

const completeNoDesc = (...words: string[]) =>
  runKtl(['__completeNoDesc', ...words], { env: { KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(fake.dir, 'cache'), PATH: '' } });

describe('__complete: ktl\'s flags', () => {
  test('--all-contexts, --contexts and --kuberc are offered among the global flags', async () => {
    expect((await completeNoDesc('get', '--all-c')).stdout).toBe('--all-contexts\n:4\n');
    expect((await completeNoDesc('--contex')).stdout).toBe('--context\n--contexts\n:4\n');
    expect((await completeNoDesc('--kube')).stdout).toBe('--kubeconfig\n--kuberc\n:4\n');
    const off = await runKtl(['__completeNoDesc', '--kube'], { env: { KUBECONFIG: kubeconfig, KUBECTL_KUBERC: 'false' } });
    expect(off.stdout).toBe('--kubeconfig\n:4\n');
  });

  test('--context A,<TAB>: the other contexts after the comma; --contexts: context names', async () => {
    expect((await complete('get', 'pods', '--context', 'dev,')).stdout).toBe('dev,prod\n:4\n');
    expect((await complete('--context=prod,d')).stdout).toBe('prod,dev\n:4\n');
    expect((await complete('--context', 'dev,prod,')).stdout).toBe(':4\n');
    expect((await complete('--contexts', '')).stdout).toBe('dev\nprod\n:4\n');
    // the regular expression is a value: the command is still found after it
    expect((await complete('--contexts', 'p.*', 'ver')).stdout).toBe('version\tPrint the client and server version information\n:4\n');
  });
});

describe('__complete: required flags (cobra\'s MarkFlagRequired in kubectl 1.33)', () => {
  test.each([
    // only the required flags while one is missing, then all the others
    [['create', 'deployment', 'web', '--'], '--image\n:4\n'],
    [['create', 'cronjob', 'x', '--image=a', '--'], '--schedule\n:4\n'],
    // offered with the arguments too, even after "--"
    [['create', 'deployment', 'web', ''], '--image\n:0\n'],
    [['run', 'x', '--', ''], '--image\n:0\n'],
    [['scale', '--re'], '--replicas\n:4\n'],
  ])('%j', async (words, expected) => {
    expect((await completeNoDesc(...words)).stdout).toBe(expected);
  });

  test('once given, the other flags come back', async () => {
    const r = await completeNoDesc('create', 'deployment', 'web', '--image=nginx', '--re');
    // the root's flags first, then the command's own (create's -R is not create deployment's)
    expect(r.stdout).toBe('--request-timeout\n--replicas\n:4\n');
  });
});
