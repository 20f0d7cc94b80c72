import { describe, expect, test } from '@jest/globals';
import { pathSegmentProblems, unsafePathSegment } from '../../../src/client/path-segment.js';
import { resourcePath } from '../../../src/client/rest.js';

const cm = { group: '', version: 'v1', resource: 'configmaps' };

describe('path segments (client-go IsValidPathSegmentName)', () => {
  test('problems as kubectl words them', () => {
    expect(pathSegmentProblems('.')).toEqual(["may not be '.'"]);
    expect(pathSegmentProblems('..')).toEqual(["may not be '..'"]);
    expect(pathSegmentProblems('a/%b')).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(pathSegmentProblems('a.b..c')).toEqual([]);
  });

  test('resourcePath refuses bad names, namespaces and subresources', () => {
    expect(() => resourcePath(cm, { namespace: 'ns', name: '.' })).toThrow(`invalid resource name ".": [may not be '.']`);
    expect(() => resourcePath(cm, { namespace: '..' })).toThrow(`invalid namespace "..": [may not be '..']`);
    expect(() => resourcePath(cm, { namespace: 'ns', name: 'a/%b' })).toThrow(`invalid resource name "a/%b": [may not contain '/' may not contain '%']`);
    expect(() => resourcePath(cm, { namespace: 'ns', name: '' })).toThrow('resource name may not be empty');
    expect(() => resourcePath(cm, { namespace: 'ns', name: 'x', subresource: '..' })).toThrow(`invalid subresource "..": [may not be '..']`);
    expect(resourcePath(cm, { namespace: 'ns', name: 'a.b' })).toBe('/api/v1/namespaces/ns/configmaps/a.b');
  });

  test('the transport net: dot and empty segments', () => {
    expect(unsafePathSegment('/api/v1/namespaces/ns/configmaps/.')).toBe('.');
    expect(unsafePathSegment('/api/v1/namespaces/ns/configmaps/%2e%2e')).toBe('%2e%2e');
    expect(unsafePathSegment('/api/v1/namespaces//configmaps')).toBe('');
    expect(unsafePathSegment('/api/v1/namespaces/ns/configmaps/')).toBe('');
    expect(unsafePathSegment('/api/v1/namespaces/ns/configmaps/x')).toBeUndefined();
    expect(unsafePathSegment('/')).toBeUndefined();
  });
});
