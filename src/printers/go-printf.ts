/**
 * Go's fmt for go-template's printf/print/println over template values:
 * every verb fmt gives these types (%v %+v %#v %T %t %d %b %o %O %x %X %c %q
 * %U %e %E %f %F %g %G %s, hex and binary floats), flags - + # 0 space, width
 * and precision (also `*`), argument indexes `%[n]`, elements of maps and
 * slices formatted one by one, Go's rounding (half to even on exact values),
 * and `%!verb(type=value)`, MISSING, BADINDEX, BADWIDTH, BADPREC, NOVERB and
 * EXTRA.
 */
import { isRecord } from '../codec/value.js';
import { formatGoFloat, formatGoFloatE, formatGoValue, goQuote, goTypeName, isGoInteger, isGoPrint } from './go-format.js';

/** A Go float64 that happens to be integral (a template constant like 1.0). */
export class GoFloat {
  constructor(readonly value: number) {}
}
/** A Go int constant from a template. */
export class GoInt {
  constructor(readonly value: number) {}
}
/** A byte (uint8), what `index` gives for a string. */
export class GoUint8 {
  constructor(readonly value: number) {}
}

export type GoKind = 'int' | 'uint' | 'float' | 'string' | 'bool' | 'nil' | 'map' | 'slice';

export function goKind(v: unknown): GoKind {
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoUint8) return 'uint';
  if (v instanceof GoFloat) return 'float';
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

export function unwrapGo(v: unknown): unknown {
  return v instanceof GoInt || v instanceof GoFloat || v instanceof GoUint8 ? v.value : v;
}

/** An operand by its Go kind, with the JavaScript value that kind carries. */
type GoOperand =
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'map'; value: Record<string, unknown> }
  | { kind: 'slice'; value: unknown[] };

/** goKind and unwrapGo at once: what fmt sees (anything else reads as an empty map, as Object.keys sees it). */
function goOperand(v: unknown): GoOperand {
  if (v instanceof GoInt || v instanceof GoUint8) return { kind: 'int', value: v.value };
  if (v instanceof GoFloat) return { kind: 'float', value: v.value };
  if (v === null || v === undefined) return { kind: 'nil' };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return { kind: isGoInteger(v) ? 'int' : 'float', value: v };
  if (Array.isArray(v)) return { kind: 'slice', value: v };
  return { kind: 'map', value: isRecord(v) ? v : {} };
}

/** The Go type of a template value: constants are int and float64, JSON numbers int64 and float64. */
export function typeName(v: unknown): string {
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoUint8) return 'uint8';
  if (v instanceof GoFloat) return 'float64';
  return goTypeName(v);
}

/** %v */
export function sprintValue(v: unknown): string {
  if (v instanceof GoFloat) return formatGoFloat(v.value);
  return formatGoValue(unwrapGo(v));
}

/** fmt's flags, width and precision for one verb. */
interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  /** %#v and %+v (the flags themselves are cleared for v). */
  sharpV?: boolean;
  plusV?: boolean;
  width?: number;
  prec?: number;
}

/** Width in runes, as fmt counts it. */
const runeCount = (s: string): number => Array.from(s).length;

/** fmt.pad: to the width with spaces (or zeros when asked and allowed). */
function pad(s: string, spec: Spec): string {
  if (spec.width === undefined) return s;
  const fill = spec.width - runeCount(s);
  if (fill <= 0) return s;
  if (spec.minus) return s + ' '.repeat(fill);
  return (spec.zero ? '0' : ' ').repeat(fill) + s;
}

/** fmt.padString with precision: strings are cut to prec runes first. */
function padString(s: string, spec: Spec): string {
  return pad(spec.prec !== undefined ? Array.from(s).slice(0, spec.prec).join('') : s, spec);
}

