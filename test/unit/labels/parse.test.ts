/**
 * The selectors kubectl turns into a LabelSelector itself (create pdb
 * --selector, set selector) go through labels.Parse's lexer and parser: its
 * results and error texts, recorded from kubectl.1.33 (create pdb
 * --min-available=1 --selector=... --dry-run=client).
 */
import { describe, expect, test } from '@jest/globals';
import { parseToLabelSelector } from '../../../src/create/generators.js';

/** [selector, kubectl 1.33's error without "error: "] */
const KUBECTL_ERRORS: Array<[string, string]> = [
  ["bad sel", "couldn't parse the selector string \"bad sel\": unable to parse requirement: found 'sel', expected: in, notin, =, ==, !=, gt, lt"],
  ["a in b", "couldn't parse the selector string \"a in b\": unable to parse requirement: found 'b' expected: '('"],
  ["!!", "couldn't parse the selector string \"!!\": unable to parse requirement: found '!', expected: identifier"],
  ["a in (b", "couldn't parse the selector string \"a in (b\": unable to parse requirement: found '', expected: ',' or ')'"],
  ["a in (b c)", "couldn't parse the selector string \"a in (b c)\": unable to parse requirement: found 'c', expected: ',' or ')'"],
  ["a>1", "\"gt\" isn't supported in label selectors"],
  ["a=b,,c", "couldn't parse the selector string \"a=b,,c\": found ',', expected: identifier after ','"],
  [",a", "couldn't parse the selector string \",a\": found ',', expected: !, identifier, or 'end of string'"],
  ["a=-x", "couldn't parse the selector string \"a=-x\": unable to parse requirement: values[0][a]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
  ["a/b/c", "couldn't parse the selector string \"a/b/c\": unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
  ["a in in", "couldn't parse the selector string \"a in in\": unable to parse requirement: found 'in' expected: '('"],
  ["a==b c", "couldn't parse the selector string \"a==b c\": found 'c', expected: ',' or 'end of string'"],
  ["a=b=c", "couldn't parse the selector string \"a=b=c\": found '=', expected: ',' or 'end of string'"],
  ["(a)", "couldn't parse the selector string \"(a)\": found '(', expected: !, identifier, or 'end of string'"],
  ["a&b", "couldn't parse the selector string \"a&b\": unable to parse requirement: <nil>: Invalid value: \"a&b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
  ["a=b)", "couldn't parse the selector string \"a=b)\": found ')', expected: ',' or 'end of string'"],
  ["a in (-x,_y)", "couldn't parse the selector string \"a in (-x,_y)\": unable to parse requirement: [values[0][a]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), values[1][a]: Invalid value: \"_y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]"],
  ["a>x", "couldn't parse the selector string \"a>x\": unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"],
];

describe('labels.Parse as kubectl runs it', () => {
  test.each(KUBECTL_ERRORS)('%j', (sel, message) => {
    expect(() => parseToLabelSelector(sel)).toThrow(message);
    try {
      parseToLabelSelector(sel);
    } catch (err) {
      expect((err as Error).message).toBe(message);
    }
  });

  test('selectors it accepts: the empty one, spaces, "in" as a key, empty values, keys sorted', () => {
    expect(parseToLabelSelector('')).toEqual({});
    expect(parseToLabelSelector(' a = b ')).toEqual({ matchLabels: { a: 'b' } });
    expect(parseToLabelSelector('in=1,a=')).toEqual({ matchLabels: { a: '', in: '1' } });
    expect(parseToLabelSelector('a in ()')).toEqual({ matchExpressions: [{ key: 'a', operator: 'In', values: [''] }] });
    expect(parseToLabelSelector('a in (b,,c)')).toEqual({ matchExpressions: [{ key: 'a', operator: 'In', values: ['', 'b', 'c'] }] });
    expect(parseToLabelSelector('z in (b),a notin (c,a),m,!q')).toEqual({
      matchExpressions: [
        { key: 'a', operator: 'NotIn', values: ['a', 'c'] },
        { key: 'm', operator: 'Exists' },
        { key: 'q', operator: 'DoesNotExist' },
        { key: 'z', operator: 'In', values: ['b'] },
      ],
    });
  });
});
