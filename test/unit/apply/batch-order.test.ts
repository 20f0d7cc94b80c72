/** Which objects of one apply must wait for which (src/apply/batch.ts `dependencies`). */
import { describe, expect, test } from '@jest/globals';
import { dependencies } from '../../../src/apply/batch.js';
import type { ApplyTarget } from '../../../src/apply/client-side.js';
import type { ResourceMapping } from '../../../src/client/index.js';

const mapping = (group: string, kind: string, resource: string, namespaced: boolean): ResourceMapping => ({
  group,
  version: 'v1',
  resource,
  kind,
  singular: kind.toLowerCase(),
  namespaced,
  verbs: [],
  shortNames: [],
  categories: [],
  subresources: [],
});
const t = (m: ResourceMapping, name: string, namespace = '', object: Record<string, unknown> = {}): ApplyTarget => ({
  mapping: m,
  namespace,
  name,
  object: { metadata: { name }, ...object },
  source: 'f.yaml',
});
const NS = mapping('', 'Namespace', 'namespaces', false);
const CM = mapping('', 'ConfigMap', 'configmaps', true);
const CRD = mapping('apiextensions.k8s.io', 'CustomResourceDefinition', 'customresourcedefinitions', false);
const WIDGET = mapping('example.com', 'Widget', 'widgets', true);
const DEPLOY = mapping('apps', 'Deployment', 'deployments', true);
const SA = mapping('', 'ServiceAccount', 'serviceaccounts', true);
const POD = mapping('', 'Pod', 'pods', true);
const WEBHOOK = mapping('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false);
const PRIORITY = mapping('scheduling.k8s.io', 'PriorityClass', 'priorityclasses', false);
const crd = t(CRD, 'widgets.example.com', '', { spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' } } });

describe('apply order dependencies', () => {
  test('independent objects wait for nothing', () => {
    expect(dependencies([t(CM, 'a', 'x'), t(CM, 'b', 'x'), t(DEPLOY, 'd', 'y'), undefined])).toEqual([[], [], [], []]);
  });

  test('a Namespace and the objects in it keep their input order, either way round', () => {
    expect(dependencies([t(CM, 'a', 'x'), t(CM, 'b', 'y'), t(NS, 'x'), t(CM, 'c', 'x'), t(CM, 'd', 'x')])).toEqual([[], [], [0], [2], [2]]);
  });

  test('the same object twice: the later waits for the earlier', () => {
    expect(dependencies([t(CM, 'a', 'x'), t(CM, 'b', 'x'), t(CM, 'a', 'x')])).toEqual([[], [], [0]]);
  });

  test('a CRD and the objects of its kind keep their input order', () => {
    expect(dependencies([t(WIDGET, 'w1', 'x'), crd, t(WIDGET, 'w2', 'x'), t(DEPLOY, 'd', 'x')])).toEqual([[], [0], [1], []]);
  });

  test('a ServiceAccount (kinds that change admission in their namespace): what is before it goes first, what is after waits', () => {
    expect(dependencies([t(CM, 'a', 'x'), t(SA, 's', 'x'), t(POD, 'p', 'x'), t(CM, 'b', 'y'), t(CM, 'c', 'x')])).toEqual([[], [0], [1], [], [1]]);
    // two in a row: the second waits for the first and what came between
    expect(dependencies([t(SA, 's1', 'x'), t(CM, 'a', 'x'), t(SA, 's2', 'x'), t(CM, 'b', 'x')])).toEqual([[], [0], [0, 1], [2]]);
  });

  test('a webhook configuration or a class (kinds that change admission anywhere) splits the whole input', () => {
    expect(dependencies([t(CM, 'a', 'x'), t(CM, 'b', 'y'), t(WEBHOOK, 'w'), t(CM, 'c', 'x'), t(DEPLOY, 'd', 'y'), t(NS, 'n')])).toEqual([[], [], [0, 1], [2], [2], [2]]);
    expect(dependencies([t(PRIORITY, 'pc'), t(CM, 'a', 'x'), t(SA, 's', 'x'), t(CM, 'b', 'x'), t(CM, 'c', 'y')])).toEqual([[], [0], [0, 1], [2], [0]]);
  });
});
