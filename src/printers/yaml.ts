/**
 * YAML bytes as kubectl writes them: sigs.k8s.io/yaml turns the JSON form into
 * go-yaml v2 values and marshals those. This is a from-scratch emitter that
 * follows go-yaml v2's observable rules:
 * - mapping keys in go-yaml's key order (letters after other characters, digit
 *   runs compared as numbers), 2-space indent, block sequences under a key not
 *   indented, empty maps/lists as `{}` / `[]`;
 * - strings that would read back as another YAML 1.1 type are double-quoted;
 *   strings that cannot be plain (indicators, leading/trailing space, ...) are
 *   single-quoted; strings with "\n" use literal blocks (`|`, `|-`, `|+`, with
 *   an indentation hint when they start with a space or break); strings with
 *   non-printable characters (tab, CR, astral plane, ...) are double-quoted with
 *   escapes;
 * - plain, single- and double-quoted scalars fold at a space once the line is
 *   past 80 columns, continuing on an indented line.
 */
import { formatGoFloat } from './go-format.js';
import { formatJsonNumber } from '../codec/json.js';
import { isRecord } from '../codec/value.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

// ---------------------------------------------------------------------------
// Character classes (on code points)

const isBreak = (c: number | undefined): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number | undefined): boolean => c === 0x20;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
/** Blank, break or end of input. */
const isBlankZ = (c: number | undefined): boolean => c === undefined || c === 0 || isBlank(c) || isBreak(c);
/** The characters libyaml may write unescaped. */
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** Indicators that make a scalar starting with them no plain scalar: # , [ ] { } & * ! | > ' " % @ ` */
const FLOW_INDICATORS = new Set(Array.from('#,[]{}&*!|>\'"%@`', (ch) => ch.charCodeAt(0)));

/**
 * Text that starts with a letter, digit, _ or / and goes on with those and . = + @ : - (not ending in :) has
 * no indicator, blank, break or unprintable character: analyzeScalar's answer for it is this one.
 */
const PLAIN_KIND = /^[A-Za-z0-9_/][A-Za-z0-9_./=+@:-]*$/;
const PLAIN_KIND_ANALYSIS: ScalarAnalysis = Object.freeze({ multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true });

const isPlainKind = (s: string): boolean => PLAIN_KIND.test(s) && s.charCodeAt(s.length - 1) !== 0x3a;

/** libyaml's analysis of a scalar, as the emitter takes it (exported for tests: the plain kind's shortcut against the walk). */
export function scalarAnalysis(s: string, o: { walk?: boolean } = {}): ScalarAnalysis {
  return !o.walk && isPlainKind(s) ? PLAIN_KIND_ANALYSIS : analyzeScalar(codePoints(s));
}

/** The code points of a string (what libyaml walks as characters). */
function codePoints(s: string): number[] {
  const cps: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps.push((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    cps.push(c);
  }
  return cps;
}

function analyzeScalar(cps: number[]): ScalarAnalysis {
  if (cps.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;

  if (cps.length >= 3 && (cps[0] === 0x2d || cps[0] === 0x2e) && cps[1] === cps[0] && cps[2] === cps[0]) blockIndicators = true;

  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    if (i === 0) {
      if (FLOW_INDICATORS.has(c)) blockIndicators = true;
      else if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWhitespace) blockIndicators = true;
    } else if (c === 0x3a && followedByWhitespace) blockIndicators = true;
    else if (c === 0x23 && precededByWhitespace) blockIndicators = true;

    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankZ(c);
  }

  const a: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) a.blockPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

// ---------------------------------------------------------------------------
// Implicit typing (YAML 1.1 as go-yaml v2 resolves plain scalars)

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) would succeed. */
function parsesAsGoInt(s: string): boolean {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  let body = m[2];
  if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
  else if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const mag = BigInt(body.toLowerCase().replace(/^0x/, '0x'));
  const v = m[1] === '-' ? -mag : mag;
  if (v >= INT64_MIN && v <= INT64_MAX) return true;
  return m[1] === '' && v <= UINT64_MAX;
}

