import { describe, expect, test } from '@jest/globals';
import {
  applyMetadataChanges,
  goJson,
  labelChangeMessage,
  parseAnnotationChanges,
  parseLabelChanges,
  splitResourcesAndPairs,
} from '../../../src/mutate/metadata-update.js';

describe('label/annotate argument parsing', () => {
  test('resources first, then pairs; a resource after a pair is an error', () => {
    expect(splitResourcesAndPairs(['cm', 'a', 'x=1', 'y-'], 'label')).toEqual({ resources: ['cm', 'a'], pairs: ['x=1', 'y-'] });
  });
  test('kubectl texts for a misplaced resource', () => {
    expect(() => splitResourcesAndPairs(['cm', 'a', 'k=1', 'c'], 'label')).toThrow('all resources must be specified before label changes: c');
    expect(() => splitResourcesAndPairs(['cm', 'a', 'k=1', 'c'], 'annotation')).toThrow('all resources must be specified before annotation changes: c');
    expect(splitResourcesAndPairs(['cm', 'a', '=v', '-'], 'label')).toEqual({ resources: ['cm', 'a', '=v', '-'], pairs: [] });
  });
  test('label values are validated; one "=" only; set and remove of one key conflict', () => {
    expect(() => parseLabelChanges(['a=b=c'])).toThrow('invalid label spec: a=b=c');
    expect(() => parseLabelChanges(['k=bad value'])).toThrow(
      `invalid label value: "k=bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(() => parseLabelChanges([`t=${'a'.repeat(64)}`])).toThrow(`invalid label value: "t=${'a'.repeat(64)}": must be no more than 63 characters`);
    expect(() => parseLabelChanges(['k=v', 'k-'])).toThrow('can not both modify and remove a label in the same command');
    const c = parseLabelChanges(['k=v', 'k=w', 'e=', 'gone-']);
    expect([...c.set]).toEqual([['k', 'w'], ['e', '']]);
    expect(c.remove).toEqual(['gone']);
  });
  test('annotation values keep everything after the first "="', () => {
    const c = parseAnnotationChanges(['ann=x=y', 'p=', 'q-']);
    expect([...c.set]).toEqual([['ann', 'x=y'], ['p', '']]);
    expect(() => parseAnnotationChanges(['k=1', 'k-'])).toThrow('can not both modify and remove the following annotation(s) in the same command: k');
  });
});

describe('applying changes', () => {
  test('overwrite refused with kubectl texts; equal values are fine', () => {
    const obj = () => ({ metadata: { name: 'a', labels: { app: 'web', b: '1' }, annotations: { x: '1', y: '2' } } });
    expect(() => applyMetadataChanges(obj(), 'labels', parseLabelChanges(['app=db']), { overwrite: false, resourceVersion: '' })).toThrow(
      "'app' already has a value (web), and --overwrite is false",
    );
    expect(() => applyMetadataChanges(obj(), 'labels', parseLabelChanges(['b=2', 'app=db']), { overwrite: false, resourceVersion: '' })).toThrow(
      "['app' already has a value (web), and --overwrite is false, 'b' already has a value (1), and --overwrite is false]",
    );
    expect(() => applyMetadataChanges(obj(), 'annotations', parseAnnotationChanges(['y=3', 'x=2']), { overwrite: false, resourceVersion: '' })).toThrow(
      "--overwrite is false but found the following declared annotation(s): 'x' already has a value (1); 'y' already has a value (2)",
    );
    const o = obj();
    applyMetadataChanges(o, 'labels', parseLabelChanges(['app=web', 'b-', 'n=1']), { overwrite: false, resourceVersion: '7' });
    expect(o.metadata).toEqual({ name: 'a', labels: { app: 'web', n: '1' }, annotations: { x: '1', y: '2' }, resourceVersion: '7' });
  });
  test('removing from an object without labels leaves an empty map (kubectl then says "labeled")', () => {
    const o: { metadata: Record<string, unknown> } = { metadata: { name: 'a' } };
    const before = goJson(o);
    applyMetadataChanges(o, 'labels', parseLabelChanges(['app-']), { overwrite: false, resourceVersion: '' });
    expect(o.metadata.labels).toEqual({});
    expect(labelChangeMessage(before, goJson(o), false)).toBe('labeled');
  });
  test('messages from the JSON bytes', () => {
    expect(labelChangeMessage('{"a":1}', '{"a":1}', false)).toBe('not labeled');
    expect(labelChangeMessage('{"a":12}', '{"a":1}', false)).toBe('unlabeled');
    expect(labelChangeMessage('{"a":12}', '{"a":1}', true)).toBe('labeled');
    expect(goJson({ b: '<', a: 1 })).toBe('{"a":1,"b":"\\u003c"}');
  });
});
