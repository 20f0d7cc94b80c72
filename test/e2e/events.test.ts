/**
 * `ktl events` against kubectl.1.33 on the same namespace: the table
 * (sorted as kubectl sorts, ties included), -A, --for, --types,
 * --no-headers, -o json|yaml|name|jsonpath, --show-managed-fields, errors,
 * and -w while events arrive (the lines that arrive are compared).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { kubeconfigPath, ktlBin, kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { describeBoth, maskAges, views } from './describe-helpers.js';

const NS = uniqueNamespace('ktl-events');

function event(name: string, o: { kind?: string; obj?: string; type?: string; reason?: string; last?: string; count?: number; message?: string }): string {
  return `apiVersion: v1
kind: Event
metadata: {name: ${name}, namespace: ${NS}}
involvedObject: {apiVersion: ${o.kind === 'Deployment' ? 'apps/v1' : 'v1'}, kind: ${o.kind ?? 'Pod'}, name: ${o.obj ?? 'p1'}, namespace: ${NS}}
reason: ${o.reason ?? 'Tested'}
message: "${o.message ?? `message of ${name}`}"
type: ${o.type ?? 'Normal'}
count: ${o.count ?? 1}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "${o.last ?? '2026-01-01T00:10:00Z'}"
source: {component: ktl-e2e}
`;
}

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  const docs: string[] = [];
  // many events with the same last timestamp: kubectl's (unstable) sort decides their order
  for (let i = 0; i < 20; i++) docs.push(event(`same-${String(i).padStart(2, '0')}`, { obj: `p${i % 3}`, type: i % 4 === 0 ? 'Warning' : 'Normal' }));
  docs.push(event('early', { last: '2026-01-01T00:01:00Z', count: 5, reason: 'Early' }));
  docs.push(event('deploy', { kind: 'Deployment', obj: 'web', reason: 'ScalingReplicaSet', message: '  padded message  ' }));
  const r = await kubectl(['apply', '-f', '-'], { input: docs.join('---\n') });
  if (r.code !== 0) throw new Error(r.stderr);
});

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
});

const cases: Array<[string, string[]]> = [
  ['the table, ties in kubectl order', ['events', '-n', NS]],
  ['--types=Warning', ['events', '-n', NS, '--types=Warning']],
  ['--types=normal,Warning,normal', ['events', '-n', NS, '--types', 'normal,Warning', '--types', 'normal']],
  ['--no-headers', ['events', '-n', NS, '--no-headers']],
  ['--for a deployment', ['events', '-n', NS, '--for', 'deploy/web']],
  ['--for a pod by kind name', ['events', '-n', NS, '--for', 'Pod/p1']],
  ['--for with no events', ['events', '-n', NS, '--for', 'pod/none']],
  ['-o json', ['events', '-n', NS, '-o', 'json']],
  ['-o yaml --show-managed-fields', ['events', '-n', NS, '--for', 'pod/p2', '-o', 'yaml', '--show-managed-fields']],
  ['-o name', ['events', '-n', NS, '-o', 'name']],
  ['-o jsonpath', ['events', '-n', NS, '-o', 'jsonpath={range .items[*]}{.reason}/{.count}{"\\n"}{end}']],
  ['--chunk-size=5', ['events', '-n', NS, '--chunk-size=5']],
  ['bad --types', ['events', '-n', NS, '--types=Error']],
  ['--for without a name', ['events', '-n', NS, '--for', 'pod']],
  ['--for an unknown type', ['events', '-n', NS, '--for', 'nosuch/x']],
  ['-o wide refused', ['events', '-n', NS, '-o', 'wide']],
  ['an empty namespace', ['events', '-n', `${NS}-none`]],
  ['--for TYPE/ with no name: every event', ['events', '-n', NS, '--for', 'pod/']],
  ['--for /NAME: no resource', ['events', '-n', NS, '--for', '/x']],
  ['--for TYPE.GROUP unknown', ['events', '-n', NS, '--for', 'pod.nosuch/x']],
  ['-o jsonpath with tabs: through the tabwriter', ['events', '-n', NS, '-o', 'jsonpath={range .items[*]}{.reason}{"\\t"}{.involvedObject.name}{"\\n"}{end}']],
  ['-o jsonpath missing key, not allowed: nothing, exit 0', ['events', '-n', NS, '--allow-missing-template-keys=false', '-o', 'jsonpath={.nope}']],
];

describe('events, ktl vs kubectl.1.33', () => {
  test.each(cases)('%s', async (_t, args) => {
    const [a, b] = views(await describeBoth(args));
    expect(a).toEqual(b);
  });

  test('-A includes the namespace column', async () => {
    const [a, b] = views(await describeBoth(['events', '-A', '--types=Warning']));
    // other tests add events at any time: compare this namespace's rows and the header
    const mine = (s: string) => s.split('\n').filter((l) => l.startsWith('NAMESPACE') || l.startsWith(NS));
    expect(mine(a.stdout)).toEqual(mine(b.stdout));
    expect(mine(a.stdout).length).toBeGreaterThan(3);
  });

  test('-w prints the events as they arrive', async () => {
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };
    const start = (cmd: string, args: string[]) => {
      const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      return { child, out: () => out };
    };
    const args = ['events', '-w', '-n', NS, '--for', 'pod/watched'];
    const a = start(process.execPath, [ktlBin, ...args]);
    const b = start(referenceKubectl!, args);
    try {
      const wait = async (n: number) => {
        for (let i = 0; i < 100; i++) {
          if (a.out().split('\n').length > n && b.out().split('\n').length > n) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      for (let i = 0; i < 4; i++) {
        const r = await kubectl(['apply', '-f', '-'], {
          input: event(`watched-${i}`, { obj: 'watched', type: i === 2 ? 'Warning' : 'Normal', reason: `Step${i}`, count: i + 1 }),
        });
        expect(r.code).toBe(0);
        await wait(i + 2);
      }
      // a change to an existing event arrives too
      await kubectl(['patch', 'event', '-n', NS, 'watched-0', '--type=merge', '-p', '{"count":9,"message":"changed"}']);
      await wait(6);
    } finally {
      a.child.kill('SIGINT');
      b.child.kill('SIGINT');
    }
    expect(maskAges(a.out())).toEqual(maskAges(b.out()));
    expect(a.out().split('\n').filter(Boolean)).toHaveLength(6);
    expect(a.out()).toContain('changed');
  });
});