/** strconv.ParseFloat(s, 64) succeeds (no range error). */
function parsesAsGoFloat(s: string): boolean {
  const dec = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
  const hex = /^[+-]?0[xX](_?[0-9a-fA-F])*(\.[0-9a-fA-F_]*)?[pP][+-]?\d+$/.test(s);
  const special = /^[+-]?(inf|infinity|nan)$/i.test(s);
  if (special) return true;
  if (hex) return true;
  if (!dec) return false;
  return Number.isFinite(Number(s));
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** go-yaml's timestamp forms: date, date+time (T/t + zone, or space + no zone). */
export function isYamlTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  let pos = 5;
  // Go's getnum: one digit, or two when two are there.
  const num = (): number | undefined => {
    if (!/\d/.test(s[pos] ?? '')) return undefined;
    const len = /\d/.test(s[pos + 1] ?? '') ? 2 : 1;
    const n = Number(s.slice(pos, pos + len));
    pos += len;
    return n;
  };
  const lit = (ch: string): boolean => (s[pos] === ch ? (pos++, true) : false);
  const year = Number(s.slice(0, 4));
  const month = num();
  if (month === undefined || !lit('-')) return false;
  const day = num();
  if (day === undefined) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (pos === s.length) return true;
  const sep = s[pos++];
  if (sep !== 'T' && sep !== 't' && sep !== ' ') return false;
  const hh = num();
  if (hh === undefined || !lit(':')) return false;
  const mm = num();
  if (mm === undefined || !lit(':')) return false;
  const ss = num();
  if (ss === undefined || hh > 23 || mm > 59 || ss > 59) return false;
  if ((s[pos] === '.' || s[pos] === ',') && /\d/.test(s[pos + 1] ?? '')) {
    pos++;
    while (/\d/.test(s[pos] ?? '')) pos++;
  }
  if (sep === ' ') return pos === s.length;
  if (s[pos] === 'Z') return pos + 1 === s.length;
  const tz = /^[+-](\d\d):(\d\d)$/.exec(s.slice(pos));
  return !!tz && Number(tz[1]) <= 24 && Number(tz[2]) <= 60;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** True when go-yaml would read the plain scalar `s` as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  const c = s[0];
  // Only scalars starting with a sign, digit, '.', or one of yYnNtTfFoO~ are looked up at all.
  if (s !== '' && !/^[-+0-9.yYnNtTfFoO~]/.test(c)) return false;
  if (RESOLVE_MAP.has(s)) return true;
  if (c === '.') return parsesAsGoFloat(s);
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (isYamlTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (parsesAsGoInt(plain)) return true;
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
    // Sexagesimal numbers (`1:20`) are quoted too, though v2 no longer reads them.
    return s.includes(':') && BASE60_FLOAT.test(s);
  }
  return false;
}

// ---------------------------------------------------------------------------
// Key order (go-yaml v2's keyList.Less for string keys)

const isLetter = (c: number): boolean =>
  c < 0x80 ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) : /\p{L}/u.test(String.fromCodePoint(c));
const isDigit = (c: number): boolean => (c < 0x80 ? c >= 0x30 && c <= 0x39 : /\p{Nd}/u.test(String.fromCodePoint(c)));

/** go-yaml's "natural" key order: non-letters before letters, digit runs numerically. */
export function yamlKeyLess(a: string, b: string): boolean {
  return keyLess(codePoints(a), codePoints(b));
}

/** yamlKeyLess on the keys' code points. */
function keyLess(ar: number[], br: number[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai] - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi] - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

export function compareYamlKeys(a: string, b: string, points: (key: string) => number[] = codePoints): number {
  if (a === b) return 0;
  const ar = points(a);
  const br = points(b);
  return keyLess(ar, br) ? -1 : keyLess(br, ar) ? 1 : 0;
}

/**
 * The keys in the order the emitter writes them. Objects of one kind share
 * their key lists (every pod's metadata, ...), so the order found for a list,
 * as given, is remembered: the same list sorts the same way (the comparison
 * is not transitive for some keys, so only the same list in the same order
 * is looked up).
 */
const sortedKeyLists = new Map<string, string[]>();
// JSON of the list: no two lists share it, whatever characters the keys hold
const sortedKeys = (keys: string[]): string[] =>
  remembered(sortedKeyLists, JSON.stringify(keys), () => {
    // each key's code points once, not once per comparison
    const cps = new Map(keys.map((k) => [k, codePoints(k)]));
    return keys.sort((a, b) => compareYamlKeys(a, b, (k) => cps.get(k)!));
  });

/** Whether a mapping key is written as a simple key (one line, at most 128 bytes), by key. */
const simpleKeys = new Map<string, boolean>();
const isSimpleKey = (key: string): boolean =>
  remembered(simpleKeys, key, () => !scalarAnalysis(key).multiline && Buffer.byteLength(key, 'utf8') <= 128);

/** cache.get(id), else make() kept under id; a cache that reaches 4096 entries starts again. */
function remembered<V>(cache: Map<string, V>, id: string, make: () => V): V {
  const known = cache.get(id);
  if (known !== undefined) return known;
  const value = make();
  if (cache.size >= 4096) cache.clear();
  cache.set(id, value);
  return value;
}

// ---------------------------------------------------------------------------
// Scalars from JSON values

