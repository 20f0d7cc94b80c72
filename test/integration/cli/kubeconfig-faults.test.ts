/**
 * A kubeconfig that does not work (a --context, --cluster or --user that
 * names nothing), worded as kubectl 1.33 words it command by command: by the
 * lookup the command makes first (src/config/lookup-order.ts), ahead of the
 * checks kubectl makes after reading the kubeconfig, behind the ones it makes
 * before (required flags, printers of the commands that build theirs first).
 * Each expectation was recorded from kubectl.1.33 on the same kubeconfig (the
 * memcache klog lines left out; none of these lines reaches a server).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: a
contexts:
- name: a
  context: {cluster: c, user: u, namespace: ns1}
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: u
  user: {token: abc}
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, image: nginx}]}
`;

/** [arguments, exit code, stderr] */
const CASES: Array<[string[], number, string]> = [
  [["--context=nope", "get", "pods"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "describe", "pod", "p"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "label", "pod", "p", "a=b"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "version"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "api-resources"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "create", "deployment", "d", "--image=x"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "create", "-f", "pod.yaml"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "apply", "-f", "pod.yaml"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "run", "p", "--image=x"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "create", "token", "s"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "set", "selector", "svc", "s", "a=b"], 1, "Error in configuration: \n* context \"nope\" does not exist\n* context was not found for specified context: nope\n"],
  [["--context=nope", "top", "node"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "top", "pod"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "get", "--raw", "/api"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "cluster-info"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "diff", "-f", "pod.yaml"], 2, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "debug", "p", "--image=x"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "drain", "n1"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "auth", "whoami"], 1, "error: context \"nope\" does not exist\n"],
  [["--cluster=nope", "version"], 1, "error: cluster \"nope\" does not exist\n"],
  [["--cluster=nope", "get", "pods"], 1, "error: no server found for cluster \"nope\"\n"],
  [["--cluster=nope", "set", "selector", "svc", "s", "a=b"], 1, "cluster \"nope\" does not exist\ninvalid configuration: no server found for cluster \"nope\"\n"],
  [["--user=nope", "get", "pods"], 1, "error: auth info \"nope\" does not exist\n"],
  [["--user=nope", "version"], 1, "error: auth info \"nope\" does not exist\n"],
  [["-n", "x", "--context=nope", "get", "pods"], 1, "error: context \"nope\" does not exist\n"],
  [["-n", "x", "--context=nope", "set", "selector", "svc", "s", "a=b"], 1, "error: context \"nope\" does not exist\n"],
  [["-n", "x", "--cluster=nope", "describe", "pod", "p"], 1, "error: cluster \"nope\" does not exist\n"],
  [["--context=nope", "get"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "describe"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "run", "--image=x"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "run", "p"], 1, "error: required flag(s) \"image\" not set\n"],
  [["--context=nope", "create", "pdb", "p", "--selector=a=b"], 1, "error: context \"nope\" does not exist\n"],
  [["--context=nope", "create", "cronjob", "c", "--image=x"], 1, "error: required flag(s) \"schedule\" not set\n"],
  [["--context=nope", "auth", "can-i"], 1, "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'ktl auth can-i -h' for help and examples.\n"],
  [["--context=nope", "get", "--raw", "/x", "-o", "yaml"], 1, "error: --raw and --output are mutually exclusive\n"],
  [["--context=nope", "scale", "deploy", "d", "--replicas=1", "-o", "bad"], 1, "error: unable to match a printer suitable for the output format \"bad\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n"],
  [["--context=nope", "label", "pod", "p", "a=b", "-o", "bad"], 1, "Error in configuration: context was not found for specified context: nope\n"],
  [["--context=nope", "cluster-info", "dump", "-o", "jsonpath={bad"], 1, "error: error parsing jsonpath {bad, unclosed action\n"],
  [["--context=nope", "version", "--client", "-o", "bad"], 1, "error: --output must be 'yaml' or 'json'\n"],
  [["--context=nope", "wait", "pod/p", "--for=bad"], 1, "error: context \"nope\" does not exist\n"],
  [["--cluster=nope", "--server=https://127.0.0.1:1", "get", "pods"], 1, "error: no server found for cluster \"nope\"\n"],
];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktl-kubeconfig-faults-'));
  writeFileSync(path.join(dir, 'kc.yaml'), KUBECONFIG);
  writeFileSync(path.join(dir, 'pod.yaml'), POD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a kubeconfig fault, worded as kubectl words it for each command', () => {
  test.each(CASES)('%j', async (args, code, stderr) => {
    const r = await runKtl(['--kubeconfig=kc.yaml', ...args], { cwd: dir, env: {}, homeDir: dir });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr.replace(/^E\d{4} .*memcache\.go.*\n/gm, '') }).toEqual({ code, stdout: '', stderr });
  });

  test('a command whose own --user names a subject does not read it as the kubeconfig user', async () => {
    const r = await runKtl(['--kubeconfig=kc.yaml', 'create', 'rolebinding', 'r', '--clusterrole=x', '--user=nobody', '--dry-run=client', '-o', 'name'], {
      cwd: dir,
      env: {},
      homeDir: dir,
    });
    expect(r).toEqual({ code: 0, stdout: 'rolebinding.rbac.authorization.k8s.io/r\n', stderr: '' });
  });

  test('a failed request after a working kubeconfig keeps its own error', async () => {
    const r = await runKtl(['--kubeconfig=kc.yaml', '--request-timeout=5s', 'set', 'subject', 'rolebinding', 'r', '--user=x'], { cwd: dir, env: {}, homeDir: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/^E\d{4} .*memcache\.go.*\n/gm, '')).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n');
  });
});
