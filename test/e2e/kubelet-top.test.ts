/**
 * Acceptance for the local cluster's metrics pipeline (issue 12), with the
 * reference kubectl: kwok reports the usage set in a pod's annotations (for
 * each container), metrics-server serves it as metrics.k8s.io, `top` shows it.
 * CPU is a rate of a counter and may be off by a millicore or two.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, uniqueNamespace } from './cluster-env.js';
import { createPods, setPodUsage } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-top');

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  await createPods(NS, { busy: { containers: ['app', 'sidecar'] }, quiet: {} });
  await Promise.all([
    setPodUsage(NS, 'busy', { cpu: '250m', memory: '64Mi' }),
    setPodUsage(NS, 'quiet', { cpu: '20m', memory: '16Mi' }),
  ]);
}, 180_000);
afterAll(() => kubectl(['delete', 'ns', NS, '--wait=false']));

/** "250m" within 3 millicores of `want` */
const cpuNear = (got: string, want: number) => Math.abs(Number(got.replace(/m$/, '')) - want) <= 3;

describe('kubectl top against metrics-server', () => {
  test('top pod --containers: the usage set, for each container', async () => {
    const r = await kubectl(['-n', NS, 'top', 'pod', 'busy', '--containers']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    expect(r.stdout).toMatch(/^POD +NAME +CPU\(cores\) +MEMORY\(bytes\) *\n/);
    expect(rows.slice(1).map(([pod, name, , mem]) => [pod, name, mem])).toEqual([
      ['busy', 'app', '64Mi'],
      ['busy', 'sidecar', '64Mi'],
    ]);
    for (const row of rows.slice(1)) expect(cpuNear(row[2], 250)).toBe(true);
  });

  test('top pod: each pod the sum of its containers', async () => {
    const r = await kubectl(['-n', NS, 'top', 'pod']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(rows.slice(1).map(([n, , m]) => [n, m])).toEqual([['busy', '128Mi'], ['quiet', '16Mi']]);
    expect(cpuNear(rows[1][1], 500)).toBe(true);
    expect(cpuNear(rows[2][1], 20)).toBe(true);
  });

  test('top pod as the read-only viewer', async () => {
    const r = await kubectl(['--context', 'ktl-dev-viewer', '-n', NS, 'top', 'pod', 'quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME +CPU\(cores\) +MEMORY\(bytes\) *\nquiet +\d+m +16Mi *\n$/);
  });

  test('top node: every node, the busy pod counted on its node', async () => {
    const node = (await kubectl(['-n', NS, 'get', 'pod', 'busy', '-o', 'jsonpath={.spec.nodeName}'])).stdout;
    const r = await kubectl(['top', 'node']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    const names = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ').sort();
    expect(rows.slice(1).map((x) => x[0]).sort()).toEqual(names);
    for (const row of rows.slice(1)) expect(row.slice(1).join(' ')).toMatch(/^\d+m \d+% \d+Mi \d+%$/);
    const mine = rows.find((x) => x[0] === node)!;
    expect(Number(mine[3].replace('Mi', ''))).toBeGreaterThanOrEqual(128);
  });
});
