/**
 * A YAML writer that reproduces the bytes kubectl prints and writes for
 * kubeconfig files: sigs.k8s.io/yaml over go-yaml v2 (keys in go-yaml's
 * natural order, 2-space indent, sequences not indented under their key,
 * empty maps/lists inline, go-yaml's quoting and 80-column folding rules).
 * Input is a JSON value, as kubectl round-trips objects through JSON first.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const BEST_WIDTH = 80;

/** Serialises a JSON value as go-yaml v2 would (document ends with a newline). */
export function marshalYaml(value: JsonValue): string {
  const w = new Writer();
  if (isBlockCollection(value)) {
    emitBlock(w, value, 0, false);
  } else {
    emitInlineValue(w, value, 0, false);
  }
  w.endLine();
  return w.text();
}

function isBlockCollection(v: JsonValue): v is JsonValue[] | { [key: string]: JsonValue } {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && typeof v === 'object' && Object.keys(v).length > 0;
}

class Writer {
  private parts: string[] = [];
  column = 0;
  write(s: string): void {
    this.parts.push(s);
    const nl = s.lastIndexOf('\n');
    this.column = nl >= 0 ? runeCount(s.slice(nl + 1)) : this.column + runeCount(s);
  }
  /** Starts a new line at `indent` unless we are already there. */
  indent(indent: number): void {
    if (this.column > 0) this.write('\n');
    if (indent > 0) this.write(' '.repeat(indent));
  }
  endLine(): void {
    if (this.column > 0) this.write('\n');
  }
  text(): string {
    return this.parts.join('');
  }
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Emits a non-empty mapping or sequence whose first line starts at the
 * writer's current position (after "- " or at column `indent`).
 */
function emitBlock(w: Writer, value: JsonValue[] | { [key: string]: JsonValue }, indent: number, inline: boolean): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (i > 0 || !inline) w.indent(indent);
      w.write('-');
      emitChild(w, item, indent, true);
    });
    return;
  }
  const keys = sortKeys(Object.keys(value));
  keys.forEach((key, i) => {
    if (i > 0 || !inline) w.indent(indent);
    w.write(renderScalar(key, indent + 2, w.column, true));
    w.write(':');
    emitChild(w, value[key]!, indent, false);
  });
}

/** The value after "key:" or "-": inline scalars/empties, or a nested block. */
function emitChild(w: Writer, v: JsonValue, indent: number, inSequence: boolean): void {
  if (isBlockCollection(v)) {
    if (Array.isArray(v)) {
      if (inSequence) {
        w.write(' ');
        emitBlock(w, v, indent + 2, true);
      } else {
        // sequences are not indented under their key
        emitBlock(w, v, indent, false);
      }
    } else if (inSequence) {
      w.write(' ');
      emitBlock(w, v, indent + 2, true);
    } else {
      emitBlock(w, v, indent + 2, false);
    }
    return;
  }
  emitInlineValue(w, v, indent + 2, true);
}

function emitInlineValue(w: Writer, v: JsonValue, contIndent: number, leadingSpace: boolean): void {
  const sp = leadingSpace ? ' ' : '';
  if (v === null) return w.write(`${sp}null`);
  if (typeof v === 'boolean') return w.write(`${sp}${v}`);
  if (typeof v === 'number') return w.write(`${sp}${formatNumber(v)}`);
  if (Array.isArray(v)) return w.write(`${sp}[]`);
  if (typeof v === 'object') return w.write(`${sp}{}`);
  if (leadingSpace) w.write(' ');
  w.write(renderScalar(v, contIndent, w.column, false));
}

