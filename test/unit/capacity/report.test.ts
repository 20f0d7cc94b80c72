import { describe, expect, test } from '@jest/globals';
import { capacityTable, colorizeTable, parseSortBy, resourceTable, sortReport } from '../../../src/capacity/print.js';
import { buildReport, isExtendedResource, percent, resourceNames, sumUsage, toDocument } from '../../../src/capacity/report.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const node = (name: string, alloc: Record<string, string>, capacity?: Record<string, string>): any => ({
  metadata: { name },
  status: { allocatable: alloc, capacity: capacity ?? alloc },
});
const pod = (ns: string, name: string, nodeName: string, spec: any = {}, phase = 'Running'): any => ({
  metadata: { namespace: ns, name },
  spec: { nodeName, containers: [], ...spec },
  status: { phase },
});
const ctr = (requests?: Record<string, string>, limits?: Record<string, string>) => ({ name: 'c', resources: { requests, limits } });

describe('capacity arithmetic', () => {
  test('extended resources: qualified names outside kubernetes.io', () => {
    expect(['nvidia.com/gpu', 'example.com/foo', 'amd.com/gpu'].map(isExtendedResource)).toEqual([true, true, true]);
    expect(['cpu', 'pods', 'hugepages-2Mi', 'kubernetes.io/x', 'node.kubernetes.io/y', 'requests.example.com/z', 'attachable-volumes-aws-ebs'].map(isExtendedResource)).toEqual(
      [false, false, false, false, false, false, false],
    );
  });

  test('resource columns: standard first, hugepages, then extended sorted; allocatable falls back to capacity', () => {
    const names = resourceNames([node('a', { cpu: '1', 'nvidia.com/gpu': '2', 'hugepages-2Mi': '0', pods: '10' }), node('b', {}, { cpu: '1', 'amd.com/gpu': '1' })]);
    expect(names).toEqual(['cpu', 'memory', 'ephemeral-storage', 'hugepages-2Mi', 'amd.com/gpu', 'nvidia.com/gpu']);
  });

  test('percent: float division truncated; nothing allocatable is 0%', () => {
    expect([percent(2n, 3n), percent(1n, 0n), percent(199n, 100n), percent(0n, 0n)]).toEqual([66, 0, 199, 0]);
  });

  test('a node: init max vs container sum, sidecars add, overhead on requests and non-zero limits, terminated pods left out', () => {
    const n = node('n', { cpu: '4', memory: '8Gi', 'ephemeral-storage': '10Gi', 'example.com/fpga': '2', pods: '110' });
    const pods = [
      pod('a', 'init-wins', 'n', { containers: [ctr({ cpu: '100m', memory: '64Mi' }, { cpu: '200m' })], initContainers: [ctr({ cpu: '1', memory: '32Mi' })] }),
      pod('a', 'sidecar', 'n', {
        containers: [ctr({ cpu: '100m' })],
        initContainers: [{ ...ctr({ cpu: '50m' }, { memory: '100Mi' }), restartPolicy: 'Always' }, ctr({ cpu: '120m' })],
        overhead: { cpu: '10m', memory: '5Mi' },
      }),
      pod('b', 'fpga', 'n', { containers: [ctr({ 'example.com/fpga': '1' }, { 'example.com/fpga': '1' })] }),
      pod('b', 'done', 'n', { containers: [ctr({ cpu: '3' })] }, 'Succeeded'),
      pod('b', 'elsewhere', 'm', { containers: [ctr({ cpu: '3' })] }),
    ];
    const r = buildReport([n], pods, { withPods: true });
    const f = r.nodes[0]!.resources;
    // cpu: max(100m, 1) = 1; sidecar pod: max(100m+50m, 50m+120m) = 170m, + 10m overhead = 180m
    expect(f.get('cpu')!.requests!.q).toEqual({ num: 1180n, scale: 3 });
    // memory requests: 64Mi + (sidecar pod: none) + 5Mi overhead; limits: 100Mi (sidecar) + 5Mi overhead since non-zero
    expect(toDocument(r).nodes).toEqual([
      {
        name: 'n',
        pods: { count: 3, allocatable: '110' },
        resources: {
          cpu: { allocatable: '4', requests: '1180m', requestsPercent: 29, limits: '200m', limitsPercent: 5, free: '2820m' },
          memory: { allocatable: '8Gi', requests: '69Mi', requestsPercent: 0, limits: '105Mi', limitsPercent: 1, free: '8123Mi' },
          'ephemeral-storage': { allocatable: '10Gi', requests: '0', requestsPercent: 0, limits: '0', limitsPercent: 0, free: '10Gi' },
          'example.com/fpga': { allocatable: '2', requests: '1', requestsPercent: 50, limits: '1', limitsPercent: 50, free: '1' },
        },
        podList: expect.any(Array),
      },
    ]);
    expect(r.nodes[0]!.pods.map((p) => p.name)).toEqual(['init-wins', 'sidecar', 'fpga']);
  });

  test('--resource keeps the nodes that have it, the pods that hold it, and lists pending pods asking for it', () => {
    const nodes = [node('g1', { cpu: '8', 'nvidia.com/gpu': '4' }), node('g2', { cpu: '8', 'nvidia.com/gpu': '2' }), node('cpu', { cpu: '8' })];
    const pods = [
      pod('ml', 'train', 'g1', { containers: [ctr({ 'nvidia.com/gpu': '3' }, { 'nvidia.com/gpu': '3' })] }),
      pod('ml', 'web', 'g1', { containers: [ctr({ cpu: '1' })] }),
      pod('ml', 'infer', 'g2', { containers: [ctr(undefined, { 'nvidia.com/gpu': '1' })] }),
      pod('ml', 'queued', '', { containers: [ctr({ 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu': '8' })] }, 'Pending'),
      pod('ml', 'queued-cpu', '', { containers: [ctr({ cpu: '1' })] }, 'Pending'),
    ];
    const r = buildReport(nodes, pods, { resource: 'nvidia.com/gpu', withPods: false });
    sortReport(r, parseSortBy('free', 'nvidia.com/gpu', false));
    expect(resourceTable(r, { wide: false, noHeaders: false })).toBe(
      'NODE        NAMESPACE   POD      ALLOCATABLE   REQUESTS   LIMITS    FREE\n' +
        'g2          *           *        2             0 (0%)     1 (50%)   2\n' +
        'g2          ml          infer    -             0 (0%)     1 (50%)   -\n' +
        'g1          *           *        4             3 (75%)    3 (75%)   1\n' +
        'g1          ml          train    -             3 (75%)    3 (75%)   -\n' +
        '<pending>   ml          queued   -             8          8         -\n' +
        '*           *           *        6             3 (50%)    4 (66%)   3\n',
    );
  });

  test('node table: extended columns only when a node has them, requested/allocatable; sort by a share of allocatable', () => {
    const nodes = [node('small', { cpu: '2', memory: '2Gi', 'nvidia.com/gpu': '1' }), node('big', { cpu: '16', memory: '64Gi' })];
    const pods = [pod('x', 'p', 'small', { containers: [ctr({ cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' })] }), pod('x', 'q', 'big', { containers: [ctr({ cpu: '2' })] })];
    const r = buildReport(nodes, pods, { withPods: false });
    sortReport(r, parseSortBy('cpu.requests', undefined, false));
    expect(capacityTable(r, { wide: false, noHeaders: false })).toBe(
      'NODE    CPU REQUESTS   CPU LIMITS   MEMORY REQUESTS   MEMORY LIMITS   NVIDIA.COM/GPU\n' +
        'small   1 (50%)        0 (0%)       1Gi (50%)         0 (0%)          1/1\n' +
        'big     2 (12%)        0 (0%)       0 (0%)            0 (0%)          -\n' +
        '*       3 (16%)        0 (0%)       1Gi (1%)          0 (0%)          1/1\n',
    );
    sortReport(r, undefined);
    expect(capacityTable(r, { wide: true, noHeaders: true }).split('\n')[0]).toBe(
      'big     16    2 (12%)   0 (0%)   64Gi   0 (0%)      0 (0%)   0     0 (0%)   0 (0%)   -     1/0',
    );
    expect(capacityTable(buildReport([node('n', { cpu: '1' })], [], { withPods: false }), { wide: false, noHeaders: false })).toBe(
      'NODE   CPU REQUESTS   CPU LIMITS   MEMORY REQUESTS   MEMORY LIMITS\nn      0 (0%)         0 (0%)       0 (0%)            0 (0%)\n*      0 (0%)         0 (0%)       0 (0%)            0 (0%)\n',
    );
  });

  test('--util: top\'s units and percentages; <unknown> without metrics', () => {
    const nodes = [node('a', { cpu: '4', memory: '4Gi' }), node('b', { cpu: '4', memory: '4Gi' })];
    const r = buildReport(nodes, [], { withPods: false, nodeUsage: new Map([['a', { cpu: '1000001n', memory: '1048577Ki' }]]), podUsage: new Map() });
    expect(capacityTable(r, { wide: false, noHeaders: true })).toBe(
      'a     0 (0%)   0 (0%)   2m (0%)     0 (0%)   0 (0%)   1024Mi (25%)\n' +
        'b     0 (0%)   0 (0%)   <unknown>   0 (0%)   0 (0%)   <unknown>\n' +
        '*     0 (0%)   0 (0%)   2m (0%)     0 (0%)   0 (0%)   1024Mi (12%)\n',
    );
    expect(sumUsage([{ cpu: '1m', memory: '1Mi' }, { cpu: '500u', memory: '1Mi' }, undefined])).toEqual({ cpu: '1500u', memory: '2097152' });
  });

  test('--sort-by: fields, the bare field with --resource, util needs --util', () => {
    expect(parseSortBy('', undefined, false)).toBeUndefined();
    expect(parseSortBy('name', undefined, false)).toBeUndefined();
    expect(parseSortBy('nvidia.com/gpu.free', undefined, false)).toEqual({ resource: 'nvidia.com/gpu', field: 'free' });
    expect(parseSortBy('limits', 'amd.com/gpu', false)).toEqual({ resource: 'amd.com/gpu', field: 'limits' });
    expect(() => parseSortBy('requests', undefined, false)).toThrow('--sort-by must be "name" or RESOURCE.FIELD');
    expect(() => parseSortBy('memory.util', undefined, false)).toThrow('--sort-by=memory.util needs --util');
  });

  test('terminal colour: header dim, 75% yellow, 90% and over red, full extended cells red, totals bold; widths untouched', async () => {
    const text = 'NODE   CPU REQUESTS   X/GPU\na      1 (74%)        1/2\nb      1500m (75%)    0/0\nc      2 (90%)        2/2\n*      4 (101%)       3/4\n';
    expect(await colorizeTable(text, true)).toBe(
      '\x1b[2mNODE   CPU REQUESTS   X/GPU\x1b[22m\n' +
        'a      1 (74%)        1/2\n' +
        'b      \x1b[33m1500m (75%)\x1b[39m    0/0\n' +
        'c      \x1b[31m2 (90%)\x1b[39m        \x1b[31m2/2\x1b[39m\n' +
        '\x1b[1m*      \x1b[31m4 (101%)\x1b[39m       3/4\x1b[22m\n',
    );
    expect((await colorizeTable(text, false)).split('\n')[0]).toBe('NODE   CPU REQUESTS   X/GPU');
  });
});
