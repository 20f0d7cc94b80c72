import { describe, expect, test } from '@jest/globals';
import { applyImages, parseImageArgs, splitImageArgs } from '../../../src/set/image.js';
import { envFromSource, listEnv, parseEnvArgs, splitEnvArgs, updateEnv } from '../../../src/set/env.js';
import { applyResources, parseResourceList } from '../../../src/set/resources.js';
import { globMatch, podSpecOf } from '../../../src/set/pod-spec.js';
import { twoWayStrategicPatch } from '../../../src/set/strategic-diff.js';

const spec = () => ({ initContainers: [{ name: 'init', image: 'i:1' }], containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] });

describe('set image', () => {
  test('args', () => {
    expect(splitImageArgs(['deploy/web', 'a=x:2'])).toEqual({ resources: ['deploy/web'], pairs: ['a=x:2'] });
    expect([...parseImageArgs(['a=x:2', '*=y'])]).toEqual([['a', 'x:2'], ['*', 'y']]);
  });
  test('named and * containers', () => {
    const s = spec();
    applyImages(s, new Map([['b', 'b:2']]));
    expect(s.containers[1]!.image).toBe('b:2');
    applyImages(s, new Map([['*', 'z']]));
    expect([s.initContainers[0]!.image, s.containers[0]!.image]).toEqual(['z', 'z']);
    expect(() => applyImages(s, new Map([['nope', 'x']]))).toThrow('unable to find container named "nope"');
  });
});

describe('set env', () => {
  test('parse and split', () => {
    expect(splitEnvArgs(['deploy/web', 'A=1', 'B-'])).toEqual({ resources: ['deploy/web'], envArgs: ['A=1', 'B-'] });
    expect(parseEnvArgs(['A=1', 'B=x=y', 'C-'])).toEqual({ env: [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }], remove: ['C'] });
  });
  test('updateEnv keeps order, replaces in place, removes, appends', () => {
    const out = updateEnv([{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }], [{ name: 'B', value: 'x' }, { name: 'D', value: '4' }], ['A']);
    expect(out).toEqual([{ name: 'B', value: 'x' }, { name: 'C', value: '3' }, { name: 'D', value: '4' }]);
  });
  test('--from config map: key names become env names with a warning', () => {
    const warnings: string[] = [];
    const env = envFromSource('configmap', { metadata: { name: 'cfg' }, data: { 'b.c': '2', A: '1' } }, { prefix: 'P_' }, (w) => warnings.push(w));
    expect(env).toEqual([
      { name: 'P_A', valueFrom: { configMapKeyRef: { key: 'A', name: 'cfg' } } },
      { name: 'P_B_C', valueFrom: { configMapKeyRef: { key: 'b.c', name: 'cfg' } } },
    ]);
    expect(warnings).toEqual(['Warning: key b.c transferred to B_C\n']);
  });
  test('--list', () => {
    expect(
      listEnv('Deployment', 'web', {
        name: 'nginx',
        env: [{ name: 'X', value: '1' }, { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'A' } } }, { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'S' } } }],
      }),
    ).toBe('# Deployment web, container nginx\nX=1\n# A from configmap cfg, key A\n# S from secret sec, key S\n');
  });
});

describe('set resources', () => {
  test('limits and requests on matching containers', () => {
    const s = spec();
    applyResources(s, 'a', parseResourceList('cpu=200m,memory=512Mi'), parseResourceList('cpu=100m'));
    expect(s.containers[0]).toEqual({ name: 'a', image: 'a:1', resources: { limits: { cpu: '200m', memory: '512Mi' }, requests: { cpu: '100m' } } });
    expect(s.containers[1]).toEqual({ name: 'b', image: 'b:1' });
    expect(() => applyResources(s, 'nope', { cpu: '1' }, {})).toThrow('unable to find container named nope');
    expect(globMatch('*', 'x')).toBe(true);
    expect(globMatch('a?', 'ab')).toBe(true);
    expect(globMatch('a?', 'abc')).toBe(false);
  });
});

describe('strategic patch between two objects', () => {
  test('containers by name with $setElementOrder; removed env entries are deleted', () => {
    const before = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }, { name: 'b', image: 'b:1' }] } } } };
    const after = { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2', env: [{ name: 'Y', value: '2' }] }, { name: 'b', image: 'b:1' }] } } } };
    expect(twoWayStrategicPatch(before, after)).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
            containers: [{ name: 'a', image: 'a:2', '$setElementOrder/env': [{ name: 'Y' }], env: [{ $patch: 'delete', name: 'X' }] }],
          },
        },
      },
    });
  });
  test('no change is {}', () => {
    expect(twoWayStrategicPatch({ a: [1], b: { c: 1 } }, { b: { c: 1 }, a: [1] })).toEqual({});
  });
  test('pod spec locations', () => {
    expect(podSpecOf({ spec: { jobTemplate: { spec: { template: { spec: { x: 1 } } } } } }, 'CronJob')).toEqual({ x: 1 });
    expect(podSpecOf({ spec: { containers: [] } }, 'Pod')).toEqual({ containers: [] });
    expect(podSpecOf({}, 'ConfigMap')).toBeUndefined();
  });
});
