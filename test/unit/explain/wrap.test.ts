import { describe, expect, test } from '@jest/globals';
import { wrapLines } from '../../../src/explain/v2.js';
import { explainPlaintext, wrapString } from '../../../src/explain/v3.js';

describe('explain wrapping', () => {
  test("go-wordwrap: breaks at spaces, keeps newlines, a word longer than the limit overflows", () => {
    expect(wrapString('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapString('aaa\nbbb ccc', 7)).toBe('aaa\nbbb ccc');
    expect(wrapString('x https://example.com/very/long/url y', 10)).toBe('x\nhttps://example.com/very/long/url\ny');
    expect(wrapString('trailing  ', 20)).toBe('trailing  ');
  });

  test("kubectl's v2 formatter: reflows words, keeps indented code, starts lines at bullets and after a colon", () => {
    expect(wrapLines('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapLines('Values:\n- a\n- b\n    code  kept', 80)).toEqual(['Values:', '- a', '- b', '    code  kept']);
    // as kubectl: the first blank line only ends the paragraph, later ones are kept
    expect(wrapLines('a\n\nb\n\nc', 80)).toEqual(['a', 'b', '', 'c']);
  });

  test('plaintext: header, description, sorted fields with types, required, enum; a missing field after the header', () => {
    const doc = {
      paths: { '/apis/g.io/v1/namespaces/{namespace}/things': { get: { 'x-kubernetes-group-version-kind': { group: 'g.io', kind: 'Thing', version: 'v1' } } } },
      components: {
        schemas: {
          thing: {
            'x-kubernetes-group-version-kind': [{ group: 'g.io', kind: 'Thing', version: 'v1' }],
            description: 'A thing.',
            required: ['spec'],
            properties: {
              spec: { type: 'object', properties: { mode: { type: 'string', enum: ['', 'A', 'B', 'C', 'D'] } } },
              list: { type: 'array', items: { $ref: '#/components/schemas/other' } },
            },
          },
          other: { type: 'object', properties: {} },
        },
      },
    };
    let out = '';
    explainPlaintext(doc, { group: 'g.io', version: 'v1', resource: 'things' }, [], false, (s) => (out += s));
    expect(out).toBe(
      'GROUP:      g.io\nKIND:       Thing\nVERSION:    v1\n\nDESCRIPTION:\n    A thing.\n    \nFIELDS:\n' +
        '  list\t<[]other>\n    <no description>\n\n  spec\t<Object> -required-\n    <no description>\n\n\n',
    );
    out = '';
    explainPlaintext(doc, { group: 'g.io', version: 'v1', resource: 'things' }, ['spec'], true, (s) => (out += s));
    expect(out).toContain('FIELDS:\n  mode\t<string>\n  enum: "", A, B, C, ....\n');
    out = '';
    expect(() => explainPlaintext(doc, { group: 'g.io', version: 'v1', resource: 'things' }, ['nope'], false, (s) => (out += s))).toThrow('error: field "nope" does not exist');
    expect(out).toBe('GROUP:      g.io\nKIND:       Thing\nVERSION:    v1\n\n');
  });
});
