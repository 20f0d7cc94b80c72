/**
 * A subset of Go's fmt for go-template's printf/print/println over
 * decoded-JSON values: verbs %v %s %d %q %x %X %o %b %c %t %f %F %e %E %g %G %%,
 * flags - + # 0 space, width and precision (also `*`), Go's `%!verb(type=value)`
 * for mismatches, `%!d(MISSING)` and `%!(EXTRA ...)`.
 */
import { isRecord } from '../codec/value.js';
import { formatGoFloat, formatGoValue, goQuote, goTypeName, isGoInteger } from './go-format.js';

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

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, spec: Spec, numeric = false): string {
  const n = Array.from(s).length;
  if (spec.width === undefined || n >= spec.width) return s;
  const fill = spec.width - n;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  if (spec.zero && !numeric) return '0'.repeat(fill) + s;
  return ' '.repeat(fill) + s;
}

function bad(verb: string, v: unknown): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${sprintValue(v)})`;
}

function signed(s: string, n: number, spec: Spec): string {
  if (n >= 0 && spec.plus) return '+' + s;
  if (n >= 0 && spec.space) return ' ' + s;
  return s;
}

function formatInt(n: number, verb: string, spec: Spec): string {
  const neg = n < 0;
  const mag = BigInt(Math.abs(n));
  let digits: string;
  switch (verb) {
    case 'd': case 'v': digits = mag.toString(10); break;
    case 'x': digits = mag.toString(16); break;
    case 'X': digits = mag.toString(16).toUpperCase(); break;
    case 'o': digits = mag.toString(8); break;
    case 'b': digits = mag.toString(2); break;
    default: digits = mag.toString(10);
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  if (spec.sharp) {
    if (verb === 'x') digits = '0x' + digits;
    else if (verb === 'X') digits = '0X' + digits;
    else if (verb === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  }
  const s = signed((neg ? '-' : '') + digits, neg ? -1 : 1, spec);
  return pad(s, spec, spec.prec === undefined);
}

function formatFloat(x: number, verb: string, spec: Spec): string {
  let s: string;
  if (!Number.isFinite(x)) s = Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  else {
    const p = spec.prec;
    switch (verb) {
      case 'f': case 'F': s = x.toFixed(p ?? 6); break;
      case 'e': case 'E': {
        s = p === undefined ? x.toExponential(6) : x.toExponential(p);
        s = s.replace(/e([+-])(\d)$/, 'e$10$2');
        if (verb === 'E') s = s.toUpperCase();
        break;
      }
      case 'g': case 'G': case 'v': {
        if (p === undefined) s = formatGoFloat(x);
        else {
          s = x.toPrecision(Math.max(p, 1));
          if (s.includes('e')) s = s.replace(/\.?0+e/, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
          else if (s.includes('.')) s = s.replace(/\.?0+$/, '');
        }
        if (verb === 'G') s = s.toUpperCase();
        break;
      }
      default: s = formatGoFloat(x);
    }
  }
  if (s === '+Inf' && !spec.plus) s = 'Inf';
  return pad(signed(s, x, spec), spec, Number.isFinite(x));
}

/** One operand under one verb, recursing into maps and slices as fmt does. */
function formatOne(v: unknown, verb: string, spec: Spec): string {
  const op = goOperand(v);
  if (op.kind === 'slice') {
    const items = op.value.map((e) => formatOne(e, verb, { ...spec, width: undefined }));
    return pad(`[${items.join(' ')}]`, spec);
  }
  if (op.kind === 'map') {
    if (verb === 'd' || verb === 's' || verb === 'v' || verb === 'q' || verb === 'x' || verb === 'X' || verb === 'f' || verb === 'g' || verb === 'e' || verb === 't') {
      const o = op.value;
      const inner = { ...spec, width: undefined };
      const keys = Object.keys(o).sort();
      return pad(`map[${keys.map((key) => `${formatOne(key, verb, inner)}:${formatOne(o[key], verb, inner)}`).join(' ')}]`, spec);
    }
    return bad(verb, v);
  }
  if (op.kind === 'nil') return verb === 'v' ? pad('<nil>', spec) : bad(verb, v);
  switch (verb) {
    case 'v':
      if (op.kind === 'int') return formatInt(op.value, 'd', spec);
      if (op.kind === 'float') return formatFloat(op.value, 'g', spec);
      return pad(sprintValue(v), spec);
    case 's':
      return op.kind === 'string' ? pad(spec.prec !== undefined ? Array.from(op.value).slice(0, spec.prec).join('') : op.value, spec) : bad(verb, v);
    case 'q':
      if (op.kind === 'string') return pad(goQuote(op.value), spec);
      if (op.kind === 'int') return pad(`'${String.fromCodePoint(op.value)}'`, spec);
      return bad(verb, v);
    case 't':
      return op.kind === 'bool' ? pad(String(op.value), spec) : bad(verb, v);
    case 'c':
      return op.kind === 'int' ? pad(String.fromCodePoint(op.value), spec) : bad(verb, v);
    case 'd': case 'o': case 'b':
      return op.kind === 'int' ? formatInt(op.value, verb, spec) : bad(verb, v);
    case 'x': case 'X':
      if (op.kind === 'int') return formatInt(op.value, verb, spec);
      if (op.kind === 'string') {
        const hex = Buffer.from(op.value, 'utf8').toString('hex');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
      }
      return bad(verb, v);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
      return op.kind === 'float' ? formatFloat(op.value, verb, spec) : bad(verb, v);
    default:
      return `%!${verb}(${typeName(v)}=${sprintValue(v)})`;
  }
}

/** fmt.Sprintf */
export function goSprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  const chars = Array.from(format);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    if (i >= chars.length) {
      out += '%!(NOVERB)';
      break;
    }
    const spec: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false };
    for (; i < chars.length; i++) {
      const f = chars[i];
      if (f === '-') spec.minus = true;
      else if (f === '+') spec.plus = true;
      else if (f === '#') spec.sharp = true;
      else if (f === '0') spec.zero = !spec.minus;
      else if (f === ' ') spec.space = true;
      else break;
    }
    const num = (): number | undefined => {
      if (chars[i] === '*') {
        i++;
        const a = unwrapGo(args[argi++]);
        return typeof a === 'number' ? a : undefined;
      }
      let s = '';
      while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') s += chars[i++];
      return s === '' ? undefined : Number(s);
    };
    spec.width = num();
    if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (chars[i] === '.') {
      i++;
      spec.prec = num() ?? 0;
    }
    const verb = chars[i];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    const extra = args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${sprintValue(a)}`));
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