/** %!verb(type=value), formatted with the same flags as Go does. */
function badVerb(verb: string, v: unknown, spec: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${printValue(v, 'v', spec, 0)})`;
}

function fmtInteger(n: bigint, base: number, verb: string, spec: Spec): string {
  const negative = n < 0n;
  const mag = negative ? -n : n;
  let digits = mag.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let prec = -1;
  if (spec.prec !== undefined) {
    prec = spec.prec;
    if (prec === 0 && mag === 0n) return pad('', { ...spec, zero: false });
  } else if (spec.zero && !spec.minus && spec.width !== undefined) {
    prec = spec.width;
    if (negative || spec.plus || spec.space) prec--;
  }
  if (prec > digits.length) digits = '0'.repeat(prec - digits.length) + digits;
  if (spec.sharp) {
    if (base === 2) digits = '0b' + digits;
    else if (base === 8 && !digits.startsWith('0')) digits = '0' + digits;
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  if (negative) digits = '-' + digits;
  else if (spec.plus) digits = '+' + digits;
  else if (spec.space) digits = ' ' + digits;
  return pad(digits, { ...spec, zero: false });
}

/** A uint64's bits as a rune: beyond Unicode (or negative) is U+FFFD. */
function runeOf(n: bigint): number {
  const u = BigInt.asUintN(64, n);
  if (u > 0x10ffffn || (u >= 0xd800n && u <= 0xdfffn)) return 0xfffd;
  return Number(u);
}

function formatInteger(n: bigint, signed: boolean, verb: string, spec: Spec): string | undefined {
  const u = signed ? n : BigInt.asUintN(64, n);
  switch (verb) {
    case 'v':
      if (spec.sharpV && !signed) return fmtInteger(u, 16, 'x', { ...spec, sharp: true });
      return fmtInteger(u, 10, verb, spec);
    case 'd': return fmtInteger(u, 10, verb, spec);
    case 'b': return fmtInteger(u, 2, verb, spec);
    case 'o': case 'O': return fmtInteger(u, 8, verb, spec);
    case 'x': case 'X': return fmtInteger(u, 16, verb, spec);
    case 'c': return pad(String.fromCodePoint(runeOf(n)), spec);
    case 'q': {
      const r = String.fromCodePoint(runeOf(n));
      if (spec.sharp && r !== '`' && isGoPrint(runeOf(n)) && r !== '\'') return pad(`'${r}'`, spec);
      return pad(goQuoteRune(runeOf(n), spec.plus), spec);
    }
    case 'U': {
      const u64 = BigInt.asUintN(64, n);
      let s = 'U+' + u64.toString(16).toUpperCase().padStart(spec.prec !== undefined && spec.prec > 4 ? spec.prec : 4, '0');
      if (spec.sharp && u64 <= 0x10ffffn && isGoPrint(Number(u64))) s += ` '${String.fromCodePoint(Number(u64))}'`;
      return pad(s, { ...spec, zero: false });
    }
    default:
      return undefined;
  }
}

/** strconv.QuoteRune / QuoteRuneToASCII. */
function goQuoteRune(cp: number, ascii: boolean): string {
  if (cp === 0x27) return `'\\''`;
  if (cp === 0x22) return `'"'`;
  const q = goQuote(String.fromCodePoint(cp), ascii);
  return `'${q.slice(1, -1)}'`;
}

