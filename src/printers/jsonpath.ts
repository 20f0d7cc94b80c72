/**
 * kubectl's JSONPath template dialect (client-go util/jsonpath): text outside
 * `{}` is literal; inside: `$`/`@`, `.field`, `['key']`, `[i]`, `[a:b:c]`,
 * `[*]`, `..`, unions `[0,1]` / `['a','b']`, filters `[?(@.x OP y)]` and
 * `[?(@.x)]`, string and number literals, `{range ...}...{end}`.
 * Results of one action are joined by a space; maps and lists print as
 * compact JSON; scalars as Go prints them. Map iteration (`*`, `..`) uses
 * sorted keys where Go's order is random.
 */
import { compactJson, marshalJson } from '../codec/json.js';
import { formatGoFloat, formatGoSyntax, formatGoValue, goQuote, goTypeName, isGoInteger, isGoPrint } from './go-format.js';
import { messageOf } from '../errors.js';

// ---------------------------------------------------------------------------
// Nodes

interface SliceParam {
  value: number;
  known: boolean;
  derived: boolean;
}

export type JsonPathNode =
  | { type: 'list'; nodes: JsonPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: [SliceParam, SliceParam, SliceParam] }
  | { type: 'filter'; left: ListNode; right: ListNode; op: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; lists: ListNode[] }
  | { type: 'identifier'; name: string };

type ListNode = Extract<JsonPathNode, { type: 'list' }>;

/** A parse failure; the message is client-go's (e.g. `unclosed action`). */
export class JsonPathParseError extends Error {}
/** An evaluation failure; the message is client-go's (e.g. `name is not found`). */
export class JsonPathExecError extends Error {}

// ---------------------------------------------------------------------------
// Parser

const EOF = -1;

function formatRune(r: number): string {
  const hex = r.toString(16).toUpperCase().padStart(4, '0');
  return isGoPrint(r) ? `U+${hex} '${String.fromCodePoint(r)}'` : `U+${hex}`;
}

const isDigitRune = (r: number): boolean => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number): boolean =>
  r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
const isTerminator = (r: number): boolean =>
  r === EOF || ' \t\r\n.,[]$@{}'.includes(String.fromCodePoint(r));

/** Go's strconv.UnquoteChar-based unquoting of a '...' or "..." literal. */
function unquoteExtend(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'")) throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === q) throw new Error('invalid syntax');
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e !== undefined && e in simple) out += simple[e];
    else if (e === "'" || e === '"') {
      if (e !== q) throw new Error('invalid syntax');
      out += e;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new Error('invalid syntax');
      const v = parseInt(hex, 16);
      if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) throw new Error('invalid syntax');
      // \x is a raw byte in Go; for ASCII that is the character itself.
      out += String.fromCodePoint(v);
      i += n;
    } else if (e !== undefined && e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error('invalid syntax');
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

class Parser {
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;
  root: ListNode = { type: 'list', nodes: [] };

  parse(text: string): ListNode {
    this.input = text;
    this.root = { type: 'list', nodes: [] };
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
    return this.root;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        this.pos += 1;
        this.consumeText();
        const action: ListNode = { type: 'list', nodes: [] };
        cur.nodes.push(action);
        this.parseInsideAction(action);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        this.parseText(this.root);
        return;
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || r === 0x0d || r === 0x0a) throw new JsonPathParseError('unclosed action');
      if (r === 0x20) this.consumeText();
      else if (r === 0x40 || r === 0x24) this.consumeText();
      else if (r === 0x5b) this.parseArray(cur);
      else if (r === 0x22 || r === 0x27) this.parseQuote(cur, r);
      else if (r === 0x2e) this.parseField(cur);
      else if (r === 0x2b || r === 0x2d || isDigitRune(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else throw new JsonPathParseError(`unrecognized character in action: ${formatRune(r)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const v = this.consumeText();
    if (v === 'true' || v === 'false') cur.nodes.push({ type: 'bool', value: v === 'true' });
    else cur.nodes.push({ type: 'identifier', name: v });
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const r = this.peek();
    if (r === 0x2b || r === 0x2d) this.next();
    for (;;) {
      const c = this.next();
      if (c !== 0x2e && !isDigitRune(c)) {
        this.backup();
        break;
      }
    }
    const v = this.consumeText();
    if (/^[+-]?\d+$/.test(v)) cur.nodes.push({ type: 'int', value: Number(v) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v)) cur.nodes.push({ type: 'float', value: Number(v) });
    else throw new JsonPathParseError(`cannot parse number ${v}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathParseError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      const lists = parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', lists });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      // A quoted key is re-read as a `.key` path, dots and all (as client-go does).
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new JsonPathParseError(`invalid array index ${text}`);
    const params: [SliceParam, SliceParam, SliceParam] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i].known = false;
        else {
          if (!/^[+-]?\d+$/.test(v)) throw new JsonPathParseError(`array index ${v} is not a number`);
          params[i] = { value: Number(v), known: true, derived: false };
        }
      } else if (i === 1) {
        params[1] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ type: 'array', params });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathParseError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 && begin === end) break;
    }
    if (this.next() !== 0x5d) throw new JsonPathParseError('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, op: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
    }
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const v = this.consumeText();
    try {
      cur.nodes.push({ type: 'text', text: unquoteExtend(v) });
    } catch (e) {
      throw new JsonPathParseError(`unquote string ${v} error ${messageOf(e)}`);
    }
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === 0x5c) this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const v = this.consumeText();
    if (v === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: v.replace(/\\/g, '') });
  }
}

