/**
 * Three-way strategic merge patches, compared byte for byte with the bodies
 * kubectl.1.33 sent for the same (last-applied, manifest, live) triples
 * (captured from the real cluster by fixtures/capture.mjs).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaForKind, type OpenApiDocument } from '../../../src/apply/openapi.js';
import { createThreeWayMergePatch, EMPTY_SCHEMA, PatchConflictError, type JsonMap, type PatchSchema } from '../../../src/apply/strategic-merge.js';
import { originalConfiguration, withLastApplied } from '../../../src/apply/last-applied.js';
import { compactJson } from '../../../src/printers/json.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const openapi = JSON.parse(readFileSync(path.join(here, 'fixtures/openapi-subset.json'), 'utf8')) as OpenApiDocument;
interface Case {
  name: string;
  current: JsonMap;
  manifest: JsonMap;
  output: string;
  patch: string | null;
}
const cases = JSON.parse(readFileSync(path.join(here, 'fixtures/smp-cases.json'), 'utf8')) as Case[];

function schemaOf(obj: JsonMap): PatchSchema {
  const [group, version] = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/') : ['', String(obj.apiVersion)];
  const s = schemaForKind(openapi, group!, version!, String(obj.kind));
  if (!s) throw new Error(`no schema for ${String(obj.kind)}`);
  return s;
}

const patchFor = (c: Case) =>
  compactJson(createThreeWayMergePatch(originalConfiguration(c.current), withLastApplied(c.manifest), c.current, schemaOf(c.manifest)));

describe('three-way strategic merge patch equals kubectl.1.33', () => {
  test('the captured cases cover what the suite claims', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'containers-env-ports-volumes-tolerations-labels-retainKeys',
      'unchanged',
      'reorder-containers',
      'other-manager-fields-kept',
      'add-env-and-port',
      'null-field',
      'remove-field-and-annotation',
      'service-ports',
      'configmap-data-and-finalizers',
    ]);
  });
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(patchFor(c)).toBe(c.patch ?? '{}');
    expect(c.output).toMatch(c.patch ? / configured\n$/ : / unchanged\n$/);
  });
});

describe('patch directives', () => {
  const meta = (strategies: string[], mergeKey = '') => ({ strategies, mergeKey });
  // a tiny schema: spec.items merge by name, spec.tags merge (scalars), spec.mode retainKeys
  const leaf: PatchSchema = { forStruct: () => ({ schema: leaf, meta: meta([]) }), forSlice: () => ({ schema: leaf, meta: meta([]) }) };
  const spec: PatchSchema = {
    forStruct: (k) => ({ schema: leaf, meta: k === 'mode' ? meta(['retainKeys']) : meta([]) }),
    forSlice: (k) => ({ schema: leaf, meta: k === 'items' ? meta(['merge'], 'name') : k === 'tags' ? meta(['merge']) : meta([]) }),
  };
  const root: PatchSchema = { forStruct: () => ({ schema: spec, meta: meta([]) }), forSlice: () => ({ schema: leaf, meta: meta([]) }) };
  const p = (o: JsonMap | undefined, m: JsonMap, c: JsonMap, s = root) => compactJson(createThreeWayMergePatch(o, m, c, s));

  test('$deleteFromPrimitiveList and $setElementOrder for scalar lists', () => {
    expect(p({ spec: { tags: ['a', 'b'] } }, { spec: { tags: ['b', 'c'] } }, { spec: { tags: ['a', 'b', 'x'] } })).toBe(
      '{"spec":{"$deleteFromPrimitiveList/tags":["a"],"$setElementOrder/tags":["b","c"],"tags":["c"]}}',
    );
  });
  test('$retainKeys when a union member is dropped', () => {
    expect(p({ spec: { mode: { type: 'A', a: 1 } } }, { spec: { mode: { type: 'B' } } }, { spec: { mode: { type: 'A', a: 1 } } })).toBe(
      '{"spec":{"mode":{"$retainKeys":["type"],"a":null,"type":"B"}}}',
    );
  });
  test('no last-applied: nothing is deleted, additions still sent', () => {
    expect(p(undefined, { spec: { x: 1 } }, { spec: { x: 1, y: 2 } })).toBe('{}');
    expect(p(undefined, { spec: { x: 2 } }, { spec: { x: 1, y: 2 } })).toBe('{"spec":{"x":2}}');
  });
  test('list element removed from the manifest becomes a $patch delete, at the end', () => {
    expect(
      p(
        { spec: { items: [{ name: 'a' }, { name: 'b' }] } },
        { spec: { items: [{ name: 'c' }, { name: 'b', v: 1 }] } },
        { spec: { items: [{ name: 'a' }, { name: 'b' }, { name: 'server' }] } },
      ),
    ).toBe(
      '{"spec":{"$setElementOrder/items":[{"name":"c"},{"name":"b"}],"items":[{"name":"c"},{"name":"b","v":1},{"$patch":"delete","name":"a"}]}}',
    );
  });
  test('without metadata, lists are replaced whole', () => {
    expect(p({ spec: { items: [1, 2] } }, { spec: { items: [2] } }, { spec: { items: [1, 2] } }, EMPTY_SCHEMA)).toBe('{"spec":{"items":[2]}}');
  });
  test('a field another actor set and the manifest never had is kept', () => {
    expect(p({ spec: { a: 1 } }, { spec: { a: 1 } }, { spec: { a: 1, b: 2 } })).toBe('{}');
  });
});

describe('--overwrite=false conflicts equal apimachinery v0.33.2 (kubectl 1.33)', () => {
  // (original, modified, current) triples for a Deployment and what Go's
  // strategicpatch.CreateThreeWayMergePatch(..., overwrite=false) returned
  interface ConflictCase {
    name: string;
    original: JsonMap;
    modified: JsonMap;
    current: JsonMap;
    patch?: string;
    conflict?: string;
  }
  const conflicts = JSON.parse(readFileSync(path.join(here, 'fixtures/smp-conflicts.json'), 'utf8')) as ConflictCase[];
  const deployment = schemaOf({ apiVersion: 'apps/v1', kind: 'Deployment' });
  test.each(conflicts.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = () => createThreeWayMergePatch(c.original, c.modified, c.current, deployment, false);
    if (c.patch !== undefined) {
      expect(compactJson(run())).toBe(c.patch);
      return;
    }
    let message: string | undefined;
    try {
      run();
    } catch (err) {
      message = err instanceof PatchConflictError ? err.message : String(err);
    }
    expect(message).toBe(c.conflict);
    // overwrite=true sends the patch regardless
    expect(() => createThreeWayMergePatch(c.original, c.modified, c.current, deployment, true)).not.toThrow();
  });
});