/** strconv.FormatFloat(x, 'x'|'X', prec, 64): hexadecimal mantissa, binary exponent. */
function formatHexFloat(x: number, upper: boolean, prec: number): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  x = Math.abs(x);
  let mant = 0n;
  let exp = 0;
  if (x !== 0) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const e = Number((bits >> 52n) & 0x7ffn);
    mant = bits & ((1n << 52n) - 1n);
    if (e === 0) {
      exp = -1022;
      while (mant < 1n << 52n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    } else exp = e - 1023;
    mant |= 1n << 52n;
  }
  // 1 + 13 hex digits after the point
  let digits = 13;
  if (prec >= 0 && prec < 13) {
    const shift = BigInt((13 - prec) * 4);
    const half = 1n << (shift - 1n);
    const rem = mant & ((1n << shift) - 1n);
    mant >>= shift;
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant++;
    if (mant >= 1n << BigInt(1 + prec * 4)) {
      mant >>= 1n;
      exp++;
    }
    digits = prec;
  }
  let frac = digits > 0 ? (mant & ((1n << BigInt(digits * 4)) - 1n)).toString(16).padStart(digits, '0') : '';
  const lead = x === 0 ? '0' : (mant >> BigInt(digits * 4)).toString(16);
  if (prec < 0) frac = frac.replace(/0+$/, '');
  else if (prec > 13) frac += '0'.repeat(prec - 13);
  const ae = Math.abs(exp);
  let s = `${sign}0x${lead}${frac ? '.' + frac : ''}p${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  if (upper) s = s.toUpperCase();
  return s;
}

/** strconv.FormatFloat(x, 'b', -1, 64): decimal mantissa, binary exponent. */
function formatBinaryFloat(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  let e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (e === 0) e = 1;
  else mant |= 1n << 52n;
  const exp = e - 1023 - 52;
  return `${sign}${mant}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** The exact decimal digits of |x| (no leading zeros) and where the point goes (digits before it). */
function exactDecimal(x: number): { digits: string; dp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = e - 1075;
  }
  if (mant === 0n) return { digits: '', dp: 0 };
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, dp };
}

/** Keeps the first n digits, rounding half to even as strconv does on exact values. */
function roundDigits(d: { digits: string; dp: number }, n: number): { digits: string; dp: number } {
  if (n < 0) return { digits: '', dp: d.dp };
  if (d.digits.length <= n) return d;
  const kept = d.digits.slice(0, n);
  const rest = d.digits.slice(n);
  const up = rest[0] > '5' || (rest[0] === '5' && (rest.length > 1 || (n > 0 && Number(kept[n - 1]) % 2 === 1)));
  if (!up) return { digits: kept.replace(/0+$/, ''), dp: d.dp };
  // add one at the last kept digit
  const arr = kept.split('').map(Number);
  let i = arr.length - 1;
  while (i >= 0 && arr[i] === 9) arr[i--] = 0;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  arr[i]++;
  return { digits: arr.join('').replace(/0+$/, ''), dp: d.dp };
}

