import { describe, expect, test } from '@jest/globals';
import { rbacDecodeError, schemeKnows } from '../../../src/auth/scheme.js';

// expected texts: kubectl 1.33.1 `auth reconcile -f f.yaml` on the same documents
describe("kubectl's scheme, as auth reconcile decodes -f", () => {
  test('registered kinds, per-group-version and unversioned meta kinds', () => {
    expect(schemeKnows('rbac.authorization.k8s.io/v1', 'Role')).toBe(true);
    expect(schemeKnows('rbac.authorization.k8s.io/v1alpha1', 'ClusterRoleList')).toBe(true);
    expect(schemeKnows('rbac.authorization.k8s.io/v1', 'Foo')).toBe(false);
    expect(schemeKnows('apps/v9', 'Deployment')).toBe(false);
    expect(schemeKnows('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toBe(false);
    expect(schemeKnows('v1', 'List')).toBe(true);
    expect(schemeKnows('apps/v1', 'List')).toBe(false);
    expect(schemeKnows('apps/v1', 'WatchEvent')).toBe(true);
    expect(schemeKnows('apps/v1', 'APIGroup')).toBe(true);
    expect(schemeKnows('example.com/v1', 'Status')).toBe(true);
    expect(schemeKnows('meta.k8s.io/v1', 'Table')).toBe(true);
    expect(schemeKnows('meta.k8s.io/v1', 'ListOptions')).toBe(false);
    expect(schemeKnows('admission.k8s.io/v1', 'AdmissionReview')).toBe(true);
  });

  const decode = (o: Record<string, unknown>) => rbacDecodeError(o, 'f.yaml')?.message;
  const pre = 'unable to decode "f.yaml": json: cannot unmarshal ';
  test('typed RBAC decoding: the first wrong field in key order, Go types and struct names', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'x' } };
    expect(decode({ ...role, rules: 'x' })).toBe(`${pre}string into Go struct field Role.rules of type []v1.PolicyRule`);
    expect(decode({ ...role, rules: [1] })).toBe(`${pre}number into Go struct field Role.rules of type v1.PolicyRule`);
    expect(decode({ ...role, rules: [{ verbs: 'get' }] })).toBe(`${pre}string into Go struct field PolicyRule.rules.verbs of type []string`);
    expect(decode({ ...role, rules: [{ verbs: ['get', 1] }] })).toBe(`${pre}number into Go struct field PolicyRule.rules.verbs of type string`);
    expect(decode({ ...role, rules: [{ verbs: ['get'] }, { apiGroups: true }] })).toBe(`${pre}bool into Go struct field PolicyRule.rules.apiGroups of type []string`);
    expect(decode({ ...role, rules: [{ verbs: ['get'], bogus: 1 }] })).toBeUndefined();
    expect(decode({ ...role, rules: null })).toBeUndefined();
    const cr = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x' } };
    expect(decode({ ...cr, aggregationRule: 5 })).toBe(`${pre}number into Go struct field ClusterRole.aggregationRule of type v1.AggregationRule`);
    expect(decode({ ...cr, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 1 } }] } })).toBe(
      `${pre}number into Go struct field LabelSelector.aggregationRule.clusterRoleSelectors.matchLabels of type string`,
    );
    expect(decode({ ...cr, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ operator: 1 }] }] } })).toBe(
      `${pre}number into Go struct field LabelSelectorRequirement.aggregationRule.clusterRoleSelectors.matchExpressions.operator of type v1.LabelSelectorOperator`,
    );
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' } };
    expect(decode({ ...rb, roleRef: [] })).toBe(`${pre}array into Go struct field RoleBinding.roleRef of type v1.RoleRef`);
    expect(decode({ ...rb, subjects: [{ name: 1 }] })).toBe(`${pre}number into Go struct field Subject.subjects.name of type string`);
    expect(decode({ ...rb, subjects: 5, roleRef: { kind: { a: 1 } } })).toBe(`${pre}object into Go struct field RoleRef.roleRef.kind of type string`);
    expect(decode({ apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'Role', rules: [{ verbs: 3 }] })).toBe(
      `${pre}number into Go struct field PolicyRule.rules.verbs of type []string`,
    );
    expect(decode({ apiVersion: 'v1', kind: 'ConfigMap', data: 1 })).toBeUndefined();
  });
});
