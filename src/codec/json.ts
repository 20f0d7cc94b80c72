/**
 * JSON bytes as kubectl writes them (Go encoding/json): HTML-safe escaping of
 * < > & and U+2028/U+2029, non-ASCII left literal, map keys sorted by code
 * point (or kept in insertion order for client-built objects, which Go prints
 * in struct order), 4-space indent plus newline for -o json, compact for watch
 * events and JSONPath values.
 */

export interface JsonOptions {
  /** Indent unit; '' gives the compact form. Default: 4 spaces. */
  indent?: string;
  /** Sort object keys (Go map order). Default true; false keeps insertion order. */
  sortKeys?: boolean;
  /** Escape < > & as \u003c \u003e \u0026 (Go's default). Default true. */
  escapeHTML?: boolean;
  /** Put before every line but the first (json.MarshalIndent's prefix): a value nested in other output. Default ''. */
  prefix?: string;
}

/** Compares strings by Unicode code point, which is Go's byte order for UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP character in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const HEX = '0123456789abcdef';

/** A JSON string literal with Go's escaping rules. */
export function quoteJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x0a: rep = '\\n'; break;
        case 0x0d: rep = '\\r'; break;
        case 0x09: rep = '\\t'; break;
        case 0x08: rep = '\\b'; break;
        case 0x0c: rep = '\\f'; break;
        default: rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    else if (c === 0x2028 || c === 0x2029) rep = c === 0x2028 ? '\\u2028' : '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 on the Go side, which Go replaces with U+FFFD.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/**
 * A number as encoding/json writes a float64: shortest round-trip digits,
 * exponent form below 1e-6 and from 1e21 on (exactly JavaScript's rule).
 */
export function formatJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function encode(v: unknown, opts: Required<JsonOptions>, prefix: string, parts: string[]): void {
  if (v === null || v === undefined) {
    parts.push('null');
    return;
  }
  switch (typeof v) {
    case 'string':
      parts.push(quoteJsonString(v, opts.escapeHTML));
      return;
    case 'number':
      parts.push(formatJsonNumber(v));
      return;
    case 'bigint':
      parts.push(v.toString());
      return;
    case 'boolean':
      parts.push(v ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw new Error(`json: unsupported type: ${typeof v}`);
  }
  if (v instanceof Date) {
    parts.push(quoteJsonString(v.toISOString().replace(/\.000Z$/, 'Z'), opts.escapeHTML));
    return;
  }
  const inner = prefix + opts.indent;
  const nl = opts.indent === '' ? '' : '\n';
  const colon = opts.indent === '' ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      parts.push('[]');
      return;
    }
    parts.push('[');
    v.forEach((item, i) => {
      if (i > 0) parts.push(',');
      parts.push(nl, inner);
      encode(item, opts, inner, parts);
    });
    parts.push(nl, prefix, ']');
    return;
  }
  if (!isPlainObject(v)) throw new Error('json: unsupported value');
  let keys = Object.keys(v).filter((k) => v[k] !== undefined && typeof v[k] !== 'function');
  if (opts.sortKeys) keys = keys.sort(compareCodePoints);
  if (keys.length === 0) {
    parts.push('{}');
    return;
  }
  parts.push('{');
  keys.forEach((k, i) => {
    if (i > 0) parts.push(',');
    parts.push(nl, inner, quoteJsonString(k, opts.escapeHTML), colon);
    encode(v[k], opts, inner, parts);
  });
  parts.push(nl, prefix, '}');
}

/** Serialises a JSON-like value with Go's escaping; no trailing newline. */
export function marshalJson(value: unknown, options: JsonOptions = {}): string {
  const opts: Required<JsonOptions> = {
    indent: options.indent ?? '    ',
    sortKeys: options.sortKeys ?? true,
    escapeHTML: options.escapeHTML ?? true,
    prefix: options.prefix ?? '',
  };
  const parts: string[] = [];
  encode(value, opts, opts.prefix, parts);
  return parts.join('');
}

/** `-o json`: 4-space indent and a trailing newline. sortKeys=false for client-built objects. */
export function printJson(value: unknown, options: { sortKeys?: boolean } = {}): string {
  return marshalJson(value, { indent: '    ', sortKeys: options.sortKeys ?? true }) + '\n';
}

/** Compact JSON (json.Marshal): watch events, JSONPath maps and arrays. Keys sorted. */
export function compactJson(value: unknown, options: { sortKeys?: boolean } = {}): string {
  return marshalJson(value, { indent: '', sortKeys: options.sortKeys ?? true });
}
