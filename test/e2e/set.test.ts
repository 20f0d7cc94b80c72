/**
 * `set env --list` (with this run's changes, --resolve, env from stdin) and
 * `set image|env|resources --local`, compared with kubectl.1.33. Listing and
 * --local send nothing, so both tools read the same objects in one namespace.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwins, ktl, kubectl, removeTwins, uniqueNamespace } from './cluster-env.js';

const NS = uniqueNamespace('ktl-set');
const OTHER = uniqueNamespace('ktl-set-unused');
let dir = '';

const ENV_REFS = [
  { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
  { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } },
  { name: 'MISS', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } },
  { name: 'MISS3', valueFrom: { configMapKeyRef: { name: 'nope', key: 'y' } } },
  { name: 'MISS2', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'zz' } } },
  { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
];

beforeAll(async () => {
  dir = await createTwins(NS, OTHER, 'ktl-e2e-set-');
  const k = (...args: string[]) => kubectl(['-n', NS, ...args]);
  await k('create', 'deployment', 'web', '--image=nginx');
  await k('create', 'cm', 'cfg', '--from-literal=k=v');
  await k('create', 'secret', 'generic', 'sec', '--from-literal=s=hidden');
  await k('set', 'env', 'deployment/web', '--from=configmap/cfg');
  await k('set', 'env', 'deployment/web', '--from=secret/sec', 'A=1');
  await k('set', 'resources', 'deploy/web', '--limits=cpu=250m', '--requests=memory=100Mi');
  const ops = ENV_REFS.map((value) => ({ op: 'add', path: '/spec/template/spec/containers/0/env/-', value }));
  await k('patch', 'deployment/web', '--type=json', '-p', JSON.stringify(ops));
  const manifest = (await k('create', 'deployment', 'local', '--image=nginx', '--dry-run=client', '-o', 'yaml')).stdout;
  await writeFile(path.join(dir, 'local.yaml'), manifest);
});
afterAll(() => removeTwins(NS, OTHER, dir));

async function same(args: string[], input?: string) {
  const [a, b] = await Promise.all([ktl(args, { input, cwd: dir }), kubectl(args, { input, cwd: dir })]);
  expect(a).toEqual(b);
  return b;
}

describe('set env --list, ktl vs kubectl.1.33', () => {
  test('--resolve: values of config maps, secrets, fields and resources; failures on stderr by error', async () => {
    const r = await same(['-n', NS, 'set', 'env', 'deployment/web', '--list', '--resolve']);
    expect(r.stdout).toContain('S=hidden\n');
    expect(r.stdout).toContain('CPU=250\n');
    expect(r.stderr).toBe(
      'error retrieving reference for MISS, MISS3: configmaps "nope" not found\n' +
        'error retrieving reference for MISS2: key zz not found in config map cfg\n' +
        'error retrieving reference for NODE: unsupported fieldPath: spec.nodeName\n',
    );
  });

  test('the listing includes this run\'s changes (args, stdin, --from) and sends nothing', async () => {
    const r = await same(['-n', NS, 'set', 'env', 'deployment/web', '--list', 'B=2', 'A-', '-'], 'C=3 # comment\nnot-a-pair\nD=x=y\n');
    expect(r.stdout).toContain('B=2\nC=3 \nD=x=y\n');
    await same(['-n', NS, 'set', 'env', 'deployment/web', '--list', '--from=configmap/cfg', '--prefix=P_']);
    await same(['-n', NS, 'set', 'env', 'deployment/web', '--list', '--overwrite=false', 'A=2']);
    const live = await kubectl(['-n', NS, 'get', 'deployment/web', '-o', 'jsonpath={.spec.template.spec.containers[0].env[*].name}']);
    expect(live.stdout).toBe('K A S POD CPU MEM MISS MISS3 MISS2 NODE');
  });

  test('a resource after an env change is refused', async () => {
    const r = await same(['-n', NS, 'set', 'env', 'A=1', 'deployment/web']);
    expect(r.stderr).toBe('error: all resources must be specified before environment changes: A=1 deployment/web\n');
  });
});

describe('set --local, ktl vs kubectl.1.33', () => {
  test.each([
    [['set', 'image', '--local', '-f', 'local.yaml', 'nginx=nginx:2', '-o', 'yaml']],
    [['set', 'image', '--local', '-f', 'local.yaml', 'nginx=nginx:2']],
    [['set', 'image', '--local', '-f', 'local.yaml', 'nginx=nginx:2', '--dry-run=client']],
    [['set', 'image', '--local', '-f', 'local.yaml', 'nope=x', '-o', 'name']],
    [['set', 'image', '--local', 'deployment/web', 'nginx=x']],
    [['set', 'env', '--local', '-f', 'local.yaml', 'A=1', '-o', 'yaml']],
    [['set', 'env', '--local', '-f', 'local.yaml', '--list', 'A=1']],
    [['set', 'env', '--local', '-f', 'local.yaml', '--from=configmap/cfg']],
    [['set', 'resources', '--local', '-f', 'local.yaml', '--limits=cpu=1,memory=1Gi', '-o', 'yaml']],
  ])('%j', async (args) => {
    await same(args);
  });
});