/** %e with prec digits after the point, from decimal digits. */
function toExp(d: { digits: string; dp: number }, prec: number, neg: boolean): string {
  const r = roundDigits(d, prec + 1);
  const digs = (r.digits || '0').padEnd(prec + 1, '0');
  const exp = r.digits ? r.dp - 1 : 0;
  const ae = Math.abs(exp);
  return `${neg ? '-' : ''}${digs[0]}${prec > 0 ? '.' + digs.slice(1) : ''}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
}

/** %f with prec digits after the point, from decimal digits. */
function toFixedDigits(d: { digits: string; dp: number }, prec: number, neg: boolean): string {
  const r = roundDigits(d, d.dp + prec);
  let int: string;
  let frac: string;
  if (r.dp <= 0) {
    int = '0';
    frac = ('0'.repeat(-r.dp) + r.digits).slice(0, prec);
  } else {
    int = r.digits.slice(0, r.dp).padEnd(r.dp, '0');
    frac = r.digits.slice(r.dp);
  }
  frac = frac.padEnd(prec, '0');
  return `${neg ? '-' : ''}${int}${prec > 0 ? '.' + frac : ''}`;
}

/** strconv.FormatFloat for 'e', 'f', 'g' with a precision (-1: shortest). */
function strconvFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  switch (verb) {
    case 'b': return formatBinaryFloat(x);
    case 'x': case 'X': return formatHexFloat(x, verb === 'X', prec);
    case 'f': case 'F': {
      if (prec < 0) {
        const { digits, exp } = shortest(x);
        const sign = x < 0 || Object.is(x, -0) ? '-' : '';
        const dp = exp + 1;
        if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
        if (dp >= digits.length) return sign + digits + '0'.repeat(dp - digits.length);
        return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
      }
      return toFixedDigits(exactDecimal(x), prec, x < 0 || Object.is(x, -0));
    }
    case 'e': case 'E': {
      const s = prec < 0 ? formatGoFloatE(x) : toExp(exactDecimal(x), prec, x < 0 || Object.is(x, -0));
      return verb === 'E' ? s.toUpperCase() : s;
    }
    default: {
      // g, G
      let s: string;
      if (prec < 0) s = formatGoFloat(x);
      else {
        const neg = x < 0 || Object.is(x, -0);
        const r = roundDigits(exactDecimal(x), Math.max(prec, 1));
        const nd = r.digits.length;
        const exp = r.dp - 1;
        let eprec = Math.max(prec, 1);
        if (eprec > nd && nd >= r.dp) eprec = nd;
        if (exp < -4 || exp >= eprec) s = toExp(r, Math.max(nd - 1, 0), neg);
        else s = toFixedDigits(r, Math.max(nd - r.dp, 0), neg);
      }
      return verb === 'G' ? s.toUpperCase() : s;
    }
  }
}

/** Shortest round-trip digits and the decimal exponent of the first. */
function shortest(x: number): { digits: string; exp: number } {
  if (x === 0) return { digits: '0', exp: 0 };
  const [m, e] = Math.abs(x).toExponential().split('e');
  return { digits: m.replace('.', ''), exp: Number(e) };
}

/** fmt.fmtFloat: sign, flags and padding around strconv's text. */
function fmtFloat(x: number, verb: string, prec: number, spec: Spec): string {
  if (spec.prec !== undefined) prec = spec.prec;
  let num = strconvFloat(x, verb, prec);
  num = num.startsWith('-') || num.startsWith('+') ? num : '+' + num;
  if (spec.space && num[0] === '+' && !spec.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !spec.space && !spec.plus) num = num.slice(1);
    return pad(num, { ...spec, zero: false });
  }
  if (spec.sharp && verb !== 'b') {
    let digits = 0;
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let body = num;
    const m = /[pP]|[eE](?=[+-])/.exec(body.slice(1));
    if (m && !((verb === 'x' || verb === 'X') && /[eE]/.test(m[0]))) {
      tail = body.slice(1 + m.index);
      body = body.slice(0, 1 + m.index);
    }
    let hasPoint = false;
    let sawNonzero = false;
    for (const c of body.slice(1)) {
      if (c === '.') hasPoint = true;
      else {
        if (c !== '0') sawNonzero = true;
        if (sawNonzero) digits--;
      }
    }
    if (!hasPoint) {
      if (body.length === 2 && body[1] === '0') digits--;
      body += '.';
    }
    while (digits-- > 0) body += '0';
    num = body + tail;
  }
  if (spec.plus || num[0] !== '+') {
    if (spec.zero && !spec.minus && spec.width !== undefined && spec.width > num.length) {
      return num[0] + '0'.repeat(spec.width - num.length) + num.slice(1);
    }
    return pad(num, spec);
  }
  return pad(num.slice(1), spec);
}

function formatFloatVerb(x: number, verb: string, spec: Spec): string | undefined {
  switch (verb) {
    case 'v': return fmtFloat(x, 'g', -1, spec);
    case 'b': case 'g': case 'G': case 'x': case 'X': return fmtFloat(x, verb, -1, spec);
    case 'f': case 'e': case 'E': case 'F': return fmtFloat(x, verb, 6, spec);
    default: return undefined;
  }
}

/** fmt.fmtString: %v %s %q %x %X. */
function formatString(s: string, verb: string, spec: Spec): string | undefined {
  switch (verb) {
    case 'v':
      if (spec.sharpV) return pad(goQuote(spec.prec !== undefined ? Array.from(s).slice(0, spec.prec).join('') : s), spec);
      return padString(s, spec);
    case 's':
      return padString(s, spec);
    case 'x': case 'X': {
      let bytes = Buffer.from(s, 'utf8');
      if (spec.prec !== undefined && spec.prec < bytes.length) bytes = bytes.subarray(0, spec.prec);
      const hex = (b: number): string => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      };
      const prefix = verb === 'X' ? '0X' : '0x';
      let out = '';
      if (bytes.length === 0) return pad('', spec);
      bytes.forEach((b, i) => {
        if (spec.space && i > 0) out += ' ';
        if (spec.sharp && (spec.space || i === 0)) out += prefix;
        out += hex(b);
      });
      return pad(out, spec);
    }
    case 'q': {
      const t = spec.prec !== undefined ? Array.from(s).slice(0, spec.prec).join('') : s;
      if (spec.sharp && canBackquote(t)) return pad('`' + t + '`', spec);
      return pad(goQuote(t, spec.plus), spec);
    }
    default:
      return undefined;
  }
}

/** strconv.CanBackquote. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '`' || cp === 0xfeff || cp === 0xfffd) return false;
    if (cp < 0x20 ? ch !== '\t' : cp === 0x7f) return false;
  }
  return true;
}