/** Parses the inside of one action, as client-go does for unions, quoted keys and filters. */
function parseAction(text: string): ListNode {
  const first = new Parser().parse(`{${text}}`).nodes[0];
  return first?.type === 'list' ? first : { type: 'list', nodes: [] };
}

/** Parses a JSONPath template into its node list. Throws JsonPathParseError. */
export function parseJsonPathTemplate(template: string): ListNode {
  return new Parser().parse(template);
}

// ---------------------------------------------------------------------------
// Evaluation

/** A float literal from the template (Go float64, distinct from JSON integers). */
class FloatLit {
  constructor(readonly value: number) {}
}
/** An int literal from the template (Go int). */
class IntLit {
  constructor(readonly value: number) {}
}

type Value = unknown;

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: Value): Kind {
  if (v instanceof IntLit) return 'int';
  if (v instanceof FloatLit) return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isGoInteger(v) ? 'int' : 'float';
  return 'invalid';
}

const raw = (v: Value): Value => (v instanceof IntLit || v instanceof FloatLit ? v.value : v);

/** The JavaScript value of a basic-kind operand (basicKind checked before: anything else is refused). */
function basicValue(v: Value): number | string | boolean {
  if (v instanceof IntLit || v instanceof FloatLit) return v.value;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new JsonPathExecError('invalid type for comparison');
}

function compareValues(op: string, left: Value, right: Value): boolean {
  const k1 = basicKind(left);
  const k2 = basicKind(right);
  if (k1 === 'invalid' || k2 === 'invalid') throw new JsonPathExecError('invalid type for comparison');
  if (k1 !== k2) throw new JsonPathExecError('incompatible types for comparison');
  const a = basicValue(left);
  const b = basicValue(right);
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (k1 === 'bool') throw new JsonPathExecError('invalid type for comparison');
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    default: throw new JsonPathExecError(`unrecognized filter operator ${op}`);
  }
}

const isMap = (v: Value): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof IntLit) && !(v instanceof FloatLit);
const isNil = (v: Value): boolean => v === null || v === undefined;

/** Children as Go's reflection walks them: map values (sorted keys), list items, string bytes. */
function children(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')];
  if (isMap(v)) return Object.keys(v).sort().map((k) => v[k]);
  return [];
}

export interface JsonPathOptions {
  /** Missing keys print nothing (kubectl's default) instead of failing. */
  allowMissingKeys?: boolean;
  /** jsonpath-as-json: each action's results print as an indented JSON array. */
  outputJson?: boolean;
}

/** A parsed template, ready to run against decoded-JSON data. */
export class JsonPath {
  private readonly root: ListNode;
  private readonly allowMissingKeys: boolean;
  private readonly outputJson: boolean;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: JsonPathNode | undefined;

  constructor(readonly template: string, options: JsonPathOptions = {}) {
    this.root = parseJsonPathTemplate(template);
    this.allowMissingKeys = options.allowMissingKeys ?? true;
    this.outputJson = options.outputJson ?? false;
  }

  /** The values each top-level action produced (client-go's FindResults). */
  findResults(data: unknown): unknown[][] {
    this.beginRange = this.inRange = this.endRange = 0;
    return this.find(data, this.root.nodes).map((r) => r.map(raw));
  }

  /** Runs the template and returns the text kubectl would write (no trailing newline added). */
  execute(data: unknown): string {
    this.beginRange = this.inRange = this.endRange = 0;
    return this.find(data, this.root.nodes).map((r) => this.printResults(r)).join('');
  }

  private find(data: Value, nodes: JsonPathNode[]): Value[][] {
    const full: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk([data], nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes[i];
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) for (const v of results) full.push(...this.find(v, body));
        else this.find(null, body);
        this.inRange--;
        // Continue after the {end} that closed this range (if any).
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: Value[]): string {
    if (this.outputJson) return marshalJson(results.map(raw), { indent: '    ' }) + '\n';
    return results
      .map((r) => {
        const v = raw(r);
        if (typeof v === 'object' && v !== null) return compactJson(v);
        if (isNil(v)) return 'null';
        if (r instanceof FloatLit) return formatGoFloat(r.value);
        return formatGoValue(v);
      })
      .join(' ');
  }

