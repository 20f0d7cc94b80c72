/**
 * `ktl run` against kubectl.1.33: client dry runs (yaml, json, name) for the
 * generator's flags, --expose, --overrides of each type and the usage errors,
 * then real creates in twin namespaces (pods and services, AlreadyExists,
 * server dry run, field manager).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace, type ProcResult } from './cluster-env.js';

const A = uniqueNamespace('ktl-run-a');
const B = uniqueNamespace('ktl-run-b');
beforeAll(() => createTwins(A, B));
afterAll(() => removeTwins(A, B));

/** usage hints name the binary */
const bin = (r: ProcResult) => ({ ...r, stderr: r.stderr.replaceAll("'ktl run", "'kubectl run") });

describe('run --dry-run=client, ktl vs kubectl.1.33', () => {
  const generators: string[][] = [
    ['x', '--image=nginx'],
    ['x', '--image=nginx', '--port=80', '--env=A=1', '--env=B=2', '-l', 'a=b,c=d', '--restart=Never', '--image-pull-policy=IfNotPresent', '--privileged', '--annotations=x=y', '--', 'sleep', '10'],
    ['x', '--image=busybox', '--command', '--', 'sh', '-c', 'echo hi'],
    ['x', '--image=nginx', '--expose', '--port=80'],
    ['x', '--image=nginx', '--expose', '--port=80', '-l', 'a=b'],
    ['x', '--image=nginx', '--port=0', '--restart=OnFailure'],
    ['x', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"x","image":"y"}]}}'],
    ['x', '--image=nginx', '--env=A=1', '--overrides={"spec":{"containers":[{"name":"x","image":"y"}]}}', '--override-type=strategic'],
    ['x', '--image=nginx', '--overrides=[{"op":"add","path":"/spec/nodeName","value":"q"}]', '--override-type=json'],
  ];
  const cases = generators.flatMap((g) => ['yaml', 'json', 'name'].map((fmt) => [g, fmt] as const));
  test.each(cases)('%j -o %s', async (args, fmt) => {
    const dash = args.indexOf('--');
    const full = ['-n', A, 'run', ...(dash < 0 ? args : args.slice(0, dash)), '--dry-run=client', '-o', fmt, ...(dash < 0 ? [] : args.slice(dash))];
    const [a, b] = await Promise.all([ktl(full), kubectl(full)]);
    expect(b.code).toBe(0);
    expect(a).toEqual(b);
  });

  test.each([
    [['x']],
    [['--image=x']],
    [['x', '--image=x', '--restart=Bad']],
    [['x', '--image=x', '--expose']],
    [['x', '--image=x', '--annotations=bad']],
    [['x', '--image=x', '--env=1A=b']],
    [['x', '--image=x', '-l', 'bad label']],
    [['x', '--image=x', '--port=abc']],
    [['x', '--image=x', '--overrides=bad']],
    [['x', '--image=x', '-i']],
  ])('usage error %j', async (args) => {
    const full = ['run', ...args, '--dry-run=client'];
    const [a, b] = await Promise.all([ktl(full), kubectl(full)]);
    expect(b.code).toBe(1);
    expect(bin(a)).toEqual(b);
  });
});

describe('run against the server, ktl vs kubectl.1.33', () => {
  const VARYING = /("?(uid|resourceVersion|creationTimestamp|clusterIP|time)"?: ).*|kube-api-access-\w+|^ *- \d+\.\d+\.\d+\.\d+$/gm;
  const norm = (r: ProcResult, ns: string) => ({ ...r, stdout: r.stdout.replaceAll(ns, 'NS').replace(VARYING, 'X'), stderr: r.stderr.replaceAll(ns, 'NS') });
  async function both(args: string[]) {
    const [a, b] = await Promise.all([ktl(['-n', A, 'run', ...args]), kubectl(['-n', B, 'run', ...args])]);
    expect(norm(a, A)).toEqual(norm(b, B));
    return b;
  }

  test('created, then AlreadyExists; --expose creates the service first; server dry run; -o yaml of both', async () => {
    expect((await both(['p1', '--image=nginx'])).stdout).toBe('pod/p1 created\n');
    expect((await both(['p1', '--image=nginx'])).stderr).toBe('Error from server (AlreadyExists): pods "p1" already exists\n');
    expect((await both(['p2', '--image=nginx', '--port=80', '--expose'])).stdout).toBe('service/p2 created\npod/p2 created\n');
    await both(['p3', '--image=nginx', '--dry-run=server', '-o', 'name']);
    await both(['p4', '--image=nginx', '--port=8080', '--expose', '-o', 'yaml']);
    // the creator's entry comes first; kwok may add its own for the status a moment later
    const managers = async (ns: string) => (await kubectl(['get', 'pod', '-n', ns, 'p1', '-o', 'jsonpath={.metadata.managedFields[0].manager}'])).stdout;
    expect(await managers(A)).toBe('kubectl-run');
    expect(await managers(B)).toBe('kubectl-run');
    const names = async (ns: string) => (await kubectl(['get', 'pods,services', '-n', ns, '-o', 'name'])).stdout;
    expect(await names(A)).toBe(await names(B));
  });
});