/** go-yaml formats floats with strconv 'g' (shortest); JSON integers stay integers. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return formatGoFloatG(n);
}

/** strconv.FormatFloat(f, 'g', -1, 64). */
export function formatGoFloatG(n: number): string {
  const exp = n.toExponential(); // shortest digits, like Go's shortest
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)!;
  const [, sign, d0, rest = '', e] = m;
  const x = Number(e);
  const digits = d0! + rest;
  // Go uses %e when the exponent is < -4 or >= 6 for the shortest form
  if (x < -4 || x >= 6) {
    const ae = Math.abs(x);
    return `${sign}${d0}${rest ? '.' + rest : ''}e${x < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
  if (digits.length <= x + 1) return `${sign}${digits}${'0'.repeat(x + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, x + 1)}.${digits.slice(x + 1)}`;
}

// ---------------------------------------------------------------------------
// key order: go-yaml v2 keyList.Less (digits compare numerically, letters sort
// after non-letters)

export function sortKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

export function keyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------
// scalars

type Style = 'plain' | 'single' | 'double' | 'literal';

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isPrintable = (c: number): boolean =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(s: string): Analysis {
  if (s.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  const cps = [...s].map((ch) => ch.codePointAt(0)!);
  let blockIndicators = false;
  if (s.startsWith('---') || s.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  const isBlankz = (i: number): boolean =>
    i >= cps.length || cps[i] === 0x20 || cps[i] === 0x09 || isBreak(cps[i]!) || cps[i] === 0;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    const followedByWhitespace = isBlankz(i + 1);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if (ch === '?' || ch === ':') {
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) blockIndicators = true;
      else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
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
    precededByWhitespace = isBlankz(i);
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || special) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

/** Would go-yaml v2 read this unquoted text as something other than a string? */
export function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  const c = s[0]!;
  const hint = '+-'.includes(c) ? 'S' : /[0-9]/.test(c) ? 'D' : 'yYnNtTfFoO~'.includes(c) ? 'M' : c === '.' ? '.' : '';
  if (!hint) return false;
  if (RESOLVE_MAP.has(s)) return true;
  switch (hint) {
    case 'M':
      return false;
    case '.':
      return goParseFloatOk(s);
    default: {
      if (hint === 'D' && isTimestamp(s)) return true;
      const plain = s.replace(/_/g, '');
      if (goParseIntBase0(plain)) return true;
      if (YAML_STYLE_FLOAT.test(plain) && goParseFloatOk(plain)) return true;
      if (/^-?0b[01]+$/.test(plain)) return true;
      return false;
    }
  }
}

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN',
  '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt(s, 0, 64) or ParseUint succeeds. */
function goParseIntBase0(s: string): boolean {
  return /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.test(s) && withinInt64(s);
}

function withinInt64(s: string): boolean {
  try {
    const neg = s.startsWith('-');
    let body = s.replace(/^[+-]/, '');
    if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
    else if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
    const v = BigInt(body);
    return neg ? v <= 2n ** 63n : v <= 2n ** 64n - 1n;
  } catch {
    return false;
  }
}

/** strconv.ParseFloat(s, 64) succeeds (decimal forms only; hex/inf are gated out by callers). */
function goParseFloatOk(s: string): boolean {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return false;
  return Number.isFinite(Number(s));
}

function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  return (
    /^\d{4}-\d{1,2}-\d{1,2}$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) ||
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/.test(s)
  );
}

const isBase60Float = (s: string): boolean => /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);

function chooseStyle(s: string, isKey: boolean): { style: Style; a: Analysis } {
  const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s);
  let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (isKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s.length === 0 && isKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || isKey)) style = 'double';
  return { style, a };
}

/**
 * Renders a string scalar starting at `column`; continuation lines (folding,
 * literal blocks) are indented to `indent`.
 */
function renderScalar(s: string, indent: number, column: number, isKey: boolean): string {
  const { style } = chooseStyle(s, isKey);
  const allowBreaks = !isKey;
  switch (style) {
    case 'plain':
      return foldPlain(s, indent, column, allowBreaks);
    case 'single':
      return writeSingle(s, indent, column, allowBreaks);
    case 'double':
      return writeDouble(s, indent, column, allowBreaks);
    case 'literal':
      return writeLiteral(s, indent);
  }
}

function foldPlain(s: string, indent: number, column: number, allowBreaks: boolean): string {
  const cps = [...s];
  let out = '';
  let col = column;
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && cps[i + 1] !== ' ') {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += ch;
        col++;
      }
      spaces = true;
    } else {
      out += ch;
      col++;
      spaces = false;
    }
  }
  return out;
}

function writeSingle(s: string, indent: number, column: number, allowBreaks: boolean): string {
  const cps = [...s];
  let out = "'";
  let col = column + 1;
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    if (ch === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== ' ') {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += ch;
        col++;
      }
      spaces = true;
    } else {
      if (ch === "'") {
        out += "'";
        col++;
      }
      out += ch;
      col++;
      spaces = false;
    }
  }
  return out + "'";
}

function writeDouble(s: string, indent: number, column: number, allowBreaks: boolean): string {
  const cps = [...s];
  let out = '"';
  let col = column + 1;
  let spaces = false;
  const put = (t: string): void => {
    out += t;
    col += t.length;
  };
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || ch === '"' || ch === '\\') {
      put('\\');
      switch (c) {
        case 0x00: put('0'); break;
        case 0x07: put('a'); break;
        case 0x08: put('b'); break;
        case 0x09: put('t'); break;
        case 0x0a: put('n'); break;
        case 0x0b: put('v'); break;
        case 0x0c: put('f'); break;
        case 0x0d: put('r'); break;
        case 0x1b: put('e'); break;
        case 0x22: put('"'); break;
        case 0x5c: put('\\'); break;
        case 0x85: put('N'); break;
        case 0xa0: put('_'); break;
        case 0x2028: put('L'); break;
        case 0x2029: put('P'); break;
        default: {
          const hex = c.toString(16).toUpperCase();
          if (c <= 0xff) put('x' + hex.padStart(2, '0'));
          else if (c <= 0xffff) put('u' + hex.padStart(4, '0'));
          else put('U' + hex.padStart(8, '0'));
        }
      }
      spaces = false;
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && col > BEST_WIDTH && i > 0 && i < cps.length - 1) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
        if (cps[i + 1] === ' ') put('\\');
      } else {
        put(ch);
      }
      spaces = true;
    } else {
      out += ch;
      col++;
      spaces = false;
    }
  }
  return out + '"';
}

function writeLiteral(s: string, indent: number): string {
  const cps = [...s];
  let hints = '|';
  if (cps[0] === ' ' || isBreak(cps[0]!.codePointAt(0)!)) hints += '2';
  const last = cps[cps.length - 1]!.codePointAt(0)!;
  if (!isBreak(last)) hints += '-';
  else if (cps.length === 1 || isBreak(cps[cps.length - 2]!.codePointAt(0)!)) hints += '+';
  let out = hints + '\n';
  let breaks = true;
  for (const ch of cps) {
    if (isBreak(ch.codePointAt(0)!)) {
      out += '\n';
      breaks = true;
    } else {
      if (breaks) out += ' '.repeat(indent);
      out += ch;
      breaks = false;
    }
  }
  // the next line starts fresh; a text without a final break gets one
  return breaks ? out : out + '\n';
}