  private walk(input: Value[], node: JsonPathNode): Value[] {
    switch (node.type) {
      case 'list': {
        let cur = input;
        for (const n of node.nodes) cur = this.walk(cur, n);
        return cur;
      }
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => new IntLit(node.value));
      case 'float':
        return input.map(() => new FloatLit(node.value));
      case 'bool':
        return input.map(() => node.value);
      case 'wildcard':
        return input.filter((v) => !isNil(v)).flatMap(children);
      case 'recursive':
        return this.evalRecursive(input);
      case 'union':
        return node.lists.flatMap((l) => this.walk(input, l));
      case 'identifier':
        if (node.name === 'range') {
          this.beginRange++;
          return input;
        }
        if (node.name === 'end') {
          if (this.inRange > 0) {
            this.endRange++;
            return [];
          }
          throw new JsonPathExecError('not in range, nothing to end');
        }
        throw new JsonPathExecError(`unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: Value[], name: string): Value[] {
    if (input.length === 0) return [];
    const out: Value[] = [];
    for (const v of input) {
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name)) out.push(v[name]);
    }
    if (out.length === 0 && !this.allowMissingKeys) throw new JsonPathExecError(`${name} is not found`);
    return out;
  }

  private evalArray(input: Value[], p: [SliceParam, SliceParam, SliceParam]): Value[] {
    const out: Value[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      if (!Array.isArray(v)) throw new JsonPathExecError(`${goTypeName(raw(v))} is not array or slice`);
      const len = v.length;
      let start = p[0].known ? p[0].value : 0;
      if (start < 0) start += len;
      let end = p[1].known ? p[1].value : len;
      if (end < 0 || (end === 0 && p[1].derived)) end += len;
      if (end === start) return out;
      if (start >= len || start < 0) throw new JsonPathExecError(`array index out of bounds: index ${start}, length ${len}`);
      if (end > len || end < 0) throw new JsonPathExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
      if (start > end) throw new JsonPathExecError(`starting index ${start} is greater than ending index ${end}`);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new JsonPathExecError('step must be > 0');
        step = p[2].value;
      }
      for (let i = start; i < end; i += step) out.push(v[i]);
    }
    return out;
  }

  private evalRecursive(input: Value[]): Value[] {
    const out: Value[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      const kids = children(v);
      if (kids.length > 0) {
        out.push(v);
        out.push(...this.evalRecursive(kids));
      }
    }
    return out;
  }

  private evalFilter(input: Value[], node: Extract<JsonPathNode, { type: 'filter' }>): Value[] {
    const out: Value[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) {
        const shown = isNil(v) ? '<invalid reflect.Value>' : formatGoValue(raw(v));
        throw new JsonPathExecError(`${shown} is not array or slice and cannot be filtered`);
      }
      for (const item of v) {
        if (node.op === 'exists') {
          let lefts: Value[] = [];
          try {
            lefts = this.walk([item], node.left);
          } catch {
            lefts = [];
          }
          if (lefts.length > 0) out.push(item);
          continue;
        }
        const lefts = this.walk([item], node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathExecError('can only compare one element at a time');
        const rights = this.walk([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathExecError('can only compare one element at a time');
        if (!['<', '>', '==', '!=', '<=', '>='].includes(node.op)) {
          throw new JsonPathExecError(`unrecognized filter operator ${node.op}`);
        }
        if (compareValues(node.op, lefts[0], rights[0])) out.push(item);
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------
// kubectl's printer wrapping

/**
 * `-o jsonpath=` / `jsonpath-as-json=` for one object, with kubectl's error
 * texts. The thrown Error's message is exactly kubectl's error string (it may
 * end in newlines); the CLI prefixes `error: `.
 */
export function printJsonPath(template: string, obj: unknown, options: JsonPathOptions = {}): string {
  let jp: JsonPath;
  try {
    jp = new JsonPath(template, options);
  } catch (e) {
    throw new Error(`error parsing jsonpath ${template}, ${messageOf(e)}\n`);
  }
  try {
    return jp.execute(obj);
  } catch (e) {
    const detail =
      `Error executing template: ${messageOf(e)}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${formatGoSyntax(obj)}\n\n`;
    throw new Error(`error executing jsonpath ${goQuote(template)}: ${detail}\n`);
  }
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * --sort-by and custom-columns accept `a.b`, `.a.b`, `{a.b}` and `{.a.b}`;
 * all become `{.a.b}`. An empty expression stays empty.
 */
export function relaxedJsonPathExpression(expr: string): string {
  if (expr.length === 0) return expr;
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] ?? m[2]}}`;
}
