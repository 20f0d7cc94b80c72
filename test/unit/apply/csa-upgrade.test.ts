import { describe, expect, test } from '@jest/globals';
import { csaManagerNames, lastAppliedOwnedByApply, setHas, unionSets, upgradeManagedFieldsPatch } from '../../../src/apply/csa-upgrade.js';
import type { JsonMap } from '../../../src/apply/strategic-merge.js';
import { pruneNulls, withoutResourceVersion } from '../../../src/resource/create-body.js';

const LA = 'f:kubectl.kubernetes.io/last-applied-configuration';
const csaFields = { 'f:data': { '.': {}, 'f:a': {}, 'f:legacy': {} }, 'f:metadata': { 'f:annotations': { '.': {}, [LA]: {} } } };

function obj(managedFields: unknown[]): JsonMap & { metadata: { name: string; resourceVersion: string; managedFields: JsonMap[] } } {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', resourceVersion: '42', managedFields: managedFields as JsonMap[] } };
}

describe('field sets', () => {
  test('membership: a leaf {} or a node with "."', () => {
    expect(setHas(csaFields, ['f:metadata', 'f:annotations', LA])).toBe(true);
    expect(setHas(csaFields, ['f:data'])).toBe(true);
    expect(setHas(csaFields, ['f:metadata'])).toBe(false);
    expect(setHas(csaFields, ['f:spec'])).toBe(false);
  });
  test('union keeps membership of a leaf that the other side has children under', () => {
    expect(unionSets({ 'f:data': {} }, { 'f:data': { 'f:a': {} } })).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
    expect(unionSets({ 'f:x': { 'f:a': {} } }, { 'f:x': { 'f:b': {} } })).toEqual({ 'f:x': { 'f:a': {}, 'f:b': {} } });
  });
});

describe('csaupgrade', () => {
  test('the client-side manager that owns the annotation becomes the server-side one in place, time kept', () => {
    const o = obj([
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: 't1', fieldsType: 'FieldsV1', fieldsV1: csaFields },
      { manager: 'kubectl-label', operation: 'Update', apiVersion: 'v1', time: 't2', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
    ]);
    expect(csaManagerNames(o)).toEqual(['kubectl-client-side-apply']);
    const patch = upgradeManagedFieldsPatch(o, csaManagerNames(o), 'other') as Array<{ value: unknown }>;
    expect(patch[0]!.value).toEqual([
      { manager: 'other', operation: 'Apply', apiVersion: 'v1', time: 't1', fieldsType: 'FieldsV1', fieldsV1: csaFields },
      o.metadata.managedFields[1],
    ]);
    expect(patch[1]).toEqual({ op: 'replace', path: '/metadata/resourceVersion', value: '42' });
  });
  test('an existing server-side entry absorbs the client-side fields of the same apiVersion; nothing to do afterwards', () => {
    const ssa = { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: 't0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } };
    const o = obj([ssa, { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: 't1', fieldsType: 'FieldsV1', fieldsV1: csaFields }]);
    const patch = upgradeManagedFieldsPatch(o, ['kubectl-client-side-apply'], 'kubectl') as Array<{ value: unknown }>;
    const value = patch[0]!.value as Array<{ fieldsV1: unknown }>;
    expect(value).toHaveLength(1);
    expect(value[0]!.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {}, 'f:legacy': {} }, 'f:metadata': { 'f:annotations': { '.': {}, [LA]: {} } } });
    expect(lastAppliedOwnedByApply(obj(value))).toBe(true);
    expect(upgradeManagedFieldsPatch(obj(value), ['kubectl-client-side-apply'], 'kubectl')).toBeUndefined();
  });
});

describe('create bodies', () => {
  test('nulls pruned from maps at any depth, list items kept', () => {
    expect(pruneNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null, g: 2 }] })).toEqual({ b: { d: 1 }, e: [null, { g: 2 }] });
  });
  test('resourceVersion dropped, nothing else', () => {
    expect(withoutResourceVersion({ kind: 'X', metadata: { name: 'n', resourceVersion: '1', uid: 'u' } })).toEqual({ kind: 'X', metadata: { name: 'n', uid: 'u' } });
    const o = { kind: 'X', metadata: { name: 'n' } };
    expect(withoutResourceVersion(o)).toBe(o);
  });
});