/**
 * A number as it comes out of JSON -> go-yaml: JSON integer text that fits
 * int64/uint64 stays an integer, anything else is a float in 'g' form.
 */
export function formatYamlNumber(n: number): string {
  const text = formatJsonNumber(n);
  if (/^-?\d+$/.test(text)) {
    const v = BigInt(text);
    if (v >= INT64_MIN && v <= UINT64_MAX) return v.toString();
  }
  const g = formatGoFloat(n);
  return g === '+Inf' ? '.inf' : g === '-Inf' ? '-.inf' : g === 'NaN' ? '.nan' : g;
}

/** Short escapes libyaml uses in double-quoted scalars. */
const NAMED_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

/** Characters Go's JSON leaves raw that go-yaml's reader refuses (C1 controls but NEL, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const READER_REJECTS = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * Go's JSON leaves U+0085 (NEL) raw, and go-yaml's reader takes it for a line
 * break inside the double-quoted JSON string and folds it: one break with the
 * blanks around it becomes a space, n breaks become n-1 newlines.
 */
export function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/[ \t]*\u0085[ \t]*(?:\u0085[ \t]*)*/g, (m) => {
    const n = m.split('\u0085').length - 1;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

type Style = 'plain' | 'single' | 'double' | 'literal';

// ---------------------------------------------------------------------------
// The emitter

interface NodeContext {
  root?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private mappingContext = false;
  private simpleKeyContext = false;
  private rootContext = false;

  document(value: unknown): string {
    this.node(value, { root: true });
    this.documentEnd();
    return this.take();
  }

  private documentEnd(): void {
    this.writeIndent();
    if (this.openEnded) {
      this.indicator('...', true, false, false);
      this.writeIndent();
    }
  }

  /** The text written since the last take. */
  take(): string {
    const text = this.out.join('');
    this.out.length = 0;
    return text;
  }

  /**
   * A document whose root is a mapping with a non-empty sequence under one
   * key, written in steps: the same calls node() and blockMapping() make for
   * it, up to the sequence's first item (`before`: the entries before that
   * key, in order)...
   */
  openRootSequence(before: [string, unknown][], key: string): void {
    this.setContext({ root: true });
    this.increaseIndent(false, false);
    for (const [k, v] of before) this.mappingEntry(k, v);
    this.mappingKey(key);
    this.setContext({ mapping: true });
    this.increaseIndent(false, this.mappingContext && !this.indention);
  }

  /** ...then each item as blockSequence() writes it... */
  sequenceItem(item: unknown): void {
    this.writeIndent();
    this.indicator('-', true, false, true);
    this.node(item, {});
  }

  /** ...and the entries after the key, and the document's end. */
  closeRootSequence(after: [string, unknown][]): void {
    this.popIndent();
    for (const [k, v] of after) this.mappingEntry(k, v);
    this.popIndent();
    this.documentEnd();
  }

  /** One character (a code point). */
  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  /** Text of `width` characters (code points) and no line break. */
  private putText(s: string, width: number): void {
    this.out.push(s);
    this.column += width;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out.push(String.fromCodePoint(c));
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) this.putText(' '.repeat(indent - this.column), indent - this.column);
    this.whitespace = true;
    this.indention = true;
  }

  private indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    // indicators are ASCII
    this.putText(text, text.length);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }

  private setContext(ctx: NodeContext): void {
    this.rootContext = !!ctx.root;
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
  }

  private node(value: unknown, ctx: NodeContext): void {
    this.setContext(ctx);
    if (value === null || value === undefined) return this.scalar('null', 'plain');
    switch (typeof value) {
      case 'string':
        return this.stringScalar(value);
      case 'number':
        return this.scalar(formatYamlNumber(value), 'plain');
      case 'bigint':
        return this.scalar(value.toString(), 'plain');
      case 'boolean':
        return this.scalar(value ? 'true' : 'false', 'plain');
      default:
        break;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlow('[', ']');
      return this.blockSequence(value);
    }
    if (isRecord(value)) {
      const o = value;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined);
      if (keys.length === 0) return this.emptyFlow('{', '}');
      return this.blockMapping(o, sortedKeys(keys));
    }
    throw new Error(`yaml: cannot marshal ${typeof value}`);
  }

  private emptyFlow(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.indicator(close, false, false, false);
  }

  private blockSequence(items: unknown[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) this.sequenceItem(item);
    this.popIndent();
  }

  private blockMapping(o: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) this.mappingEntry(key, o[key]);
    this.popIndent();
  }

  private mappingEntry(key: string, value: unknown): void {
    this.mappingKey(key);
    this.node(value, { mapping: true });
  }

  private mappingKey(key: string): void {
    this.writeIndent();
    if (isSimpleKey(key)) {
      this.node(key, { mapping: true, simpleKey: true });
      this.indicator(':', false, false, false);
    } else {
      this.indicator('?', true, false, true);
      this.node(key, { mapping: true });
      this.writeIndent();
      this.indicator(':', true, false, true);
    }
  }

  private stringScalar(s: string): void {
    // sigs.k8s.io/yaml re-reads the JSON form with go-yaml, whose reader rejects these raw characters.
    if (READER_REJECTS.test(s)) throw new Error('yaml: control characters are not allowed');
    s = foldNel(s);
    // go-yaml's encoder asks for a literal block for "\n", plain when the
    // text reads back as a string, double quotes otherwise.
    if (s.includes('\n')) return this.scalar(s, 'literal');
    return this.scalar(s, resolvesToNonString(s) ? 'double' : 'plain');
  }

  private scalar(value: string, requested: Style): void {
    // most scalars (names, images, times, numbers written as text) are of the plain kind: what analyzeScalar
    // would find is known without a walk over their characters, and their code points are their char codes
    let cps = isPlainKind(value) ? undefined : codePoints(value);
    const a = cps ? analyzeScalar(cps) : PLAIN_KIND_ANALYSIS;
    const length = cps ? cps.length : value.length;
    const all = () => (cps ??= codePoints(value));
    let style = requested;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (length === 0 && this.simpleKeyContext) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.simpleKeyContext)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(value, length, all, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(all(), allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(all(), allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(all());
        break;
    }
    this.popIndent();
  }

  private writePlain(value: string, length: number, all: () => number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    // a plain scalar has no line breaks (analyzeScalar); it is folded only at a space past BEST_WIDTH,
    // so one that ends before that column, or has no space, or may not be folded, is written whole
    const whole = !allowBreaks || this.column + length <= BEST_WIDTH + 1 || !value.includes(' ');
    if (whole) this.putText(value, length);
    const cps = whole ? [] : all();
    let spaces = false;
    let breaks = false;
    for (let i = 0; !whole && i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(cps[i + 1])) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (this.rootContext) this.openEnded = true;
  }

  private writeSingleQuoted(cps: number[], allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && !isSpace(cps[i + 1])) {
          this.writeIndent();
        } else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(cps: number[], allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    // libyaml's BOM test looks at the start of the value, whatever the position.
    const startsWithBom = cps[0] === 0xfeff;
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (!isPrintable(c) || startsWithBom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const n = NAMED_ESCAPES[c];
        if (n !== undefined) this.put(n);
        else {
          const [prefix, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(prefix);
          for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (isSpace(cps[i + 1])) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.indicator('|', true, false, false);
    // Block scalar hints: explicit indentation when the text starts with a
    // space or break, and the chomping indicator from its trailing breaks.
    if (isSpace(cps[0]) || isBreak(cps[0])) this.indicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    let chomp = '';
    const last = cps.length - 1;
    if (cps.length === 0 || !isBreak(cps[last])) chomp = '-';
    else if (last === 0 || isBreak(cps[last - 1])) chomp = '+';
    // (libyaml marks '+' as open-ended, but writing the indicator clears it again.)
    if (chomp) this.indicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** One YAML document for a JSON-like value, as `kubectl -o yaml` prints a single object. */
export function marshalYaml(value: unknown): string {
  return new Emitter().document(value);
}

/**
 * `kubectl get -o yaml`'s v1 List, written an item at a time with the same
 * bytes as marshalYaml of the whole List: the caller can let each item go once
 * it is written. add() writes one item; text() hands over what was written
 * since the last call; end() writes the rest (the whole empty List when no
 * item came).
 */
export class YamlListWriter {
  private readonly e = new Emitter();
  private items = 0;
  private readonly keys = sortedKeys(['apiVersion', 'items', 'kind', 'metadata']);
  private readonly list: Record<string, unknown> = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } };

  add(item: unknown): void {
    if (this.items++ === 0) {
      const before = this.keys.slice(0, this.keys.indexOf('items'));
      this.e.openRootSequence(before.map((k) => [k, this.list[k]]), 'items');
    }
    this.e.sequenceItem(item);
  }

  text(): string {
    return this.e.take();
  }

  end(): string {
    if (this.items === 0) return marshalYaml({ ...this.list, items: [] });
    const after = this.keys.slice(this.keys.indexOf('items') + 1);
    this.e.closeRootSequence(after.map((k) => [k, this.list[k]]));
    return this.e.take();
  }
}

/** Several documents separated by `---` lines, as kubectl prints several objects or watch events. */
export function marshalYamlDocuments(values: readonly unknown[]): string {
  return values.map((v, i) => (i > 0 ? '---\n' : '') + marshalYaml(v)).join('');
}
