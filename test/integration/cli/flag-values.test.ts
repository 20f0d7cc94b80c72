/**
 * Flag values pflag refuses (issue 10): each is refused before anything is
 * sent, with pflag's message, cobra's usage footer and kubectl's exit code.
 * The expected texts are kubectl 1.33's, captured with
 * `kubectl.1.33 <args>` (binary name replaced); test/e2e/flag-values.test.ts
 * compares the same lines with the live kubectl.
 */
import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-flag-values-');
const ktl = (args: string[]) => runKtl(['--server', fake.server.url, ...args], { env: { KUBECACHEDIR: fake.dir } });

const usage = (cmd: string) => `See 'ktl ${cmd} --help' for usage.\n`;
const bad = (value: string, flag: string, why: string, cmd: string) =>
  `error: invalid argument "${value}" for "${flag}" flag: ${why}\n${usage(cmd)}`;
const parseBool = (v: string) => `strconv.ParseBool: parsing "${v}": invalid syntax`;
const parseInt = (v: string, why = 'invalid syntax') => `strconv.ParseInt: parsing "${v}": ${why}`;

describe('flag values pflag refuses: one line, usage footer, nothing sent', () => {
  const cases: Array<[string[], string, number?]> = [
    // -v is klog's Level: an int32
    [['get', 'pods', '-v=abc'], bad('abc', '-v, --v', parseInt('abc'), 'get')],
    [['get', 'pods', '-v', 'abc'], bad('abc', '-v, --v', parseInt('abc'), 'get')],
    [['get', 'pods', '--v=3a'], bad('3a', '-v, --v', parseInt('3a'), 'get')],
    [['get', 'pods', '-v=999999999999'], bad('999999999999', '-v, --v', parseInt('999999999999', 'value out of range'), 'get')],
    [['get', 'pods', '-v=2147483648'], bad('2147483648', '-v, --v', parseInt('2147483648', 'value out of range'), 'get')],
    // before the verb: the footer still names the command
    [['-v=abc', 'get', 'pods'], bad('abc', '-v, --v', parseInt('abc'), 'get')],
    [['-n', 'x', '-v=abc', 'get', 'pods'], bad('abc', '-v, --v', parseInt('abc'), 'get')],
    // boolean flags, long and shorthand with "=": -w=abc used to start a watch that never ended
    [['get', 'pods', '-w=abc'], bad('abc', '-w, --watch', parseBool('abc'), 'get')],
    [['get', 'pods', '--watch=abc'], bad('abc', '-w, --watch', parseBool('abc'), 'get')],
    [['get', 'pods', '-A=xyz'], bad('xyz', '-A, --all-namespaces', parseBool('xyz'), 'get')],
    [['get', 'pods', '--show-labels='], bad('', '--show-labels', parseBool(''), 'get')],
    [['get', 'pods', '--no-headers=2'], bad('2', '--no-headers', parseBool('2'), 'get')],
    [['version', '--client=yes'], bad('yes', '--client', parseBool('yes'), 'version')],
    [['config', 'view', '--raw=nope'], bad('nope', '--raw', parseBool('nope'), 'config view')],
    [['config', 'set-context', '--current=x', '--namespace=y'], bad('x', '--current', parseBool('x'), 'config set-context')],
    [['rollout', 'status', 'deploy/x', '--watch=nope'], bad('nope', '-w, --watch', parseBool('nope'), 'rollout status')],
    [['delete', 'cm', 'x', '--wait=nope'], bad('nope', '--wait', parseBool('nope'), 'delete')],
    // integers and durations
    [['get', 'pods', '--chunk-size=abc'], bad('abc', '--chunk-size', parseInt('abc'), 'get')],
    [['get', 'pods', '--chunk-size', 'abc'], bad('abc', '--chunk-size', parseInt('abc'), 'get')],
    [['scale', 'deploy', 'x', '--replicas=abc'], bad('abc', '--replicas', parseInt('abc'), 'scale')],
    [['delete', 'pods', 'x', '--grace-period=abc'], bad('abc', '--grace-period', parseInt('abc'), 'delete')],
    [['wait', 'pods', 'x', '--timeout=abc'], bad('abc', '--timeout', 'time: invalid duration "abc"', 'wait')],
    [['create', 'deployment', 'x', '--image=a', '--replicas=abc', '--dry-run=client'], bad('abc', '-r, --replicas', parseInt('abc'), 'create deployment')],
    // checked while the line is parsed: before required flags and arguments
    [['create', 'deployment', '--port=zzz'], bad('zzz', '--port', parseInt('zzz'), 'create deployment')],
    [['create', 'priorityclass', '--value=zzz'], bad('zzz', '--value', parseInt('zzz'), 'create priorityclass')],
    [['create', 'service', 'nodeport', '--node-port=zzz'], bad('zzz', '--node-port', parseInt('zzz'), 'create service nodeport')],
    [['scale', '--current-replicas=zzz'], bad('zzz', '--current-replicas', parseInt('zzz'), 'scale')],
    [['scale', '--timeout=zzz'], bad('zzz', '--timeout', 'time: invalid duration "zzz"', 'scale')],
    [['logs', '--tail=zzz'], bad('zzz', '--tail', parseInt('zzz'), 'logs')],
    [['logs', '--since=zzz'], bad('zzz', '--since', 'time: invalid duration "zzz"', 'logs')],
    [['attach', '--pod-running-timeout=zzz'], bad('zzz', '--pod-running-timeout', 'time: invalid duration "zzz"', 'attach')],
    [['drain', '--grace-period=zzz'], bad('zzz', '--grace-period', parseInt('zzz'), 'drain')],
    [['drain', '--timeout=zzz'], bad('zzz', '--timeout', 'time: invalid duration "zzz"', 'drain')],
    // `-X=` with nothing after: a boolean shorthand is set and "=" read as the next shorthand
    [['get', 'pods', '-A='], "error: unknown shorthand flag: '=' in -=\nSee 'ktl get --help' for usage.\n"],
    [['get', 'pods', '-o='], 'error: unable to match a printer suitable for the output format "=", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n'],
    // a bare boolean flag does not take the next word as its value
    [['config', 'view', '--raw', 'nope'], "error: unexpected arguments: [nope]\nSee 'ktl config view -h' for help and examples\n"],
    [['api-resources', '--namespaced', 'nope'], "error: unexpected arguments: [nope]\nSee 'ktl api-resources -h' for help and examples\n"],
    // a negative number is shorthand flags to pflag (an unknown one), never an argument;
    // an unknown flag before it is still the one reported; as a flag's value it is a value
    [['logs', 'pod', '-1'], "error: unknown shorthand flag: '1' in -1\nSee 'ktl logs --help' for usage.\n"],
    [['exec', 'pod', '-1', '--', 'true'], "error: unknown shorthand flag: '1' in -1\nSee 'ktl exec --help' for usage.\n"],
    [['port-forward', 'pod', '-1'], "error: unknown shorthand flag: '1' in -1\nSee 'ktl port-forward --help' for usage.\n"],
    [['get', 'pods', '-2.5'], "error: unknown shorthand flag: '2' in -2.5\nSee 'ktl get --help' for usage.\n"],
    [['get', 'pods', '--bogus', '-1'], "error: unknown flag: --bogus\nSee 'ktl get --help' for usage.\n"],
    [['get', 'pods', '-1', '--bogus'], "error: unknown shorthand flag: '1' in -1\nSee 'ktl get --help' for usage.\n"],
    [['scale', 'deploy', 'x', '--replicas', '-2'], 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'],
    // diff words flag errors as usage errors and exits 2 (kubectl's CheckDiffErr)
    [['diff', '-f', '/dev/null', '--server-side=abc'], `error: invalid argument "abc" for "--server-side" flag: ${parseBool('abc')}\nSee 'ktl diff -h' for help and examples\n`, 2],
    [['diff', '--concurrency=abc'], `error: invalid argument "abc" for "--concurrency" flag: ${parseInt('abc')}\nSee 'ktl diff -h' for help and examples\n`, 2],
  ];
  test.each(cases)('%j', async (args, stderr, code = 1) => {
    fake.server.discovery();
    const r = await ktl(args);
    expect(r).toEqual({ code, stdout: '', stderr });
    expect(fake.server.requests.map((q) => `${q.method} ${q.url}`)).toEqual([]);
  });
});

describe('boolean flag values pflag accepts', () => {
  const podList = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [{ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p1', namespace: 'ns1' } }] };

  test('-A=true lists every namespace; -A=0 only the current one', async () => {
    fake.server.discovery().json('GET', '/api/v1/pods', podList).json('GET', '/api/v1/namespaces/default/pods', { ...podList, items: [] });
    expect(await ktl(['get', 'pods', '-A=true', '-o', 'name'])).toEqual({ code: 0, stdout: 'pod/p1\n', stderr: '' });
    expect(await ktl(['get', 'pods', '-A=0', '-o', 'name'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fake.server.unexpected).toEqual([]);
  });

  test('--no-headers=true drops the header, --no-headers=false keeps it', async () => {
    fake.server.discovery().json('GET', '/api/v1/namespaces/default/pods', podList);
    const without = await ktl(['get', 'pods', '--no-headers=true', '--server-print=false']);
    const withHeaders = await ktl(['get', 'pods', '--no-headers=false', '--server-print=false']);
    expect(without).toMatchObject({ code: 0, stderr: '' });
    expect(without.stdout).toMatch(/^p1 +<unknown>\n$/);
    expect(withHeaders).toMatchObject({ code: 0, stderr: '' });
    expect(withHeaders.stdout).toMatch(/^NAME +AGE\np1 +<unknown>\n$/);
  });
});

describe('a value shorthand written `-X=` takes "=" as its value (pflag)', () => {
  test('-l= is the selector "=", sent to the server; -n= the namespace "="', async () => {
    fake.server.discovery().json('GET', '/api/v1/namespaces/default/pods', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
    fake.server.json('GET', '/api/v1/namespaces/=/pods', { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
    await ktl(['get', 'pods', '-l=']);
    expect(fake.server.requests.find((q) => q.path === '/api/v1/namespaces/default/pods')?.query.get('labelSelector')).toBe('=');
    expect(await ktl(['get', 'pods', '-n='])).toEqual({ code: 0, stdout: '', stderr: 'No resources found in = namespace.\n' });
  });
});
