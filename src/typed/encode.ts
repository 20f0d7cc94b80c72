/**
 * An object as kubectl prints it after its round trip through client-go's
 * typed structs (decode into the Go struct, encode again with encoding/json),
 * from the description of those structs in ./structs.ts:
 *
 * - the struct's fields in declaration order (`kind` before `apiVersion`),
 *   map keys sorted;
 * - fields the struct does not have are dropped (the decode is case-sensitive);
 * - an absent or null field comes back as its zero value encodes:
 *   left out (omitempty, or a nil pointer), `null` (a slice, map or pointer
 *   without omitempty, a metav1.Time), `""`, `0`, `false`, or a struct's own
 *   zero encoding (`strategy: {}`, `metadata: {creationTimestamp: null}`);
 * - a present zero value (`""`, `0`, `false`, `[]`, `{}` for a map) is left
 *   out where the field has omitempty and is no pointer;
 * - quantities in their canonical form ("1000m" -> "1", 0.5 -> "500m"),
 *   times in RFC 3339 UTC to the second; int-or-strings as given.
 *
 * Values of a JSON type their field cannot take (which kubectl refuses to
 * decode) are kept as they are.
 */
import { canonicalQuantity } from '../create/quantity.js';
import { isJsonMap, type Json, type JsonMap } from '../codec/value.js';
import { TYPED_KINDS, TYPED_STRUCTS } from './structs.js';

type Scalar = 's' | 'i' | 'b' | 'f' | 'Q' | 'IOS' | 'T' | 'MT' | 'RAW';
type TypeExpr = { k: 'scalar'; s: Scalar } | { k: 'ptr' | 'list' | 'map'; of: TypeExpr } | { k: 'struct'; name: string };
type Zero = '-' | 'null' | '""' | '0' | 'false' | '"0"' | '{}';
interface Field {
  name: string;
  omitempty: boolean;
  type: TypeExpr;
  zero: Zero;
}

const SCALARS = new Set<string>(['s', 'i', 'b', 'f', 'Q', 'IOS', 'T', 'MT', 'RAW']);
const ZEROS = new Set<string>(['-', 'null', '""', '0', 'false', '"0"', '{}']);
const isScalar = (s: string): s is Scalar => SCALARS.has(s);
const isZero = (s: string): s is Zero => ZEROS.has(s);

function parseType(code: string): TypeExpr {
  if (code.startsWith('*')) return { k: 'ptr', of: parseType(code.slice(1)) };
  if (code.startsWith('[]')) return { k: 'list', of: parseType(code.slice(2)) };
  if (code.startsWith('{}')) return { k: 'map', of: parseType(code.slice(2)) };
  if (isScalar(code)) return { k: 'scalar', s: code };
  if (!(code in TYPED_STRUCTS)) throw new Error(`typed structs: unknown type ${code}`);
  return { k: 'struct', name: code };
}

const parsed = new Map<string, Field[]>();

/** A struct's fields, read from the description on first use. */
function fieldsOf(name: string): Field[] {
  let fields = parsed.get(name);
  if (fields) return fields;
  const desc = TYPED_STRUCTS[name];
  if (desc === undefined) throw new Error(`typed structs: unknown struct ${name}`);
  fields = desc.split(',').map((f) => {
    const colon = f.indexOf(':');
    const eq = f.lastIndexOf('=');
    const key = f.slice(0, colon);
    const zero = f.slice(eq + 1);
    if (!isZero(zero)) throw new Error(`typed structs: bad zero ${f}`);
    const omitempty = key.endsWith('?');
    return { name: omitempty ? key.slice(0, -1) : key, omitempty, type: parseType(f.slice(colon + 1, eq)), zero };
  });
  parsed.set(name, fields);
  return fields;
}

/** A struct's JSON fields in order, each with the shape of its value: a string, a bool, a list or anything else (an object, number, pointer ...). */
export function structFieldShapes(name: string): Array<[string, 'string' | 'bool' | 'list' | 'object']> {
  return fieldsOf(name).map((f) => [
    f.name,
    f.type.k === 'list' ? 'list' : f.type.k === 'scalar' && f.type.s === 's' ? 'string' : f.type.k === 'scalar' && f.type.s === 'b' ? 'bool' : 'object',
  ]);
}

/** The struct that kubectl 1.33 decodes an object of this apiVersion and kind into, if ktl describes it. */
export function typedStructOf(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return TYPED_KINDS[`${apiVersion}/${kind}`];
}

