/**
 * --overrides that are not what their type takes, and JSON patch operations
 * that do not decode: kubectl 1.33's refusals (recorded with
 * `kubectl.1.33 run x --image=nginx --overrides=... --override-type=... --dry-run=client`
 * and `kubectl.1.33 patch cm x --type=json -p ... --dry-run=client`).
 */
import { describe, expect, test } from '@jest/globals';
import { applyOverrides } from '../../../src/create/overrides.js';
import { applyJsonPatch } from '../../../src/mutate/json-patch.js';

const pod = () => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'nginx', resources: {} }] } });
const typeVersion = (what: string) =>
  `couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`;

describe('--overrides refused as kubectl refuses them', () => {
  const cases: Array<[string, string, string]> = [
    ['[1]', 'merge', typeVersion('array')],
    ['"s"', 'merge', 'Invalid JSON Patch'],
    ['5', 'merge', 'Invalid JSON Patch'],
    ['true', 'merge', 'Invalid JSON Patch'],
    ['null', 'merge', 'Invalid JSON Patch'],
    ['[1]', 'json', 'json: cannot unmarshal number into Go value of type jsonpatch.Operation'],
    ['"s"', 'json', 'json: cannot unmarshal string into Go value of type jsonpatch.Patch'],
    ['5', 'json', 'json: cannot unmarshal number into Go value of type jsonpatch.Patch'],
    ['{"spec":{}}', 'json', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    ['[1]', 'strategic', 'invalid JSON document'],
    ['"s"', 'strategic', 'invalid JSON document'],
    ['[{"op":"add","path":"/a","value":1}]', 'strategic', 'invalid JSON document'],
  ];
  test.each(cases)('%s as %s', async (text, type, message) => {
    await expect(applyOverrides(pod(), text, type)).rejects.toThrow(message);
  });

  test('null is no change for json and strategic (the pod as its typed struct holds it)', async () => {
    const typed = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: null }, spec: pod().spec, status: {} };
    expect(await applyOverrides(pod(), 'null', 'json')).toEqual(typed);
    expect(await applyOverrides(pod(), 'null', 'strategic')).toEqual(typed);
  });
});

describe('JSON patch operations that do not decode', () => {
  const cases: Array<[unknown[], string]> = [
    [[null], 'Unexpected kind: unknown'],
    [[{}], 'Unexpected kind: unknown'],
    [[{ op: 5 }], 'Unexpected kind: unknown'],
    [[{ op: 'bogus' }], 'Unexpected kind: bogus'],
    [[{ op: 'add' }], 'add operation failed to decode path: missing value'],
    [[{ op: 'remove' }], 'remove operation failed to decode path: missing value'],
    [[{ op: 'move', path: '/a' }], 'move operation failed to decode from: operation, missing from field: missing value'],
    [[{ op: 'move', from: 3, path: '/a' }], 'move operation failed to decode from: json: cannot unmarshal number into Go value of type string'],
    [[{ op: 'copy', from: '/metadata' }], 'copy operation failed to decode path: missing value'],
    [[{ op: 'test', path: 5 }], 'test operation failed to decode path: json: cannot unmarshal number into Go value of type string'],
  ];
  test.each(cases)('%j', (ops, message) => {
    expect(() => applyJsonPatch({ metadata: { name: 'x' } }, JSON.parse(JSON.stringify(ops)))).toThrow(message);
  });
});
