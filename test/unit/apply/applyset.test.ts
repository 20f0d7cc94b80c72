import { describe, expect, test } from '@jest/globals';
import { applySetId, parseParentRef } from '../../../src/apply/applyset.js';
import { ResourceMapper } from '../../../src/client/mapper.js';
import { standardResources } from '../../integration/fake-server.js';
import { docFrom } from '../client/mapper.test.js';

describe('ApplySet', () => {
  test("the id as kubectl computes it (kubectl's own test: Secret my-set in namespace test)", () => {
    expect(applySetId('my-set', 'test', 'Secret', '')).toBe('applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1');
  });

  const mapper = new ResourceMapper(
    docFrom([...standardResources(), { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true }]),
  );
  test('parent references: NAME is a Secret, [RESOURCE][.GROUP]/NAME resolved with short and singular names', () => {
    const ref = (s: string) => {
      const p = parseParentRef(s, mapper);
      return `${p.mapping.group}/${p.mapping.resource}/${p.name}`;
    };
    expect(ref('my-set')).toBe('/secrets/my-set');
    expect(ref('configmaps/x')).toBe('/configmaps/x');
    expect(ref('cm/x')).toBe('/configmaps/x');
    expect(ref('secret/x')).toBe('/secrets/x');
    expect(ref('widgets.example.com/w')).toBe('example.com/widgets/w');
    expect(() => ref('configmaps/')).toThrow('invalid parent reference "configmaps/": name cannot be blank');
    expect(() => ref('nope/x')).toThrow('invalid parent reference "nope/x": no matches for /, Resource=nope');
    expect(() => ref('widgets.nope.io/x')).toThrow('invalid parent reference "widgets.nope.io/x": no matches for nope.io/, Resource=widgets');
  });
});
