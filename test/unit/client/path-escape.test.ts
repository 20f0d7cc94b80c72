/** Names in request paths escaped as Go's url.URL escapes a path (what client-go sends and kubectl logs at -v=6). */
import { describe, expect, test } from '@jest/globals';
import { escapePathSegment } from '../../../src/client/path-segment.js';
import { resourcePath } from '../../../src/client/rest.js';

describe('escapePathSegment', () => {
  test.each([
    ['system:aggregate-to-admin', 'system:aggregate-to-admin'],
    ['a b', 'a%20b'],
    ['$&+,;=@', '$&+,;=@'],
    ["x?y#z!*'()", 'x%3Fy%23z%21%2A%27%28%29'],
    ['é~_.-', '%C3%A9~_.-'],
    ['50%', '50%25'],
  ])('%s -> %s', (name, want) => {
    expect(escapePathSegment(name)).toBe(want);
  });

  test('resourcePath uses it for the namespace and the name', () => {
    expect(resourcePath({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' }, { namespace: 'a=b', name: 'system:x y' })).toBe(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/a=b/rolebindings/system:x%20y',
    );
  });
});
