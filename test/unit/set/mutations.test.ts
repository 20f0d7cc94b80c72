import { describe, expect, test } from '@jest/globals';
import { applyImages, parseImageArgs, splitImageArgs } from '../../../src/set/image.js';
import { envFromSource, envRefString, listEnv, parseEnvArgs, resolveErrorLines, splitEnvArgs, updateEnv } from '../../../src/set/env.js';
import { quantityNumber } from '../../../src/create/quantity.js';
import { applyResources, parseResourceList } from '../../../src/set/resources.js';
import { globMatch, podSpecOf } from '../../../src/set/pod-spec.js';
import { twoWayStrategicPatch } from '../../../src/set/strategic-diff.js';

const spec = () => ({ initContainers: [{ name: 'init', image: 'i:1' }], containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] });

describe('set image', () => {
  test('args', () => {
    expect(splitImageArgs(['deploy/web', 'a=x:2'])).toEqual({ resources: ['deploy/web'], pairs: ['a=x:2'] });
    expect([...parseImageArgs(['a=x:2', '*=y'])]).toEqual([['a', 'x:2'], ['*', 'y']]);
  });
  test("args as kubectl's GetResourcesAndPairs and ParsePairs read them", () => {
    // "=x" is a resource; "c-" a pair that is no image; resources must come first
    expect(splitImageArgs(['=x', 'c=y'])).toEqual({ resources: ['=x'], pairs: ['c=y'] });
    expect(splitImageArgs(['pod/p', '-', 'c-'])).toEqual({ resources: ['pod/p', '-'], pairs: ['c-'] });
    expect(() => splitImageArgs(['c=y', 'pod/p'])).toThrow('all resources must be specified before image changes: pod/p');
    expect(() => parseImageArgs(['c-', 'a=1', 'd'])).toThrow('invalid image format: c-, d');
    // split at the first "=": an empty image, and an image holding "="
    expect([...parseImageArgs(['c=', 'e=a=b'])]).toEqual([['c', ''], ['e', 'a=b']]);
  });
  test('an empty image leaves no image field, as the typed container omits it', () => {
    const s = spec();
    applyImages(s, new Map([['a', '']]));
    expect(s.containers[0]).toEqual({ name: 'a' });
  });
  test('named and * containers', () => {
    const s = spec();
    applyImages(s, new Map([['b', 'b:2']]));
    expect(s.containers[1]!.image).toBe('b:2');
    applyImages(s, new Map([['*', 'z']]));
    expect([s.initContainers[0]!.image, s.containers[0]!.image]).toEqual(['z', 'z']);
    expect(applyImages(s, new Map([['nope', 'x'], ['a', 'a:3']]))).toEqual(['nope']);
    expect(s.containers[0]!.image).toBe('a:3');
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
  test('--list', async () => {
    expect(
      await listEnv('Deployment', 'web', {
        name: 'nginx',
        env: [{ name: 'X', value: '1' }, { name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'A' } } }, { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'S' } } }],
      }),
    ).toBe('# Deployment web, container nginx\nX=1\n# A from configmap cfg, key A\n# S from secret sec, key S\n');
  });

  test('--resolve: values looked up, failures listed by error with the names sorted', async () => {
    const container = {
      name: 'c',
      resources: { limits: { cpu: '250m' }, requests: { memory: '100Mi' } },
      env: [
        { name: 'K', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
        { name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 's' } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
        { name: 'CPU1', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } },
        { name: 'MISS3', valueFrom: { configMapKeyRef: { name: 'nope', key: 'y' } } },
        { name: 'MISS', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } },
        { name: 'MISS2', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'zz' } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'R', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', containerName: 'other' } } },
      ],
    };
    const resolver = {
      configMapData: async (n: string) => {
        if (n === 'cfg') return { k: 'v' };
        throw new Error(`configmaps "${n}" not found`);
      },
      secretData: async () => ({ s: Buffer.from('hidden').toString('base64') }),
    };
    const failed = new Map<string, string[]>();
    const text = await listEnv('Deployment', 'web', container, { obj: { metadata: { name: 'web' } }, resolver, quantity: quantityNumber, failed });
    expect(text).toBe(
      [
        '# Deployment web, container c',
        'K=v',
        'S=hidden',
        'POD=web',
        'CPU=250',
        'CPU1=1',
        'MEM=104857600',
        '# MISS3 from configmap nope, key y',
        '# MISS from configmap nope, key x',
        '# MISS2 from configmap cfg, key zz',
        '# NODE from field path spec.nodeName',
        'R=1',
        '',
      ].join('\n'),
    );
    expect(resolveErrorLines(failed)).toBe(
      'error retrieving reference for MISS, MISS3: configmaps "nope" not found\n' +
        'error retrieving reference for MISS2: key zz not found in config map cfg\n' +
        'error retrieving reference for NODE: unsupported fieldPath: spec.nodeName\n',
    );
    expect(envRefString({ resourceFieldRef: { resource: 'limits.cpu', containerName: 'other' } })).toBe('resource field other/limits.cpu');
  });

  test('"-" reads KEY=VALUE lines: comments cut, lines without "=" skipped; a resource after a change is refused', () => {
    expect(parseEnvArgs(['-', 'Z=1'], 'A=5 # c\nC=3\n#D=4\nbad\nE=x=y\n')).toEqual({
      env: [{ name: 'A', value: '5 ' }, { name: 'C', value: '3' }, { name: 'E', value: 'x=y' }, { name: 'Z', value: '1' }],
      remove: [],
    });
    expect(splitEnvArgs(['deploy/web', '-'])).toEqual({ resources: ['deploy/web'], envArgs: ['-'] });
    expect(() => splitEnvArgs(['A=1', 'deploy/web'])).toThrow('all resources must be specified before environment changes: A=1 deploy/web');
  });
});

describe('set resources', () => {
  test('limits and requests on matching containers', () => {
    const s = spec();
    applyResources(s, 'a', parseResourceList('cpu=200m,memory=512Mi'), parseResourceList('cpu=100m'));
    expect(s.containers[0]).toEqual({ name: 'a', image: 'a:1', resources: { limits: { cpu: '200m', memory: '512Mi' }, requests: { cpu: '100m' } } });
    expect(s.containers[1]).toEqual({ name: 'b', image: 'b:1' });
    expect(applyResources(s, 'nope', { cpu: '1' }, {})).toBe(false);
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
