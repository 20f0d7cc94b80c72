/**
 * Shell completion against the shared cluster: `__complete` answers beside
 * kubectl 1.33's, and a bash with `ktl completion bash` sourced, driven
 * through COMP_WORDS as readline drives it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTwins, ktl, ktlBin, kubectl, removeTwins, runProcess, uniqueNamespace } from './cluster-env.js';

const nsK = uniqueNamespace('e2e-comp-ktl');
const nsR = uniqueNamespace('e2e-comp-ref');
let bin: string;

beforeAll(async () => {
  await createTwins(nsK, nsR);
  for (const ns of [nsK, nsR]) {
    await kubectl(['-n', ns, 'create', 'configmap', 'alpha-one']);
    await kubectl(['-n', ns, 'create', 'configmap', 'alpha-two']);
    await kubectl(['-n', ns, 'create', 'configmap', 'beta']);
    await kubectl(['-n', ns, 'apply', '-f', '-'], { input: PODS });
  }
  bin = mkdtempSync(path.join(tmpdir(), 'ktl-comp-bin-'));
  writeFileSync(path.join(bin, 'ktl'), `#!/bin/sh\nexec "${process.execPath}" "${ktlBin}" "$@"\n`);
  chmodSync(path.join(bin, 'ktl'), 0o755);
});

afterAll(async () => {
  await removeTwins(nsK, nsR);
  rmSync(bin, { recursive: true, force: true });
});

const lines = (s: string) => s.split('\n').filter(Boolean);

/** A pod with an init container, two containers and ports; a Deployment and a Service over pods of the same label. */
const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: comp-web}}
spec:
  initContainers: [{name: setup, image: busybox}]
  containers:
  - {name: app, image: nginx, ports: [{containerPort: 8080}, {containerPort: 9090}]}
  - {name: sidecar, image: busybox}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: comp-web}
