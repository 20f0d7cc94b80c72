import { describe, expect, test } from '@jest/globals';
import { diffSubjects, formatRule, formatSubject, reconcileBinding, reconcileRole, typedRbac, uncovered } from '../../../src/auth/reconcile.js';
import type { KubeObject } from '../../../src/resource/types.js';

const role = (rules: unknown[], extra: Record<string, unknown> = {}) =>
  ({ kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'r', namespace: 'n', ...extra }, rules }) as KubeObject;

describe('auth reconcile: coverage as component-helpers computes it', () => {
  test('pieces not covered: wildcards, */subresource, URL prefixes, resource names', () => {
    expect(uncovered([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }])).toEqual([]);
    expect(uncovered([{ verbs: ['get'], apiGroups: [''], resources: ['*/log'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log', 'pods'] }])).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    ]);
    expect(uncovered([{ verbs: ['get'], nonResourceURLs: ['/healthz*'] }], [{ verbs: ['get', 'post'], nonResourceURLs: ['/healthz/ready'] }])).toEqual([
      { verbs: ['post'], nonResourceURLs: ['/healthz/ready'] },
    ]);
    // a rule limited to names does not cover the whole resource; an unlimited one covers names
    expect(uncovered([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])).toHaveLength(1);
    expect(uncovered([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a', 'b'] }])).toEqual([]);
  });

  test("Go's %+v of rules and subjects", () => {
    expect(formatRule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] })).toBe('{Verbs:[get list] APIGroups:[] Resources:[pods] ResourceNames:[] NonResourceURLs:[]}');
    expect(formatSubject({ kind: 'ServiceAccount', name: 'default' })).toBe('{Kind:ServiceAccount APIGroup: Name:default Namespace:}');
  });

  test('union adds the missing pieces after the existing rules; --remove-extra-permissions puts the expected rules', () => {
    const existing = role([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], { resourceVersion: '5', labels: { a: '1' } });
    const expected = role([{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get'] }], { labels: { a: '2', b: '3' } });
    const u = reconcileRole(existing, expected, false);
    expect(u.operation).toBe('update');
    expect(u.missingRules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['services'] }]);
    expect(u.extraRules).toEqual([{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]);
    expect((u.role as { rules: unknown[] }).rules).toHaveLength(2);
    expect(u.role.metadata).toMatchObject({ resourceVersion: '5', labels: { a: '1', b: '3' } });
    const s = reconcileRole(existing, expected, true);
    expect((s.role as { rules: unknown[] }).rules).toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['pods', 'services'] }]);
    expect(reconcileRole(existing, role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]), false).operation).toBe('none');
    expect(reconcileRole(role([], { annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } }), expected, false).protected).toBe(true);
  });

  test('bindings: missing and extra subjects, a new roleRef means recreate', () => {
    const b = (subjects: unknown[], ref = 'r') =>
      ({ kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'b', namespace: 'n' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ref }, subjects }) as KubeObject;
    const bob = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' };
    const sa = { kind: 'ServiceAccount', name: 'default', namespace: 'n' };
    expect(diffSubjects([bob, bob, sa], [sa])).toEqual([[bob], []]);
    const u = reconcileBinding(b([sa]), b([bob]), false);
    expect(u).toMatchObject({ operation: 'update', missingSubjects: [bob], extraSubjects: [sa] });
    expect((u.binding as { subjects: unknown[] }).subjects).toEqual([sa, bob]);
    expect((reconcileBinding(b([sa]), b([bob]), true).binding as { subjects: unknown[] }).subjects).toEqual([bob]);
    expect(reconcileBinding(b([sa]), b([sa], 'other'), false).operation).toBe('recreate');
  });

  test('objects from a file print as typed Go objects', () => {
    expect(JSON.stringify(typedRbac(role([{ resources: ['pods'], verbs: ['get'], apiGroups: [''] }])))).toBe(
      '{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r","namespace":"n","creationTimestamp":null},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}',
    );
  });
});
