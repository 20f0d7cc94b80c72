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
});
