import { describe, expect, test } from '@jest/globals';
import { conditionMet, jsonPathMet, parseWaitFor, splitJsonPathInput } from '../../../src/wait/conditions.js';

describe('parseWaitFor', () => {
  test('forms', () => {
    expect(parseWaitFor('delete')).toEqual({ kind: 'delete' });
    expect(parseWaitFor('create')).toEqual({ kind: 'create' });
    expect(parseWaitFor('condition=Ready')).toEqual({ kind: 'condition', name: 'Ready', value: 'true' });
    expect(parseWaitFor('condition=Ready=false')).toEqual({ kind: 'condition', name: 'Ready', value: 'false' });
    expect(parseWaitFor("jsonpath={.status.phase}=Running")).toMatchObject({ kind: 'jsonpath', expression: '{.status.phase}', value: 'Running' });
    expect(parseWaitFor('jsonpath=.status.phase')).toMatchObject({ kind: 'jsonpath', expression: '{.status.phase}' });
    expect((parseWaitFor('jsonpath=.status.phase') as { value?: string }).value).toBeUndefined();
    expect(parseWaitFor("jsonpath={.a}='x'")).toMatchObject({ value: 'x' });
  });
  test('kubectl errors', () => {
    expect(() => parseWaitFor('bogus')).toThrow('unrecognized condition: "bogus"');
    expect(() => parseWaitFor('')).toThrow('unrecognized condition: ""');
    expect(() => parseWaitFor('jsonpath={.a}=')).toThrow('jsonpath wait has to have a value after equal sign');
  });
  test('the value starts after the expression', () => {
    expect(splitJsonPathInput('{.status.conditions[?(@.type=="Ready")].status}=True')).toEqual([
      '{.status.conditions[?(@.type=="Ready")].status}',
      'True',
    ]);
  });
});

describe('conditions', () => {
  const pod = (status: string, extra: object = {}) => ({
    metadata: { name: 'p', generation: 2 },
    status: { conditions: [{ type: 'Ready', status, ...extra }] },
  });
  test('case-insensitive name and status', () => {
    expect(conditionMet(pod('True'), 'ready', 'true')).toBe(true);
    expect(conditionMet(pod('False'), 'Ready', 'true')).toBe(false);
    expect(conditionMet(pod('False'), 'Ready', 'false')).toBe(true);
    expect(conditionMet(pod('True'), 'Other', 'true')).toBe(false);
  });
  test('a condition from an older generation does not count', () => {
    expect(conditionMet(pod('True', { observedGeneration: 1 }), 'Ready', 'true')).toBe(false);
    expect(conditionMet(pod('True', { observedGeneration: 2 }), 'Ready', 'true')).toBe(true);
  });
  test('jsonpath', () => {
    const w = parseWaitFor('jsonpath={.status.phase}=Running') as any;
    expect(jsonPathMet({ status: { phase: 'Running' } }, w)).toBe(true);
    expect(jsonPathMet({ status: { phase: 'Pending' } }, w)).toBe(false);
    expect(jsonPathMet({ status: {} }, w)).toBe(false);
    const exists = parseWaitFor('jsonpath={.status.replicas}') as any;
    expect(jsonPathMet({ status: { replicas: 0 } }, exists)).toBe(true);
    const n = parseWaitFor('jsonpath={.status.replicas}=3') as any;
    expect(jsonPathMet({ status: { replicas: 3 } }, n)).toBe(true);
    const nested = parseWaitFor('jsonpath={.status}') as any;
    expect(() => jsonPathMet({ status: { a: 1 } }, nested)).toThrow('jsonpath leads to a nested object or list which is not supported');
  });
});
