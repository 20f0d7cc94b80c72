import { describe, expect, test } from '@jest/globals';
import { ResourceMapper } from '../../../src/client/mapper.js';
import type { DiscoveryDocument } from '../../../src/client/discovery-types.js';
import { UnknownResourceError } from '../../../src/errors.js';
import { formatError } from '../../../src/errors-format.js';
import { standardResources, type FakeResource } from '../../integration/fake-server.js';

/** Discovery document as the client builds it, from the fake server's resource set. */
export function docFrom(resources: FakeResource[]): DiscoveryDocument {
  const groups: DiscoveryDocument['groups'] = [];
  for (const r of resources) {
    let g = groups.find((x) => x.name === r.group);
    if (!g) groups.push((g = { name: r.group, versions: [], preferredVersion: r.version }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return {
    groups,
    failed: [],
    resources: resources.map((r) => ({
      group: r.group,
      version: r.version,
      name: r.name,
      singularName: r.singularName,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
      shortNames: r.shortNames ?? [],
      categories: r.categories ?? [],
      subresources: r.subresources ?? [],
    })),
  };
}

const mapper = new ResourceMapper(docFrom(standardResources()));
const gvr = (arg: string) => {
  const m = mapper.resolve(arg);
  return `${m.group}/${m.version}/${m.resource}`;
};

describe('resource mapper', () => {
  test.each(['po', 'pod', 'pods', 'Pod', 'POD', 'PODS'])('%s resolves to core pods (core wins over other.io pods)', (arg) => {
    expect(gvr(arg)).toBe('/v1/pods');
  });

  test.each(['deploy', 'deployment', 'deployments', 'deployments.apps', 'deployment.apps', 'Deployment.apps', 'deployments.v1.apps', 'deploy.apps'])(
    '%s resolves to apps/v1 deployments',
    (arg) => {
      expect(gvr(arg)).toBe('apps/v1/deployments');
    },
  );

  test('a name served by several groups picks core, and .group selects the other', () => {
    expect(gvr('events')).toBe('/v1/events');
    expect(gvr('ev')).toBe('/v1/events');
    expect(gvr('events.events.k8s.io')).toBe('events.k8s.io/v1/events');
    expect(gvr('pods.other.io')).toBe('other.io/v1/pods');
  });

  test('the preferred version wins unless a version is given', () => {
    expect(gvr('hpa')).toBe('autoscaling/v2/horizontalpodautoscalers');
    expect(gvr('horizontalpodautoscalers.v1.autoscaling')).toBe('autoscaling/v1/horizontalpodautoscalers');
    expect(gvr('wd')).toBe('example.com/v1/widgets');
    expect(gvr('widgets.v1beta1.example.com')).toBe('example.com/v1beta1/widgets');
  });

  test('a group prefix matches as in kubectl (hpa.autoscal); with a version only for short names', () => {
    expect(gvr('hpa.autoscal')).toBe('autoscaling/v2/horizontalpodautoscalers');
    expect(gvr('hpa.v1.autoscal')).toBe('autoscaling/v1/horizontalpodautoscalers');
    expect(gvr('horizontalpodautoscalers.auto')).toBe('autoscaling/v2/horizontalpodautoscalers');
    expect(gvr('deployments.ap')).toBe('apps/v1/deployments');
    expect(gvr('Deployment.ap')).toBe('apps/v1/deployments');
    expect(gvr('hpa.')).toBe('autoscaling/v2/horizontalpodautoscalers');
    expect(gvr('deployments.apps')).toBe('apps/v1/deployments');
    expect(() => mapper.resolve('horizontalpodautoscalers.v1.autoscal')).toThrow('the server doesn\'t have a resource type "horizontalpodautoscalers"');
    expect(() => mapper.resolve('hpa.autoscalingx')).toThrow('the server doesn\'t have a resource type "hpa"');
  });

  test('mapping carries scope, kind, verbs and subresources', () => {
    const m = mapper.resolve('po');
    expect(m).toMatchObject({ kind: 'Pod', namespaced: true, singular: 'pod', shortNames: ['po'] });
    expect(m.subresources).toEqual(['log', 'status', 'exec']);
    expect(mapper.resolve('ns').namespaced).toBe(false);
    expect(mapper.resolve('deploy').subresources).toEqual(['scale', 'status']);
  });

  test('categories expand to preferred versions in discovery order', () => {
    expect(mapper.category('all')!.map((m) => (m.group ? `${m.resource}.${m.group}` : m.resource))).toEqual([
      'pods',
      'services',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
      'jobs.batch',
      'cronjobs.batch',
      'horizontalpodautoscalers.autoscaling',
      'widgets.example.com',
    ]);
    expect(mapper.category('toys')!.map((m) => m.resource)).toEqual(['widgets']);
    expect(mapper.category('nope')).toBeUndefined();
  });

  test('manifests map by apiVersion and kind', () => {
    expect(mapper.forKind('apps/v1', 'Deployment')?.resource).toBe('deployments');
    expect(mapper.forKind('v1', 'ConfigMap')?.resource).toBe('configmaps');
    expect(mapper.forKind('autoscaling/v1', 'HorizontalPodAutoscaler')?.version).toBe('v1');
    expect(mapper.forKind('apps/v1', 'Nope')).toBeUndefined();
  });

  test.each(['PODS', 'Pods', 'Deployment', 'DEPLOYMENTS.apps', 'Deployment.apps'])('%s: plural and singular names match in any case (the RESTMapper lowercases the resource)', (arg) => {
    expect(mapper.find(arg)).toBeDefined();
  });

  test('short names, groups, versions and categories are case-sensitive, as in client-go', () => {
    const text = (arg: string) => {
      try {
        mapper.resolve(arg);
        return 'resolved';
      } catch (err) {
        return formatError(err, { binName: 'ktl', verbosity: 0 }).text;
      }
    };
    for (const arg of ['Po', 'PO', 'SVC', 'Svc', 'DEPLOY', 'DEPLOY.apps']) expect(text(arg)).toBe(`error: the server doesn't have a resource type "${arg.split('.')[0]}"`);
    expect(text('deployments.Apps')).toBe('error: the server doesn\'t have a resource type "deployments"');
    expect(text('deployments.V1.apps')).toBe('error: the server doesn\'t have a resource type "deployments"');
    expect(mapper.category('all')).toBeDefined();
    expect(mapper.category('ALL')).toBeUndefined();
  });

  test('unknown types give kubectl\'s message with the resource part only', () => {
    expect(() => mapper.resolve('foo')).toThrow(UnknownResourceError);
    const text = (arg: string) => {
      try {
        mapper.resolve(arg);
        return 'resolved';
      } catch (err) {
        return formatError(err, { binName: 'ktl', verbosity: 0 }).text;
      }
    };
    expect(text('foo')).toBe('error: the server doesn\'t have a resource type "foo"');
    expect(text('foos.bar')).toBe('error: the server doesn\'t have a resource type "foos"');
    expect(text('deployments.v1.nope')).toBe('error: the server doesn\'t have a resource type "deployments"');
  });

  test('preferredResources lists each group+resource once, skipping subresources', () => {
    const names = mapper.preferredResources().map((m) => `${m.group}/${m.version}/${m.resource}`);
    expect(names.filter((n) => n.endsWith('/horizontalpodautoscalers'))).toEqual(['autoscaling/v2/horizontalpodautoscalers']);
    expect(names.filter((n) => n.endsWith('/widgets'))).toEqual(['example.com/v1/widgets']);
    expect(names.some((n) => n.includes('/pods/'))).toBe(false);
  });
});

describe("client-go's shortcut expander: the other resources an ambiguous short name could mean", () => {
  const base = standardResources();
  const m = new ResourceMapper(
    docFrom([
      ...base,
      { group: 'example.com', version: 'v1', name: 'examples', singularName: 'example', kind: 'Example', namespaced: true, shortNames: ['po', 'exmp'] },
      { group: 'test.com', version: 'v1', name: 'examples', singularName: 'example', kind: 'Example', namespaced: true, shortNames: ['exmp'] },
      { group: 'test.com', version: 'v2', name: 'examples', singularName: 'example', kind: 'Example', namespaced: true, shortNames: ['exmp'] },
    ] as FakeResource[]),
  );
  test('the first in priority order is used, each other group+resource named once', () => {
    expect(m.resolve('exmp').group).toBe('example.com');
    expect(m.shortNameAlternatives('exmp')).toEqual(['examples.test.com']);
    expect(m.resolve('po').group).toBe('');
    expect(m.shortNameAlternatives('po')).toEqual(['examples.example.com']);
    // short names are exact: PO is no short name, so nothing to warn about (and nothing resolves)
    expect(m.shortNameAlternatives('PO')).toEqual([]);
  });
  test('no warning for a full name, an unambiguous short name, or a group that narrows it', () => {
    expect(m.shortNameAlternatives('examples')).toEqual([]);
    expect(m.shortNameAlternatives('example')).toEqual([]);
    expect(m.shortNameAlternatives('deploy')).toEqual([]);
    expect(m.shortNameAlternatives('exmp.test.com')).toEqual([]);
    expect(m.shortNameAlternatives('hpa')).toEqual([]);
  });
});