/**
 * `obj` as kubectl prints it after decoding it into its typed struct; an
 * object of a kind ktl does not describe is returned as it is.
 */
export function typedRoundTrip<T>(obj: T): T | JsonMap {
  if (!isJsonMap(obj)) return obj;
  const name = typedStructOf(obj.apiVersion, obj.kind);
  return name ? encodeStruct(obj, name) : obj;
}

/** A JSON object encoded as the struct `name` would encode it after decoding it. */
export function encodeStruct(obj: JsonMap, name: string): JsonMap {
  const out: JsonMap = {};
  for (const f of fieldsOf(name)) {
    const v = Object.prototype.hasOwnProperty.call(obj, f.name) ? obj[f.name] : undefined;
    if (v === undefined || v === null) {
      const z = zeroValue(f);
      if (z !== undefined) out[f.name] = z;
    } else if (!(f.omitempty && isEmpty(v, f.type))) {
      out[f.name] = encodeValue(v, f.type);
    }
  }
  return out;
}

/** What an absent field encodes to; undefined: left out. */
function zeroValue(f: Field): Json | undefined {
  switch (f.zero) {
    case '-':
      return undefined;
    case 'null':
      return null;
    case '""':
      return '';
    case '0':
      return 0;
    case 'false':
      return false;
    case '"0"':
      return '0';
    case '{}':
      return f.type.k === 'struct' ? encodeStruct({}, f.type.name) : {};
  }
}

/** encoding/json's omitempty test on a present (non-null) value; a pointer or struct is never empty. */
function isEmpty(v: Json, t: TypeExpr): boolean {
  if (t.k === 'list') return Array.isArray(v) && v.length === 0;
  if (t.k === 'map') return isJsonMap(v) && Object.keys(v).length === 0;
  if (t.k !== 'scalar') return false;
  switch (t.s) {
    case 's':
      return v === '';
    case 'i':
    case 'f':
      return v === 0;
    case 'b':
      return v === false;
    default:
      return false;
  }
}

/** What a null element of a list or map decodes to, encoded. */
function zeroElement(t: TypeExpr): Json {
  if (t.k === 'struct') return encodeStruct({}, t.name);
  if (t.k !== 'scalar') return null;
  switch (t.s) {
    case 's':
      return '';
    case 'i':
    case 'f':
    case 'IOS':
      return 0;
    case 'b':
      return false;
    case 'Q':
      return '0';
    default:
      return null;
  }
}

/** Go's map encoding: keys sorted by their bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function encodeValue(v: Json, t: TypeExpr): Json {
  switch (t.k) {
    case 'ptr':
      return v === null ? null : encodeValue(v, t.of);
    case 'struct':
      return isJsonMap(v) ? encodeStruct(v, t.name) : v;
    case 'list':
      return Array.isArray(v) ? v.map((x) => (x === null ? zeroElement(t.of) : encodeValue(x, t.of))) : v;
    case 'map': {
      if (!isJsonMap(v)) return v;
      const keys = Object.keys(v);
      const sorted = keys.every((k) => /^[\x00-\x7f]*$/.test(k)) ? keys.sort() : keys.sort(byteOrder);
      const out: JsonMap = {};
      for (const k of sorted) {
        const x = v[k]!;
        out[k] = x === null ? zeroElement(t.of) : encodeValue(x, t.of);
      }
      return out;
    }
    case 'scalar':
      if (t.s === 'Q') return quantity(v);
      if (t.s === 'T') return typeof v === 'string' ? (rfc3339Utc(v) ?? v) : v;
      return v;
  }
}

/** resource.Quantity's JSON: its canonical text (a number is read from its JSON text). */
function quantity(v: Json): Json {
  const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? JSON.stringify(v) : undefined;
  if (text === undefined) return v;
  return canonicalQuantity(text) ?? v;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** metav1.Time's JSON: the time in UTC, to the second ("2006-01-02T15:04:05Z"); undefined when it does not parse. */
export function rfc3339Utc(s: string): string | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1) return undefined; // a day past the month's end
  date.setUTCHours(h, mi, sec, 0);
  if (m[7]) {
    const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000;
    date.setTime(date.getTime() - (m[7] === '-' ? -offset : offset));
  }
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getUTCFullYear(), 4)}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}T${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}Z`;
}
