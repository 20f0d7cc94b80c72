// Go encoding/json syntax errors, as kubectl 1.33 (its kustomize reading a `crds` file) printed them for each text.
import { describe, expect, test } from '@jest/globals';
import { goJsonSyntaxError } from '../../../src/codec/go-json-error.js';

const CASES: Array<[string, string]> = [
  ["{\"a\": tru}", "invalid character '}' in literal true (expecting 'e')"],
  ["{\"a\" 1}", "invalid character '1' after object key"],
  ["{\"a\": 1 \"b\"}", "invalid character '\"' after object key:value pair"],
  ["{\"a\": \"\\q\"}", "invalid character 'q' in string escape code"],
  ["{\"a\": 01}", "invalid character '1' after object key:value pair"],
  ["{\"a\": -x}", "invalid character 'x' in numeric literal"],
  ["{\"a\": 1.e}", "invalid character 'e' after decimal point in numeric literal"],
  ["{\"a\": 1e+}", "invalid character '}' in exponent of numeric literal"],
  ["{\"a\": \"\\u12g4\"}", "invalid character 'g' in \\u hexadecimal character escape"],
  ["{x}", "invalid character 'x' looking for beginning of object key string"],
  ["{\"a\": 1} x", "invalid character 'x' after top-level value"],
  ["{", "unexpected end of JSON input"],
  ["{\"a\": nul", "invalid character ' ' in literal null (expecting 'l')"],
  ["{\"a\": 'x'}", "invalid character '\\'' looking for beginning of value"],
  ["{\"a\": \"b\n\"}", "invalid character '\\n' in string literal"],
  ["{ \"a\": [1,]}", "invalid character ']' looking for beginning of value"],
  ["{\"a\": -", "invalid character ' ' in numeric literal"],
  ["{\"a\": 1.", "invalid character ' ' after decimal point in numeric literal"],
  ["{\"a\": 1e", "invalid character ' ' in exponent of numeric literal"],
  ["{\"a\": 1e-", "invalid character ' ' in exponent of numeric literal"],
  ["{\"a\": \"\\", "invalid character ' ' in string escape code"],
  ["{\"a\": \"\\u12", "invalid character ' ' in \\u hexadecimal character escape"],
  ["{\"a\": \"abc", "unexpected end of JSON input"],
  ["{\"a\": tr", "invalid character ' ' in literal true (expecting 'u')"],
  ["{\"a\"", "unexpected end of JSON input"],
  ["{\"a\":", "unexpected end of JSON input"],
  ["{\"a\": 1}}", "invalid character '}' after top-level value"],
  ["{\"a\": 1", "unexpected end of JSON input"],
  ["{\"a\":{\"b\":[{\"c\":1,}]}}", "invalid character '}' looking for beginning of object key string"],
  ["{\"a\": fals3}", "invalid character '3' in literal false (expecting 'e')"],
  ["{\"a\": 1.5e3x}", "invalid character 'x' after object key:value pair"],
];

describe("goJsonSyntaxError", () => {
  test.each(CASES)("%j", (text, message) => {
    expect(goJsonSyntaxError(text)).toBe(message);
  });

  test.each([["{}"], ["[]"], [" {\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"]} "], ["0"], ["\"x\""]])("valid: %j", (text) => {
    expect(goJsonSyntaxError(text)).toBeUndefined();
  });
});
