/**
 * taint against kubectl 1.33: kubectl and ktl each change their own kwok
 * node (never a shared one) through the same steps; printed bytes (node
 * names normalised), exit codes and the node's taints on the server must be
 * the same after every step.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { createNodes, deleteNodes, getNode } from './node-env.js';

type Who = 'kubectl' | 'ktl';
const RUN = uniqueNamespace('taint');
const nodes: Record<Who, string> = { kubectl: `${RUN}-k`, ktl: `${RUN}-t` };
const run = (who: Who, args: string[]) => (who === 'kubectl' ? kubectl(args) : ktl(args));

beforeAll(async () => {
  await createNodes({ [nodes.kubectl]: { 'ktl-taint': `${RUN}-k` }, [nodes.ktl]: { 'ktl-taint': `${RUN}-t` } });
}, 120_000);
afterAll(() => deleteNodes(nodes.kubectl, nodes.ktl));

const norm = (who: Who, s: string) => s.replaceAll(nodes[who], 'NODE').replaceAll(`${RUN}-${who === 'kubectl' ? 'k' : 't'}`, 'LABEL');

async function taints(who: Who): Promise<unknown> {
  const n = await getNode(nodes[who]);
  return JSON.parse(norm(who, JSON.stringify(n.spec?.taints ?? null)));
}

async function step(args: (node: string, who: Who) => string[]): Promise<Record<Who, ProcResult>> {
  const [k, t] = await Promise.all([run('kubectl', args(nodes.kubectl, 'kubectl')), run('ktl', args(nodes.ktl, 'ktl'))]);
  const view = (who: Who, r: ProcResult) => ({ code: r.code, stdout: norm(who, r.stdout), stderr: norm(who, r.stderr).replaceAll(who, 'BIN') });
  expect(view('ktl', t)).toEqual(view('kubectl', k));
  expect(await taints('ktl')).toEqual(await taints('kubectl'));
  return { kubectl: k, ktl: t };
}

describe('taint', () => {
  test('add, refuse without --overwrite, overwrite, remove by key:effect and by key, not found', async () => {
    const steps: Array<[(n: string, w: Who) => string[], number, string]> = [
      [(n) => ['taint', 'nodes', n, 'dedicated=special-user:NoSchedule'], 0, 'node/NODE tainted\n'],
      [(n) => ['taint', 'nodes', n, 'dedicated=again:NoSchedule'], 1, ''],
      [(n) => ['taint', 'node', n, 'dedicated=other:NoSchedule', '--overwrite'], 0, 'node/NODE modified\n'],
      [(n) => ['taint', 'no', n, 'dedicated=x:PreferNoSchedule', 'gpu:NoExecute'], 0, 'node/NODE tainted\n'],
      [(n) => ['taint', 'node', n, 'dedicated:NoSchedule-'], 0, 'node/NODE untainted\n'],
      [(n) => ['taint', 'node', n, 'dedicated-', 'extra=1:NoSchedule'], 0, 'node/NODE modified\n'],
      [(n) => ['taint', 'node', n, 'nope-', 'other:NoSchedule-'], 1, ''],
      [(n) => ['taint', 'node', n, 'gpu-', '-o', 'jsonpath={.spec.taints[*].key}'], 0, 'extra ktl-e2e/private'],
      [(n) => ['taint', 'node', n, 'extra-', '-o', 'name'], 0, 'node/NODE\n'],
    ];
    for (const [args, code, stdout] of steps) {
      const r = await step(args);
      expect(r.ktl.code).toBe(code);
      expect(norm('ktl', r.ktl.stdout)).toBe(stdout);
    }
    expect(await taints('ktl')).toEqual([{ key: 'ktl-e2e/private', value: 'NODE', effect: 'NoSchedule' }]);
  });

  test('-l, dry runs (nothing changes), -o jsonpath of both dry runs', async () => {
    const before = await taints('ktl');
    await step((_n, w) => ['taint', 'node', '-l', `ktl-taint=${RUN}-${w === 'kubectl' ? 'k' : 't'}`, 'a=b:PreferNoSchedule', '--dry-run=client']);
    await step((n) => ['taint', 'node', n, 'a=b:PreferNoSchedule', '--dry-run=server', '-o', 'jsonpath={.spec.taints}']);
    const r = await step((n) => ['taint', 'node', n, 'a=b:PreferNoSchedule', '--dry-run=client', '-o', 'jsonpath={.spec.taints}']);
    expect(norm('ktl', r.ktl.stdout)).toBe('[{"effect":"PreferNoSchedule","key":"a","value":"b"},{"effect":"NoSchedule","key":"ktl-e2e/private","value":"NODE"}]');
    expect(await taints('ktl')).toEqual(before);
    const l = await step((_n, w) => ['taint', 'node', '-l', `ktl-taint=${RUN}-${w === 'kubectl' ? 'k' : 't'}`, 'a=b:PreferNoSchedule']);
    expect(norm('ktl', l.ktl.stdout)).toBe('node/NODE tainted\n');
    await step((n) => ['taint', 'node', n, 'a-']);
  });

  test.each([
    [[]],
    [['node']],
    [['node', 'NODE']],
    [['node', 'NODE', 'a=b:Bad']],
    [['node', 'NODE', 'a=b=c:NoSchedule']],
    [['node', 'NODE', '-a:NoSchedule']],
    [['node', 'NODE', 'a=-x-:NoSchedule']],
    [['node', 'NODE', 'x/y/z:NoSchedule']],
    [['node', 'NODE', 'Ex.com/a:NoSchedule']],
    [['node', 'NODE', 'a=b:NoSchedule', 'a=c:NoSchedule']],
    [['node', 'NODE', 'a=b']],
    [['node', 'NODE', 'a:NoSchedule', 'a-']],
    [['pods', 'NODE', 'a=b:NoSchedule']],
    [['no-such-type', 'NODE', 'a=b:NoSchedule']],
    [['node', 'a=b:NoSchedule']],
    [['node', '--all', '-l', 'a=b', 'a=b:NoSchedule']],
    [['node', 'NODE', 'a=b:NoSchedule', 'x']],
    [['node', 'no-such-node-1', 'no-such-node-2', 'a=b:NoSchedule']],
    [['node', 'NODE', 'a=b:NoSchedule', '-o', 'bad']],
  ])('taint %j: kubectl\'s refusal', async (args) => {
    const r = await step((n) => ['taint', ...args.map((a) => (a === 'NODE' ? n : a))]);
    expect(r.ktl.code).toBe(1);
  });

  test('--all --dry-run=client -o name lists every node and changes none', async () => {
    for (let i = 0; i < 5; i++) {
      const a = await kubectl(['taint', 'node', '--all', 'a=b:NoSchedule', '--dry-run=client', '-o', 'name']);
      const b = await ktl(['taint', 'node', '--all', 'a=b:NoSchedule', '--dry-run=client', '-o', 'name']);
      const c = await kubectl(['taint', 'node', '--all', 'a=b:NoSchedule', '--dry-run=client', '-o', 'name']);
      if (a.stdout !== c.stdout) continue; // another suite added or removed a node meanwhile
      expect(b).toEqual(a);
      expect(b.stdout).toContain(`node/${nodes.ktl}\n`);
      return;
    }
    throw new Error('the node list never stood still');
  });
});