spec:
  replicas: 1
  selector: {matchLabels: {app: comp-deploy}}
  template:
    metadata: {labels: {app: comp-deploy}}
    spec: {containers: [{name: only, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: comp-svc}
spec: {selector: {app: comp-web}, ports: [{port: 80, targetPort: 8080}, {name: b, port: 443}]}
`;

describe('__complete beside kubectl', () => {
  test.each([
    [['-n', 'kube-']],
    [['get', '-o', '']],
    [['get', '--output=json']],
    [['config', 'use-context', '']],
    [['rollout', 'status', '']],
  ])('%j: the same answer', async (words) => {
    const [k, r] = await Promise.all([ktl(['__complete', ...words]), kubectl(['__complete', ...words])]);
    expect(r.code).toBe(0);
    // kubectl lists kubeconfig names in Go's random map order (ktl sorts; the shells sort anyway)
    const norm = (s: string) => (words[0] === 'config' ? lines(s).sort().join('\n') : s);
    expect(norm(k.stdout)).toBe(norm(r.stdout));
    expect(k.code).toBe(0);
  });

  test('object names in the namespace given with -n, and after a name already given', async () => {
    for (const words of [['get', 'configmaps', 'alpha'], ['get', 'cm', 'alpha-one', ''], ['get', 'configmap/a']]) {
      const [k, r] = await Promise.all([
        ktl(['__complete', '-n', nsK, ...words]),
        kubectl(['__complete', '-n', nsR, ...words]),
      ]);
      expect(r.stdout).not.toBe(':4\n');
      expect(k.stdout).toBe(r.stdout);
    }
  });

  test('pods, containers, ports, nodes and flag values: the same answers (kubectl\'s completion functions)', async () => {
    // the Deployment's pod, which logs deployment/NAME completes the containers of, must exist in both
    for (const ns of [nsK, nsR]) await kubectl(['-n', ns, 'rollout', 'status', 'deployment/comp-web', '--timeout=120s']);
    const cases = [
      ['logs', ''],
      ['logs', 'we'],
      ['attach', 'dep'],
      ['exec', 'pods/'],
      ['logs', 'web-1', ''],
      ['logs', 'pod/web-1', 's'],
      ['logs', 'deployment/comp-web', ''],
      ['exec', 'web-1', '-c', ''],
      ['exec', 'web-1', ''],
      ['port-forward', 'web-1', ''],
      ['port-forward', 'web-1', '7000'],
      ['port-forward', 'svc/comp-svc', ''],
      ['get', 'pods', '--subresource', ''],
      ['taint', ''],
      ['cordon', ''],
      ['top', 'node', ''],
      ['top', 'pod', 'web'],
      ['autoscale', ''],
      ['create', 'clusterrolebinding', 'x', '--clusterrole', 'adm'],
    ];
    for (const words of cases) {
      const [k, r] = await Promise.all([ktl(['__complete', '-n', nsK, ...words]), kubectl(['__complete', '-n', nsR, ...words])]);
      // the Deployment's pod has a generated name in each namespace
      const pod = (out: string) => out.replace(/^(pods\/)?comp-web-[a-z0-9]+-[a-z0-9]+$/m, '$1comp-web-POD');
      expect({ words, out: pod(k.stdout) }).toEqual({ words, out: pod(r.stdout) });
    }
  });

  test('resource types: kubectl\'s list from the discovery cache (no short names)', async () => {
    // one fresh discovery cache for both, so both see the server as it is now (a shared cache may
    // still hold a custom resource another test deleted); read again while a CRD comes or goes meanwhile
    const snapshot = async () => {
      const cache = await mkdtemp(path.join(os.tmpdir(), 'ktl-compl-cache-'));
      try {
        const env = { KUBECACHEDIR: cache };
        return await Promise.all([ktl(['__completeNoDesc', 'get', ''], { env }), kubectl(['__completeNoDesc', 'get', ''], { env })]);
      } finally {
        await rm(cache, { recursive: true, force: true });
      }
    };
    // custom resources other tests create come and go between the two discovery caches: built-in groups only
    const builtin = (t: string) => !t.includes('.') || /^[a-z0-9-]+\.(apps|batch|autoscaling|policy|[a-z0-9.-]*k8s\.io)$/.test(t) || t.startsWith(':');
    const read = async () => {
      const [k, r] = await snapshot();
      return { ref: lines(r.stdout).filter(builtin), mine: lines(k.stdout).filter(builtin) };
    };
    let v = await read();
    for (let i = 0; i < 3 && JSON.stringify(v.mine) !== JSON.stringify(v.ref); i++) v = await read();
    expect(v.mine).toEqual(v.ref);
    expect(v.mine).not.toContain('svc');
  });
});

describe('flag names beside kubectl (no server needed)', () => {
  /** kubectl's klog/profiling flags ktl does not have; ktl's own extensions */
  const KUBECTL_ONLY = new Set<string>();
  const KTL_ONLY = new Set(['--all-contexts', '--contexts', '--color', '--concurrency', '--wait-ready']);
  test.each([
    [[]], [['get']], [['describe']], [['delete']], [['apply']], [['label']], [['annotate']], [['patch']], [['scale']],
    [['logs']], [['attach']], [['port-forward']], [['rollout', 'status']], [['set', 'image']], [['set', 'env']], [['wait']],
    [['top', 'pod']], [['auth', 'can-i']], [['config']], [['config', 'view']], [['config', 'set-context']], [['drain']],
    // (create deployment --image=a is left out: kubectl's --image there is a repeatable []string, ktl's help and flag say '')
    [['create', 'cronjob', 'x', '--image=a', '--schedule=s']], [['create', 'cronjob', 'x']], [['run', 'x']], [['plugin', 'list']],
  ])('%j --<TAB>', async (words) => {
    const names = (s: string) => lines(s).filter((l) => !l.startsWith(':'));
    const [k, r] = await Promise.all([
      ktl(['__completeNoDesc', ...words, '--']),
      kubectl(['__completeNoDesc', ...words, '--'], { env: { KUBECTL_KUBERC: 'true' } }),
    ]);
    // ktl adds --wait to the writes it can wait for (the same as --wait-ready)
    const mine = names(k.stdout).filter((n) => !KTL_ONLY.has(n) && !(n === '--wait' && !names(r.stdout).includes('--wait')));
    expect(mine).toEqual(names(r.stdout).filter((n) => !KUBECTL_ONLY.has(n)));
    expect(lines(k.stdout).at(-1)).toBe(lines(r.stdout).at(-1));
  });

  test('descriptions: the same lines where the help texts are kubectl\'s', async () => {
    for (const words of [['get', '--show-'], ['config', 'view', '--kube'], ['config', 'set-context', '--'], ['co'], ['rollout', '']]) {
      const [k, r] = await Promise.all([ktl(['__complete', ...words]), kubectl(['__complete', ...words], { env: { KUBECTL_KUBERC: 'true' } })]);
      const drop = (s: string) => lines(s).filter((l) => ![...KUBECTL_ONLY, ...KTL_ONLY].includes(l.split('\t')[0]!));
      expect({ words, out: drop(k.stdout) }).toEqual({ words, out: drop(r.stdout) });
    }
  });
});

describe('bash with the completion script sourced', () => {
  /** Completes each line as readline would (words split at spaces, "=" and ":"); prints COMPREPLY. */
  async function bashComplete(...cmdLines: string[]): Promise<string[]> {
    const script = `
source <(ktl completion bash) || exit 9
complete -p ktl >/dev/null || exit 8
comp() {
  local line=$1
  COMP_LINE=$line; COMP_POINT=\${#line}
  read -ra COMP_WORDS <<<"$(sed -E 's/([=:])/ \\1 /g' <<<"$line")"
  [[ $line == *[[:space:]=] ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _ktl ktl "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\\n' "\${COMPREPLY[*]}"
}
${cmdLines.map((l) => `comp '${l}'`).join('\n')}
`;
    const r = await runProcess('bash', ['--norc', '-c', script], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.split('\n').slice(0, -1);
  }

  test('ktl get po<TAB> and ktl -n kube-<TAB>', async () => {
    const [po, ns] = await bashComplete('ktl get po', 'ktl -n kube-');
    expect(po!.split(' ')).toEqual(expect.arrayContaining(['pods', 'podtemplates', 'poddisruptionbudgets.policy']));
    expect(po!.split(' ').every((c) => c.startsWith('po'))).toBe(true);
    expect(ns!.split(' ')).toEqual(expect.arrayContaining(['kube-system', 'kube-public']));
    expect(ns!.split(' ').every((c) => c.startsWith('kube-'))).toBe(true);
  });

  test('commands, flags, -o values written with "=", names in a namespace', async () => {
    const out = await bashComplete('ktl conf', 'ktl get --show-l', 'ktl get -o=jsonpath-', `ktl -n ${nsK} get cm alpha-`);
    expect(out).toEqual(['config', '--show-labels', 'jsonpath-as-json jsonpath-file', 'alpha-one alpha-two']);
  });

  test('ktl\'s many-contexts flags: --all-con<TAB>, --context A,<TAB>, --contexts <TAB>', async () => {
    const kc = path.join(bin, 'contexts.yaml');
    writeFileSync(
      kc,
      'apiVersion: v1\nkind: Config\ncurrent-context: prod-eu\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
        'contexts:\n- {name: prod-eu, context: {cluster: c}}\n- {name: prod-us, context: {cluster: c}}\n- {name: staging, context: {cluster: c}}\n',
    );
    const out = await bashComplete(
      'ktl get pods --all-con',
      `ktl --kubeconfig ${kc} get pods --context prod-eu,`,
      `ktl --kubeconfig ${kc} get pods --context=prod-eu,st`,
      `ktl --kubeconfig ${kc} get pods --contexts pr`,
    );
    expect(out).toEqual(['--all-contexts', 'prod-eu,prod-us prod-eu,staging', 'prod-eu,staging', 'prod-eu prod-us']);
  });
});

/** fish is not on every test machine (the CI image has bash only); where it is, its script is driven with `complete -C`. */
const fish = ['/usr/bin/fish', '/usr/local/bin/fish', '/bin/fish'].find((f) => existsSync(f));
(fish ? describe : describe.skip)('fish with the completion script sourced', () => {
  test('commands, flags, -o values written with "=", namespaces from the server, a comma list of contexts', async () => {
    const kc = path.join(bin, 'fish-contexts.yaml');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts:\n- {name: a, context: {cluster: c}}\n- {name: b, context: {cluster: c}}\n');
    const lines = ['ktl conf', 'ktl get --show-l', 'ktl get -o=jsonpath-', 'ktl -n kube-', `ktl --kubeconfig ${kc} get pods --context a,`];
    const script = `ktl completion fish | source\n${lines.map((l) => `complete -C '${l}'; echo ---`).join('\n')}\n`;
    const r = await runProcess(fish!, ['--no-config', '-c', script], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(r.stderr).toBe('');
    const answers = r.stdout.split('---\n').slice(0, -1).map((a) => a.split('\n').filter(Boolean).map((l) => l.split('\t')[0]));
    expect(answers[0]).toEqual(['config']);
    expect(answers[1]).toEqual(['--show-labels']);
    expect(answers[2]).toEqual(['-o=jsonpath-as-json', '-o=jsonpath-file']);
    expect(answers[3]).toEqual(expect.arrayContaining(['kube-system', 'kube-public']));
    expect(answers[4]).toEqual(['a,b']);
  });
});
