/**
 * The Go path semantics `cp` relies on (cases from Go's own path and
 * path/filepath tests), kubectl's file-spec parsing and its escape check.
 */
import { describe, expect, test } from '@jest/globals';
import { BadPatternError, clean, dir, base, join, match, rel } from '../../../src/podio/gopath.js';
import { extractFileSpec, isRelative, quoteBytes, stripPathShortcuts, bytes } from '../../../src/podio/cp.js';

describe('Go path semantics', () => {
  test.each([
    ['', '.'], ['abc/', 'abc'], ['abc//def', 'abc/def'], ['/../abc', '/abc'], ['../../abc', '../../abc'],
    ['abc/./../def', 'def'], ['abc/../../..', '../..'], ['/abc/def/../../..', '/'], ['./', '.'], ['/', '/'],
  ])('Clean(%j) = %j', (p, want) => expect(clean(p)).toBe(want));

  test('Dir, Base, Join', () => {
    expect([dir('a/b'), dir('a'), dir('/a'), dir(''), dir('a/b/')]).toEqual(['a', '.', '/', '.', 'a/b']);
    expect([base('a/b'), base('a/b/'), base('/'), base(''), base('a/..')]).toEqual(['b', 'b', '/', '.', '..']);
    expect([join('a', ''), join('', ''), join('a', '/b'), join('a/b', '../../..', 'c')]).toEqual(['a', '', 'a/b', '../c']);
  });

  test.each([
    ['a/b', 'a/b', '.'], ['a/b/.', 'a/b', '.'], ['./a/b', 'a/b', '.'], ['ab/cd', 'ab/cde', '../cde'], ['ab/cd', 'ab/c', '../c'],
    ['a/b', 'a/b/c/d', 'c/d'], ['a/b', 'a/b/../c', '../c'], ['a/b/../c', 'a/b', '../b'], ['a/b/c', 'a/c/d', '../../c/d'],
    ['a/b', 'c/d', '../../c/d'], ['a/b/c/d', 'a/b/', '../..'], ['../../a/b', '../../a/b/c/d', 'c/d'], ['/a/b/c', '/a/c/d', '../../c/d'],
    ['/../../a/b', '/../../a/b/c/d', 'c/d'], ['.', 'a/b', 'a/b'], ['.', '..', '..'],
    ['..', '.', undefined], ['..', 'a', undefined], ['../..', '..', undefined], ['a', '/a', undefined], ['/a', 'a', undefined],
  ])('Rel(%j, %j) = %j', (b, t, want) => expect(rel(b, t)).toBe(want));

  test.each([
    ['abc', 'abc', true], ['*', 'abc', true], ['*c', 'abc', true], ['a*', 'a', true], ['a*', 'ab/c', false], ['a*/b', 'abc/b', true],
    ['a*/b', 'a/c/b', false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true], ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true], ['a*b?c*x', 'abxbbxdbxebxczzy', false], ['ab[c]', 'abc', true], ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false], ['ab[^c]', 'abc', false], ['ab[^e-g]', 'abc', true], ['a\\*b', 'a*b', true], ['a\\*b', 'ab', false],
    ['[\\]a]', ']', true], ['[\\-]', '-', true], ['[x\\-]', '-', true], ['[x\\-]', 'z', false], ['*x', 'xxx', true],
  ])('Match(%j, %j) = %j', (p, n, want) => expect(match(p, n)).toBe(want));

  test.each([['[]a]', ']'], ['[-]', '-'], ['[x-]', 'x'], ['\\', 'a'], ['[a-b-c]', 'a'], ['[', 'a'], ['[^bc', 'a'], ['a[', 'x'], ['a/b[', 'x']])(
    'Match(%j, %j) is a bad pattern',
    (p, n) => expect(() => match(p, n)).toThrow(BadPatternError),
  );
});

describe("kubectl's file specs and checks", () => {
  test('extractFileSpec', () => {
    expect(extractFileSpec('a/b/')).toEqual({ podName: '', podNamespace: '', file: 'a/b', remote: false });
    expect(extractFileSpec('/')).toEqual({ podName: '', podNamespace: '', file: '/', remote: false });
    expect(extractFileSpec('ns/pod:c:\\x\\y/')).toEqual({ podName: 'pod', podNamespace: 'ns', file: 'c:/x/y', remote: true });
    expect(extractFileSpec('pod:')).toEqual({ podName: 'pod', podNamespace: '', file: '', remote: true });
    expect(() => extractFileSpec(':x')).toThrow('filespec must match the canonical format: [[namespace/]pod:]file/path');
    expect(() => extractFileSpec('a/b/c:x')).toThrow('filespec must match');
  });

  test('stripPathShortcuts and isRelative', () => {
    expect(['../../a', '..', '.', '/a', '../a/../b', 'a/..'].map(stripPathShortcuts)).toEqual(['a', '', '', 'a', 'a/../b', 'a/..']);
    expect(isRelative('out', 'out')).toBe(true);
    expect(isRelative('out', 'out/a/b')).toBe(true);
    expect(isRelative('out', 'outside')).toBe(false);
    expect(isRelative('out', 'x')).toBe(false);
    expect(isRelative('/tmp/out', '/etc/passwd')).toBe(false);
    expect(isRelative('out', '/abs')).toBe(false);
  });

  test("names as Go's %q shows them, bytes that are not UTF-8 included", () => {
    expect(quoteBytes(bytes('a"b\\c\n'))).toBe('"a\\"b\\\\c\\n"');
    expect(quoteBytes(bytes('héllo'))).toBe('"héllo"');
    expect(quoteBytes('ab\xffc')).toBe('"ab\\xffc"');
  });
});
