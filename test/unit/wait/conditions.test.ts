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
  test('kubectl splits at each single "=", "==" stays whole (a filter with or without braces, with or without a value)', () => {
    expect(splitJsonPathInput('spec.containers[?(@.name=="busybox")].image=busybox')).toEqual(['spec.containers[?(@.name=="busybox")].image', 'busybox']);
    expect(splitJsonPathInput('spec.containers[?(@.name=="busybox")].image')).toEqual(['spec.containers[?(@.name=="busybox")].image']);
    expect(splitJsonPathInput('a.b.c====d.e.f===g.h.i===')).toEqual(['a.b.c====d.e.f==', 'g.h.i==', '']);
    expect(splitJsonPathInput('')).toEqual(['']);
    expect(parseWaitFor('jsonpath=spec.template.spec.containers[?(@.name=="busybox")].image=busybox')).toMatchObject({
      kind: 'jsonpath',
      expression: '{.spec.template.spec.containers[?(@.name=="busybox")].image}',
      value: 'busybox',
    });
    expect(parseWaitFor('jsonpath={.spec.containers[?(@.name=="busybox")].image}')).toMatchObject({
      expression: '{.spec.containers[?(@.name=="busybox")].image}',
    });
  });
  test('kubectl 1.33 errors for the jsonpath form, in its order', () => {
    const format = "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";
    const relaxed = "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";
    const noValue = "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3";
    const cases: [string, string][] = [
      ['jsonpath={.a}=x=y', format],
      ['jsonpath={.a}=', noValue],
      ['jsonpath={.a}="', noValue],
      ['jsonpath==3', 'jsonpath expression cannot be empty'],
      ['jsonpath=', 'jsonpath expression cannot be empty'],
      ['jsonpath={.a}==3', relaxed],
      ['jsonpath={.a}===', relaxed],
      ['jsonpath={.a=3', relaxed],
    ];
    for (const [spec, message] of cases) expect(() => parseWaitFor(spec)).toThrow(message);
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
