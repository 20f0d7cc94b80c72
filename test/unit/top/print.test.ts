import { describe, expect, test } from '@jest/globals';
import { nodeMetricsText, podMetricsText } from '../../../src/top/print.js';

describe('top printers', () => {
  test('nodes: rounding up to millicores, Mi truncated, percentages truncated; nodes without metrics as <unknown>', () => {
    const text = nodeMetricsText(
      [
        { metadata: { name: 'b' }, usage: { cpu: '1500001n', memory: '2097151Ki' } },
        { metadata: { name: 'a' }, usage: { cpu: '250m', memory: '1Gi' } },
      ],
      new Map([
        ['a', { cpu: '4', memory: '3Gi' }],
        ['b', { cpu: '4', memory: '3Gi' }],
        ['c', { cpu: '4', memory: '3Gi' }],
      ]),
      false,
      '',
    );
    expect(text).toBe(
      'NAME   CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n' +
        'a      250m         6%          1024Mi          33%         \n' +
        'b      2m           0%          2047Mi          66%         \n' +
        'c      <unknown>    <unknown>   <unknown>       <unknown>   \n',
    );
  });

  test('pods: --sum without headers pads as kubectl does (as if there were no NAMESPACE column)', () => {
    const pods = [
      { metadata: { name: 'p2', namespace: 'x' }, containers: [{ name: 'c', usage: { cpu: '1m', memory: '1Mi' } }] },
      { metadata: { name: 'p1', namespace: 'y' }, containers: [{ name: 'c', usage: { cpu: '2m', memory: '3Mi' } }, { name: 'b', usage: { cpu: '0', memory: '0' } }] },
    ];
    expect(podMetricsText(pods, { containers: false, withNamespace: true, noHeaders: true, sortBy: '', sum: true })).toBe(
      // kubectl widens the sum's padding for NAMESPACE/POD only when it printed headers
      'x     p2         1m         1Mi   \n' + 'y     p1         2m         3Mi   \n' + '      ________   ________   \n' + '      3m         4Mi        \n',
    );
  });

  test("--sort-by=cpu: rows that tie come out in Go's sort.Sort order, not a stable sort's (kubectl 1.33's bytes)", () => {
    // p01..p15 in the server's order, CPU (i % 3) * 5m; the order is Go's pdqsort's for this input
    const pods = Array.from({ length: 15 }, (_, k) => {
      const i = k + 1;
      return { metadata: { name: `p${String(i).padStart(2, '0')}`, namespace: 'x' }, containers: [{ name: 'c', usage: { cpu: `${(i % 3) * 5}m`, memory: '1Mi' } }] };
    });
    const names = (sortBy: string, containers = false) =>
      podMetricsText(pods, { containers, withNamespace: false, noHeaders: true, sortBy, sum: false })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/ +/)[0]);
    expect(names('cpu')).toEqual(['p08', 'p02', 'p14', 'p11', 'p05', 'p07', 'p01', 'p10', 'p04', 'p13', 'p06', 'p09', 'p12', 'p03', 'p15']);
    // all memory equal: pdqsort leaves an already ordered input as it is
    expect(names('memory')).toEqual(pods.map((p) => p.metadata.name));
    const nodes = pods.map((p) => ({ metadata: { name: p.metadata.name }, usage: p.containers[0]!.usage }));
    const nodeNames = nodeMetricsText(nodes, new Map(), true, 'cpu')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/ +/)[0]);
    expect(nodeNames).toEqual(names('cpu'));
  });
});
