/**
 * A server that refuses every connection (127.0.0.1:1): what each command
 * says, as kubectl 1.33 says it (outputs recorded with kubectl.1.33 against
 * the same kubeconfig). The klog header (date, time, pid) is normalised.
 * Commands that wrap the failure name the request as Go's url.Error does;
 * -f commands fail as cli-runtime's builder fails (schema download with
 * validation on, `unable to recognize` per document without), one klog line
 * per discovery attempt.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runKtl } from '../../helpers/fake-io.js';
import { tempDirSync } from '../../helpers/temp.js';

let dir: string;
let env: Record<string, string>;
const SERVER = 'https://127.0.0.1:1';
const REFUSED = 'dial tcp 127.0.0.1:1: connect: connection refused';
const klog = `E memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"${SERVER}/api?timeout=32s\\": ${REFUSED}"\n`;
const recognize = (f: string) => `unable to recognize "${f}": Get "${SERVER}/api?timeout=32s": ${REFUSED}`;
const validating = (f: string) =>
  `error validating "${f}": error validating data: failed to download openapi: Get "${SERVER}/openapi/v2?timeout=32s": ${REFUSED}; if you choose to ignore these errors, turn validation off with --validate=false`;
const parseError = 'error parsing bad.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context';

beforeAll(() => {
  dir = tempDirSync('ktl-unreachable-');
  writeFileSync(
    path.join(dir, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "${SERVER}", insecure-skip-tls-verify: true}\n  name: dead\ncontexts:\n- context: {cluster: dead, user: u}\n  name: dead\ncurrent-context: dead\nusers:\n- name: u\n  user: {token: abc}\n`,
  );
  const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\n`;
  writeFileSync(path.join(dir, 'two.yaml'), `${cm('a')}---\n${cm('b')}`);
  writeFileSync(path.join(dir, 'c.yaml'), cm('c'));
  writeFileSync(path.join(dir, 'bad.yaml'), 'a: b\n c: d\n');
  // a cache of its own: no discovery from an earlier run
  env = { KUBECONFIG: path.join(dir, 'kubeconfig'), KUBECACHEDIR: path.join(dir, 'cache') };
});

const normalise = (s: string) => s.replace(/^E\d{4} [\d:.]+ +\d+ /gm, 'E ');

describe('a server that refuses connections', () => {
  const cases: Array<[string, string[], string, number]> = [
    ['create generators wrap the POST', ['create', 'cm', 'x'], `error: failed to create configmap: Post "${SERVER}/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict": ${REFUSED}\n`, 1],
    ['create token wraps the POST', ['create', 'token', 's'], `error: failed to create token: Post "${SERVER}/api/v1/namespaces/default/serviceaccounts/s/token": ${REFUSED}\n`, 1],
    ['create namespace does not wrap', ['create', 'ns', 'n'], 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n', 1],
    ['get -f: each document, bare', ['get', '-f', 'two.yaml'], `${klog}${klog}${recognize('two.yaml')}\n${recognize('two.yaml')}\n`, 1],
    ['delete -f: one document', ['delete', '-f', 'c.yaml'], `${klog}error: ${recognize('c.yaml')}\n`, 1],
    ['describe -f: a lone builder error is bare', ['describe', '-f', 'c.yaml'], `${klog}${recognize('c.yaml')}\n`, 1],
    ['describe -f: a parse error alone is bare too', ['describe', '-f', 'bad.yaml'], `${parseError}\n`, 1],
    ['apply --validate=false: per document', ['apply', '-f', 'bad.yaml', '-f', 'two.yaml', '--validate=false'], `${klog}${klog}${parseError}\n${recognize('two.yaml')}\n${recognize('two.yaml')}\n`, 1],
    ['apply: the schema download, no klog line', ['apply', '-f', 'two.yaml'], `error: ${validating('two.yaml')}\n`, 1],
    ['apply: read errors, then one validation error per file', ['apply', '-f', 'bad.yaml', '-f', 'two.yaml', '-f', 'c.yaml'], `${parseError}\n${validating('two.yaml')}\n${validating('c.yaml')}\n`, 1],
    ['create -f --dry-run=client validates too', ['create', '-f', 'two.yaml', '--dry-run=client'], `error: ${validating('two.yaml')}\n`, 1],
    ['replace -f: validation error, then the parse error', ['replace', '-f', 'two.yaml', '-f', 'bad.yaml'], `${validating('two.yaml')}\n${parseError}\n`, 1],
    ['diff: one discovery, the first error stops it', ['diff', '-f', 'two.yaml'], `${klog}error: ${recognize('two.yaml')}\n`, 2],
    ['diff: a parse error first', ['diff', '-f', 'bad.yaml', '-f', 'two.yaml'], `${klog}error: ${parseError}\n`, 2],
  ];
  test.each(cases.map(([title, args, stderr, code]) => ({ title, args, stderr, code })))('$title', async ({ args, stderr, code }) => {
    const r = await runKtl(args, { env, cwd: dir });
    expect({ stdout: r.stdout, stderr: normalise(r.stderr), code: r.code }).toEqual({ stdout: '', stderr, code });
  });
});

/**
 * How often kubectl logs the memcache line depends on how many times its
 * RESTMapper stack asks discovery before giving up (one attempt per type for
 * category expansion in the TYPE form, four for mapping a type: the
 * shortcut expander and the deferred mapper, for KindFor and RESTMapping;
 * two for a plain ResourceFor; none for top's plain discovery client).
 * Counts measured with kubectl.1.33.
 */