/** One operand under one verb: fmt's printArg / printValue over template values. */
function printValue(v: unknown, verb: string, spec: Spec, depth: number): string {
  if (v === null || v === undefined) {
    // A nil element of a map or slice is an interface {} holding nothing.
    if (depth > 0) return spec.sharpV ? 'interface {}(nil)' : '<nil>';
    return verb === 'v' ? pad('<nil>', spec) : badVerb(verb, v, spec);
  }
  let out: string | undefined;
  if (v instanceof GoInt) out = formatInteger(BigInt(v.value), true, verb, spec);
  else if (v instanceof GoUint8) out = formatInteger(BigInt(v.value), false, verb, spec);
  else if (v instanceof GoFloat) out = formatFloatVerb(v.value, verb, spec);
  else if (typeof v === 'number') out = isGoInteger(v) ? formatInteger(BigInt(v), true, verb, spec) : formatFloatVerb(v, verb, spec);
  else if (typeof v === 'string') out = formatString(v, verb, spec);
  else if (typeof v === 'boolean') out = verb === 't' || verb === 'v' ? pad(v ? 'true' : 'false', spec) : undefined;
  else if (Array.isArray(v)) {
    if (spec.sharpV) return `[]interface {}{${v.map((e) => printValue(e, verb, spec, depth + 1)).join(', ')}}`;
    return `[${v.map((e) => printValue(e, verb, spec, depth + 1)).join(' ')}]`;
  } else {
    const o = isRecord(v) ? v : {};
    const keys = Object.keys(o).sort();
    const entries = keys.map((k) => `${printValue(k, verb, spec, depth + 1)}:${printValue(o[k], verb, spec, depth + 1)}`);
    return spec.sharpV ? `map[string]interface {}{${entries.join(', ')}}` : `map[${entries.join(' ')}]`;
  }
  return out ?? badVerb(verb, v, spec);
}

/** fmt.printArg: %T and %p first, then the value. */
function printArg(v: unknown, verb: string, spec: Spec): string {
  if (v === null || v === undefined) return verb === 'T' || verb === 'v' ? pad('<nil>', spec) : badVerb(verb, v, spec);
  if (verb === 'T') return padString(typeName(v), spec);
  if (verb === 'p') return badVerb(verb, v, spec);
  return printValue(v, verb, spec, 0);
}

