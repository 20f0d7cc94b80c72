/**
 * Go's fmt rendering of decoded JSON values (what unstructured objects hold),
 * shared by go-template, JSONPath text output and custom-columns:
 * integers as integers, floats as %v ('g', shortest, exponent from 1e+06 or
 * below 1e-04), maps as `map[k:v ...]` with sorted keys, slices as `[a b]`,
 * nil as `<nil>`.
 */
import { compareCodePoints } from '../codec/json.js';
import { isRecord } from '../codec/value.js';

/** JSON integers decode to int64 in unstructured content; others to float64. */
export function isGoInteger(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

/** Shortest round-trip digits of |x| and the decimal exponent of the first digit. */
function shortestDigits(x: number): { digits: string; exp: number } {
  const [mant, e] = Math.abs(x).toExponential().split('e');
  return { digits: mant.replace('.', ''), exp: Number(e) };
}

/** strconv.FormatFloat(x, 'e', -1, 64) */
export function formatGoFloatE(x: number): string {
  const { digits, exp } = shortestDigits(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ae = Math.abs(exp);
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}

/** strconv.FormatFloat(x, 'g', -1, 64), which is also fmt's %v for a float64. */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { digits, exp } = shortestDigits(x);
  if (exp < -4 || exp >= 6) return formatGoFloatE(x);
  const sign = x < 0 ? '-' : '';
  const dp = exp + 1; // digits before the decimal point
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return sign + digits + '0'.repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** A number the way fmt prints what encoding/json-into-unstructured produced. */
export function formatGoNumber(n: number): string {
  if (isGoInteger(n)) return Object.is(n, -0) ? '0' : BigInt(n).toString();
  return formatGoFloat(n);
}

/** fmt.Sprint / %v of a JSON-like value. */
export function formatGoValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatGoNumber(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map(formatGoValue).join(' ')}]`;
  if (isRecord(v)) {
    const o = v;
    const keys = Object.keys(o).sort(compareCodePoints);
    return `map[${keys.map((k) => `${k}:${formatGoValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go's strconv.IsPrint, approximated with Unicode categories (letters, marks, numbers, punctuation, symbols, ' '). */
export function isGoPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** strconv.Quote: a double-quoted Go string literal, printable Unicode kept literal (escaped too with ascii: QuoteToASCII). */
export function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
      default: break;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (isGoPrint(cp) && !(ascii && cp >= 0x80)) out += ch;
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** %#v of a decoded-JSON value, as kubectl dumps the object after a template error. */
export function formatGoSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return formatGoValue(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(formatGoSyntax).join(', ')}}`;
  const o = isRecord(v) ? v : {};
  const keys = Object.keys(o).sort(compareCodePoints);
  return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${formatGoSyntax(o[k])}`).join(', ')}}`;
}

/** The Go type name reflect reports for a decoded-JSON value. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isGoInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** cli-runtime's printers.EscapeTerminal, as kubectl 1.33 has it: ESC shows as ^[ and CR as \r; other control characters pass. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}