describe('discovery attempts against a server that refuses connections', () => {
  const refused = 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
  const cases: Array<[string[], number, string?]> = [
    [['get', 'pods'], 5],
    [['get', 'pods', '-A'], 5],
    [['get', 'pods,svc'], 6],
    [['get', 'pods,svc,deploy'], 7],
    [['get', 'pods,svc', 'a'], 4],
    [['get', 'pods/foo'], 4],
    [['get', 'pods/a', 'svc/b'], 4],
    [['get', 'ns', 'default'], 5],
    [['describe', 'pods'], 5],
    [['delete', 'pods', 'x'], 5],
    [['label', 'pods', 'x', 'a=b'], 5],
    [['scale', 'deploy', 'x', '--replicas=1'], 5],
    [['rollout', 'status', 'deploy', 'x'], 5],
    [['logs', 'foo'], 4],
    [['logs', 'pods', 'foo'], 4],
    [['attach', 'x'], 4],
    [['port-forward', 'x', '80'], 4],
    [['wait', '--for=delete', 'pod/x'], 4],
    [['explain', 'pods'], 2],
    [['taint', 'node', 'x', 'a=b:NoSchedule'], 2],
    [['auth', 'can-i', 'get', 'pods'], 2, "Warning: the server doesn't have a resource type 'pods'\n\n"],
    [['top', 'pod'], 0],
    // run maps the Pod kind before it creates it (its client dry run stays offline in ktl)
    [['run', 'p', '--image=x'], 1],
    [['run', 'p', '--image=x', '--dry-run=server'], 1],
  ];
  test.each(cases.map(([args, n, between]) => ({ line: args.join(' '), args, n, between: between ?? '' })))('$line: $n lines', async ({ args, n, between }) => {
    const r = await runKtl(args, { env, cwd: dir });
    expect({ stdout: r.stdout, stderr: normalise(r.stderr), code: r.code }).toEqual({ stdout: '', stderr: klog.repeat(n) + between + refused, code: 1 });
  });

  test('cluster-info: five lines (services as a category, then mapped), the footer on stdout', async () => {
    const r = await runKtl(['cluster-info'], { env, cwd: dir });
    expect({ stdout: r.stdout, stderr: normalise(r.stderr), code: r.code }).toEqual({
      stdout: "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
      stderr: klog.repeat(5) + refused,
      code: 1,
    });
  });

  test('diff of no document asks discovery nothing', async () => {
    const r = await runKtl(['diff', '-f', '/dev/null'], { env, cwd: dir });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: '', stderr: '', code: 0 });
  });
});

/** The server URL as client-go reads it, and the address Go names when the dial fails (recorded with kubectl.1.33). */
describe('server URLs', () => {
  const cases: Array<[string, string]> = [
    // the name resolved: Go names the address it dialed
    ['http://localhost:1', 'Get "http://localhost:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused'],
    // no scheme: host:port over http
    ['127.0.0.1:1', 'Get "http://127.0.0.1:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused'],
    ['127.0.0.1:1/', 'Get "http://127.0.0.1:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused'],
    ['HTTP://127.0.0.1:1', 'Get "http://127.0.0.1:1/api?timeout=32s": dial tcp 127.0.0.1:1: connect: connection refused'],
    // a default port written out stays in the URL
    ['http://127.0.0.1:80', 'Get "http://127.0.0.1:80/api?timeout=32s": dial tcp 127.0.0.1:80: connect: connection refused'],
    ['ftp://x', 'Get "ftp://x/api?timeout=32s": unsupported protocol scheme "ftp"'],
  ];
  test.each(cases.map(([server, err]) => ({ server, err })))('api-versions --server=$server', async ({ server, err }) => {
    const r = await runKtl(['api-versions', `--server=${server}`], { env, cwd: dir });
    const line = `E memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: ${err.replace(/"/g, '\\"')}"\n`;
    expect({ stdout: r.stdout, stderr: normalise(r.stderr), code: r.code }).toEqual({
      stdout: '',
      stderr: `${line}error: couldn't get available api versions from server: ${err}\n`,
      code: 1,
    });
  });

  // "//h:p": Go reads a host without a scheme, then "http:////h:p" has a path and no host
  test.each(['localhost:1/foo', 'http://a b', '//127.0.0.1:1'])('a host with a path is refused: %s', async (server) => {
    const r = await runKtl(['get', 'pods', `--server=${server}`], { env, cwd: dir });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: '', stderr: `error: host must be a URL or a host:port pair: "${server}"\n`, code: 1 });
  });

  test('ftp: the connection message names the scheme', async () => {
    const r = await runKtl(['get', 'ns', 'default', '--server=ftp://x'], { env, cwd: dir });
    expect(normalise(r.stderr).split('\n').slice(-2)).toEqual(['Unable to connect to the server: unsupported protocol scheme "ftp"', '']);
  });
});

test('--request-timeout=-1 is refused before anything is sent', async () => {
  const r = await runKtl(['get', 'pods', '--request-timeout=-1'], { env, cwd: dir });
  expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({
    stdout: '',
    stderr: 'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n',
    code: 1,
  });
});