/** fmt.Sprintf */
export function goSprintf(format: string, args: unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  const chars = Array.from(format);
  const end = chars.length;
  const tooLarge = (n: number): boolean => n > 1e6 || n < -1e6;
  const parsenum = (i: number): { num: number; ok: boolean; next: number } => {
    let num = 0;
    let ok = false;
    let j = i;
    for (; j < end && chars[j] >= '0' && chars[j] <= '9'; j++) {
      if (tooLarge(num)) return { num: 0, ok: false, next: end };
      num = num * 10 + Number(chars[j]);
      ok = true;
    }
    return { num, ok, next: j };
  };
  let goodArgNum = true;
  // %[n]: the argument index, if there is one.
  const argNumber = (i: number): { i: number; found: boolean } => {
    if (i >= end || chars[i] !== '[') return { i, found: false };
    reordered = true;
    for (let j = i + 1; j < end; j++) {
      if (chars[j] === ']') {
        const r = parsenum(i + 1);
        if (!r.ok || r.next !== j) {
          goodArgNum = false;
          return { i: j + 1, found: false };
        }
        const index = r.num - 1;
        if (index >= 0 && index < args.length) {
          argNum = index;
          return { i: j + 1, found: true };
        }
        goodArgNum = false;
        return { i: j + 1, found: true };
      }
    }
    goodArgNum = false;
    return { i: i + 1, found: false };
  };
  const intFromArg = (): number | undefined => {
    if (argNum >= args.length) return undefined;
    const a = args[argNum++];
    const k = goKind(a);
    if (k !== 'int' && k !== 'uint') return undefined;
    const n = Number(unwrapGo(a));
    return tooLarge(n) ? undefined : n;
  };
  for (let i = 0; i < end; ) {
    goodArgNum = true;
    const lit = i;
    while (i < end && chars[i] !== '%') i++;
    if (i > lit) out += chars.slice(lit, i).join('');
    if (i >= end) break;
    i++;
    const spec: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false };
    for (; i < end; i++) {
      const c = chars[i];
      if (c === '#') spec.sharp = true;
      else if (c === '0') spec.zero = !spec.minus;
      else if (c === '+') spec.plus = true;
      else if (c === '-') {
        spec.minus = true;
        spec.zero = false;
      } else if (c === ' ') spec.space = true;
      else break;
    }
    let r = argNumber(i);
    i = r.i;
    let afterIndex = r.found;
    if (i < end && chars[i] === '*') {
      i++;
      const w = intFromArg();
      if (w === undefined) out += '%!(BADWIDTH)';
      else if (w < 0) {
        spec.width = -w;
        spec.minus = true;
        spec.zero = false;
      } else spec.width = w;
      afterIndex = false;
    } else {
      const n = parsenum(i);
      i = n.next;
      if (n.ok) {
        spec.width = n.num;
        if (afterIndex) goodArgNum = false;
      }
    }
    if (i + 1 <= end && chars[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      r = argNumber(i);
      i = r.i;
      afterIndex = r.found;
      if (i < end && chars[i] === '*') {
        i++;
        const p = intFromArg();
        if (p === undefined || p < 0) {
          spec.prec = undefined;
          out += '%!(BADPREC)';
        } else spec.prec = p;
        afterIndex = false;
      } else {
        const n = parsenum(i);
        i = n.next;
        spec.prec = n.ok ? n.num : 0;
      }
    }
    if (!afterIndex) {
      r = argNumber(i);
      i = r.i;
      afterIndex = r.found;
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = chars[i++];
    if (verb === '%') out += '%';
    else if (!goodArgNum) out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') {
        spec.sharpV = spec.sharp;
        spec.sharp = false;
        spec.plusV = spec.plus;
        spec.plus = false;
      }
      out += printArg(args[argNum++], verb, spec);
    }
  }
  if (!reordered && argNum < args.length) {
    const plain: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false };
    const extra = args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${printArg(a, 'v', plain)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** fmt.Sprint: spaces only between operands when neither side is a string. */
export function goSprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && goKind(a) !== 'string' && goKind(args[i - 1]) !== 'string') out += ' ';
    out += sprintValue(a);
  });
  return out;
}

/** fmt.Sprintln */
export function goSprintln(args: unknown[]): string {
  return args.map(sprintValue).join(' ') + '\n';
}
