/**
 * The Go text/template subset kubectl users write with `-o go-template`:
 * fields and chains (`.a.b`, `$x.a`, `(pipe).a`), variables (`$`, `:=`, `=`),
 * pipelines `|`, `if`/`else if`/`else with`/`else`, `range` (lists, maps in key
 * order, integers; `$i, $e :=`; `break`/`continue`), `with`, comments, trim
 * markers `{{-` `-}}`; functions and, or, not, eq, ne, lt, le, gt, ge, index,
 * len, print, printf, println, plus kubectl's base64decode and exists.
 * Missing keys print `<no value>` (or fail with missingkey=error). Anything
 * else (define, template, block, html, js, call, ...) is a parse error.
 */
import { formatGoValue, goQuote } from './go-format.js';
import { compactJson } from '../codec/json.js';
import { GoFloat, GoInt, goKind, goSprint, goSprintf, goSprintln, sprintValue, unwrapGo } from './go-printf.js';
import { messageOf } from '../errors.js';

// ---------------------------------------------------------------------------
// Lexing

type TokType = 'field' | 'var' | 'dot' | 'ident' | 'string' | 'number' | 'char' | 'pipe' | 'lparen' | 'rparen' | 'declare' | 'assign' | 'comma' | 'bool' | 'nil';

interface Tok {
  type: TokType;
  text: string;
  pos: number;
  value?: unknown;
  /** Whitespace came right before it (so `.a .b` are two operands, `.a.b` one). */
  spaced: boolean;
}

/** A failure with Go's message (already prefixed `template: output:...`). */
export class GoTemplateError extends Error {}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue', 'define', 'template', 'block']);
const FUNCS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'index', 'len', 'print', 'printf', 'println', 'base64decode', 'exists']);
const UNSUPPORTED_FUNCS = new Set(['html', 'js', 'urlquery', 'call', 'slice']);

function unquoteGo(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1).replace(/\r/g, '');
  const body = lit.slice(1, -1);
  const esc: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const e = body[++i];
    if (e in esc) out += esc[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (e >= '0' && e <= '7') {
      out += String.fromCodePoint(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  return out;
}

// ---------------------------------------------------------------------------
// Tree

type Arg =
  | { kind: 'field'; names: string[]; pos: number; text: string }
  | { kind: 'var'; name: string; names: string[]; pos: number; text: string }
  | { kind: 'dot'; pos: number; text: string }
  | { kind: 'const'; value: unknown; pos: number; text: string }
  | { kind: 'ident'; name: string; pos: number; text: string }
  | { kind: 'pipe'; pipe: Pipe; names: string[]; pos: number; text: string };

interface Cmd {
  args: Arg[];
  pos: number;
  text: string;
}

interface Pipe {
  decl: string[];
  isAssign: boolean;
  cmds: Cmd[];
  pos: number;
  text: string;
}

interface ControlNode {
  type: 'if' | 'with' | 'range';
  pipe: Pipe;
  list: TNode[];
  elseList?: TNode[];
}

type TNode =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipe }
  | ControlNode
  | { type: 'break' | 'continue'; pos: number };

class TemplateParser {
  private readonly src: string;
  private pos = 0;
  private toks: Tok[] = [];
  private ti = 0;
  private actionPos = 0;
  private vars: string[][] = [['$']];
  private rangeDepth = 0;

  constructor(src: string) {
    this.src = src;
  }

  private line(pos: number): number {
    return this.src.slice(0, pos).split('\n').length;
  }

  private fail(msg: string, pos = this.actionPos): never {
    throw new GoTemplateError(`template: output:${this.line(pos)}: ${msg}`);
  }

  parse(): TNode[] {
    const [list, end] = this.parseList();
    if (end !== 'eof') this.fail(`unexpected {{${end}}}`);
    return list;
  }

  /** Reads text and actions until {{end}}/{{else ...}} or end of input. */
  private parseList(): [TNode[], string, Tok[]?] {
    const list: TNode[] = [];
    for (;;) {
      const open = this.src.indexOf('{{', this.pos);
      let text = open < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, open);
      if (open < 0) {
        if (text) list.push({ type: 'text', text });
        return [list, 'eof'];
      }
      const trimLeft = /^\{\{-[ \t\r\n]/.test(this.src.slice(open));
      if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
      if (text) list.push({ type: 'text', text });
      this.actionPos = open;
      let p = open + (trimLeft ? 3 : 2);
      // Comments: {{/* ... */}}
      const ws = /^[ \t\r\n]*/.exec(this.src.slice(p))![0];
      if (this.src.startsWith('/*', p + (trimLeft ? ws.length : 0))) {
        const cstart = p + (trimLeft ? ws.length : 0);
        const cend = this.src.indexOf('*/', cstart + 2);
        if (cend < 0) this.fail('unclosed comment');
        let q = cend + 2;
        let trimRight = false;
        const after = this.src.slice(q);
        const m = /^[ \t\r\n]+-\}\}/.exec(after);
        if (m) {
          trimRight = true;
          q += m[0].length;
        } else if (after.startsWith('}}')) q += 2;
        else this.fail('comment ends before closing delimiter');
        this.pos = q;
        if (trimRight) this.pos += /^[ \t\r\n]*/.exec(this.src.slice(this.pos))![0].length;
        continue;
      }
      const { toks, end, trimRight } = this.lexAction(p);
      this.pos = end;
      if (trimRight) this.pos += /^[ \t\r\n]*/.exec(this.src.slice(this.pos))![0].length;
      this.toks = toks;
      this.ti = 0;
      const first = toks[0];
      if (!first) this.fail('missing value for command');
      if (first.type === 'ident' && KEYWORDS.has(first.text)) {
        const kw = first.text;
        this.ti = 1;
        if (kw === 'end') {
          if (toks.length > 1) this.fail(`unexpected ${toks[1].text} in end`);
          return [list, 'end'];
        }
        if (kw === 'else') return [list, 'else', toks.slice(1)];
        if (kw === 'if' || kw === 'with' || kw === 'range') {
          list.push(this.parseControl(kw));
          continue;
        }
        if (kw === 'break' || kw === 'continue') {
          if (this.rangeDepth === 0) this.fail(`{{${kw}}} outside {{range}}`);
          list.push({ type: kw, pos: first.pos });
          continue;
        }
        this.fail(`{{${kw}}} is not supported by ktl's go-template`);
      }
      const pipe = this.parsePipeline('command', true);
      list.push({ type: 'action', pipe });
    }
  }

  private parseControl(kw: 'if' | 'with' | 'range'): TNode {
    this.vars.push([]);
    if (kw === 'range') this.rangeDepth++;
    const pipe = this.parsePipeline(kw, kw === 'range' || kw === 'with' || kw === 'if');
    let [list, end, rest] = this.parseList();
    if (kw === 'range') this.rangeDepth--;
    let elseList: TNode[] | undefined;
    if (end === 'else') {
      if (rest && rest.length > 0 && rest[0].type === 'ident' && (rest[0].text === 'if' || rest[0].text === 'with')) {
        // {{else if ...}} / {{else with ...}}: a nested control that shares our {{end}}.
        this.toks = rest;
        this.ti = 1;
        this.vars.pop();
        this.vars.push([]);
        elseList = [this.parseControl(rest[0].text)];
        this.vars.pop();
        return { type: kw, pipe, list, elseList };
      }
      if (rest && rest.length > 0) this.fail(`unexpected ${rest[0].text} in else`);
      [elseList, end] = this.parseList();
    }
    if (end !== 'end') this.fail('unexpected EOF');
    this.vars.pop();
    return { type: kw, pipe, list, elseList };
  }

  private lexAction(start: number): { toks: Tok[]; end: number; trimRight: boolean } {
    const toks: Tok[] = [];
    const s = this.src;
    let p = start;
    let depth = 0;
    let spaced = false;
    for (;;) {
      if (p >= s.length) this.fail('unclosed action');
      const rest = s.slice(p);
      const trimEnd = /^[ \t\r\n]+-\}\}/.exec(rest);
      if (trimEnd) return { toks, end: p + trimEnd[0].length, trimRight: true };
      if (rest.startsWith('}}')) return { toks, end: p + 2, trimRight: false };
      const c = s[p];
      if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
        p++;
        spaced = true;
        continue;
      }
      let m: RegExpExecArray | null;
      const push = (type: TokType, text: string, value?: unknown): void => {
        toks.push({ type, text, pos: p, value, spaced });
        spaced = false;
        p += text.length;
      };
      if (c === '|') push('pipe', '|');
      else if (c === '(') {
        depth++;
        push('lparen', '(');
      } else if (c === ')') {
        depth--;
        if (depth < 0) this.fail('unexpected right paren');
        push('rparen', ')');
      } else if (rest.startsWith(':=')) push('declare', ':=');
      else if (c === '=') push('assign', '=');
      else if (c === ',') push('comma', ',');
      else if ((m = /^"(?:[^"\\\n]|\\.)*"/.exec(rest))) {
        let v: string;
        try {
          v = unquoteGo(m[0]);
        } catch {
          this.fail(`bad string syntax: ${m[0]}`);
        }
        push('string', m[0], v);
      } else if (c === '"') this.fail('unterminated quoted string');
      else if ((m = /^`[^`]*`/.exec(rest))) push('string', m[0], unquoteGo(m[0]));
      else if (c === '`') this.fail('unterminated raw quoted string');
      else if ((m = /^'(?:[^'\\]|\\.[^']*)'/.exec(rest))) {
        const ch = unquoteGo('"' + m[0].slice(1, -1).replace(/"/g, '\\"') + '"');
        push('char', m[0], new GoInt(ch.codePointAt(0) ?? 0));
      } else if ((m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?)/.exec(rest)) && (c !== '.' || /\d/.test(rest[1] ?? ''))) {
        const t = m[0];
        const clean = t.replace(/_/g, '');
        const isFloat = /^[+-]?(\d|\.)/.test(clean) && !/^[+-]?0[xXbBoO]/.test(clean) && /[.eE]/.test(clean);
        let n: number;
        if (isFloat) n = Number(clean);
        else {
          const neg = clean.startsWith('-');
          const body = clean.replace(/^[+-]/, '');
          const big = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body.replace(/^0[oO]/, '0o'));
          n = Number(neg ? -big : big);
        }
        push('number', t, isFloat ? new GoFloat(n) : new GoInt(n));
      } else if ((m = /^\$[\p{L}\p{Nd}_]*/u.exec(rest))) push('var', m[0]);
      else if ((m = /^\.[\p{L}_][\p{L}\p{Nd}_]*/u.exec(rest))) push('field', m[0]);
      else if (c === '.') push('dot', '.');
      else if ((m = /^[\p{L}_][\p{L}\p{Nd}_]*/u.exec(rest))) {
        const w = m[0];
        if (w === 'true' || w === 'false') push('bool', w, w === 'true');
        else if (w === 'nil') push('nil', w, null);
        else push('ident', w);
      } else this.fail(`unexpected "${c}" in command`);
    }
  }

  private peekTok(): Tok | undefined {
    return this.toks[this.ti];
  }

  private declared(name: string): boolean {
    return this.vars.some((scope) => scope.includes(name));
  }

  private parsePipeline(context: string, allowDecl: boolean): Pipe {
    const startTok = this.peekTok();
    const pipe: Pipe = { decl: [], isAssign: false, cmds: [], pos: startTok?.pos ?? this.actionPos, text: '' };
    // Declarations: $x := / $x = / $i, $e :=
    const t0 = this.toks[this.ti];
    const t1 = this.toks[this.ti + 1];
    if (allowDecl && t0?.type === 'var' && t1 && (t1.type === 'declare' || t1.type === 'assign' || (t1.type === 'comma' && context === 'range'))) {
      if (t1.type === 'comma') {
        const t2 = this.toks[this.ti + 2];
        const t3 = this.toks[this.ti + 3];
        if (t2?.type !== 'var' || t3?.type !== 'declare') this.fail('range can only initialize variables');
        pipe.decl = [t0.text, t2.text];
        this.ti += 4;
      } else {
        pipe.decl = [t0.text];
        pipe.isAssign = t1.type === 'assign';
        if (pipe.isAssign && !this.declared(t0.text)) this.fail(`undefined variable "${t0.text}"`);
        this.ti += 2;
      }
      if (!pipe.isAssign) this.vars[this.vars.length - 1].push(...pipe.decl);
    }
    const textStart = this.peekTok()?.pos;
    for (;;) {
      const t = this.peekTok();
      if (!t || t.type === 'rparen') break;
      if (t.type === 'pipe') {
        if (pipe.cmds.length === 0) this.fail('missing command');
        this.ti++;
        continue;
      }
      pipe.cmds.push(this.parseCommand());
      const after = this.peekTok();
      if (after && after.type !== 'pipe' && after.type !== 'rparen') this.fail(`unexpected ${after.text} in operand`);
    }
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    const last = this.toks[this.ti - 1];
    pipe.text = textStart === undefined ? '' : this.src.slice(textStart, last.pos + last.text.length);
    return pipe;
  }

  private parseCommand(): Cmd {
    const start = this.peekTok()!;
    const args: Arg[] = [];
    for (;;) {
      const t = this.peekTok();
      if (!t || t.type === 'pipe' || t.type === 'rparen') break;
      args.push(this.parseOperand());
    }
    const last = this.toks[this.ti - 1];
    return { args, pos: start.pos, text: this.src.slice(start.pos, last.pos + last.text.length) };
  }

  private fieldChain(): string[] {
    const names: string[] = [];
    for (let t = this.peekTok(); t && t.type === 'field' && !t.spaced; t = this.peekTok()) {
      names.push(t.text.slice(1));
      this.ti++;
    }
    return names;
  }

  private parseOperand(): Arg {
    const t = this.toks[this.ti++];
    const textOf = (startPos: number): string => {
      const last = this.toks[this.ti - 1];
      return this.src.slice(startPos, last.pos + last.text.length);
    };
    switch (t.type) {
      case 'field': {
        const names = [t.text.slice(1), ...this.fieldChain()];
        // Go positions a chained field at its second element.
        const pos = names.length > 1 ? this.toks[this.ti - names.length + 1].pos : t.pos;
        return { kind: 'field', names, pos, text: textOf(t.pos) };
      }
      case 'var': {
        if (!this.declared(t.text)) this.fail(`undefined variable "${t.text}"`);
        const names = this.fieldChain();
        return { kind: 'var', name: t.text, names, pos: t.pos, text: textOf(t.pos) };
      }
      case 'dot':
        if (this.peekTok()?.type === 'field' && !this.peekTok()!.spaced) this.fail('unexpected . after term "."');
        return { kind: 'dot', pos: t.pos, text: '.' };
      case 'string': case 'number': case 'char': case 'bool': case 'nil':
        return { kind: 'const', value: t.value, pos: t.pos, text: t.text };
      case 'ident':
        if (KEYWORDS.has(t.text)) this.fail(`unexpected <${t.text}> in command`);
        if (UNSUPPORTED_FUNCS.has(t.text)) this.fail(`function "${t.text}" is not supported by ktl's go-template`);
        if (!FUNCS.has(t.text)) this.fail(`function "${t.text}" not defined`);
        return { kind: 'ident', name: t.text, pos: t.pos, text: t.text };
      case 'lparen': {
        const pipe = this.parsePipeline('parenthesized pipeline', false);
        if (this.toks[this.ti]?.type !== 'rparen') this.fail('unclosed left paren');
        this.ti++;
        const names = this.fieldChain();
        return { kind: 'pipe', pipe, names, pos: t.pos, text: textOf(t.pos) };
      }
      default:
        this.fail(`unexpected "${t.text}" in operand`);
    }
  }
}

// ---------------------------------------------------------------------------
// Execution

/** Go's invalid reflect.Value: a missing key, printed as `<no value>`. */
const MISSING = Symbol('no value');

class BreakSignal {}
class ContinueSignal {}

export interface GoTemplateOptions {
  /** false = missingkey=error (`--allow-missing-template-keys=false`). Default true. */
  allowMissingKeys?: boolean;
  /**
   * The error dump's raw data in Go's map order (default); false keeps the
   * object's own key order, as Go marshals a typed object (a struct).
   */
  sortRawKeys?: boolean;
}

function truth(v: unknown): boolean {
  if (v === MISSING || v === null || v === undefined) return false;
  const u = unwrapGo(v);
  if (typeof u === 'boolean') return u;
  if (typeof u === 'number') return u !== 0;
  if (typeof u === 'string') return u.length > 0;
  if (Array.isArray(u)) return u.length > 0;
  if (typeof u === 'object' && u !== null) return Object.keys(u).length > 0;
  return true;
}

const isMapValue = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt) && !(v instanceof GoFloat);

function base64decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    const isPad = c === '=' && (i >= clean.length - 2) && clean.length % 4 === 0;
    if (!/[A-Za-z0-9+/]/.test(c) && !isPad) throw new Error(`base64 decode failed: illegal base64 data at input byte ${i}`);
  }
  if (clean.length % 4 !== 0) {
    throw new Error(`base64 decode failed: illegal base64 data at input byte ${clean.length - (clean.length % 4)}`);
  }
  return Buffer.from(clean, 'base64').toString('utf8');
}

class Exec {
  private out: string[] = [];
  private vars: { name: string; value: unknown }[] = [];
  private readonly src: string;
  private readonly missingError: boolean;

  constructor(src: string, opts: GoTemplateOptions) {
    this.src = src;
    this.missingError = opts.allowMissingKeys === false;
  }

  output(): string {
    return this.out.join('');
  }

  private fail(pos: number, nodeText: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const line = before.split('\n').length;
    const col = Buffer.byteLength(before.slice(before.lastIndexOf('\n') + 1), 'utf8');
    throw new GoTemplateError(`template: output:${line}:${col}: executing "output" at <${nodeText}>: ${msg}`);
  }

  run(list: TNode[], dot: unknown): void {
    this.vars.push({ name: '$', value: dot });
    this.walkList(list, dot);
  }

  private walkList(list: TNode[], dot: unknown): void {
    for (const n of list) this.walk(n, dot);
  }

  private withScope(fn: () => void): void {
    const mark = this.vars.length;
    try {
      fn();
    } finally {
      this.vars.length = mark;
    }
  }

  private walk(n: TNode, dot: unknown): void {
    switch (n.type) {
      case 'text':
        this.out.push(n.text);
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out.push(this.printable(v));
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'if':
      case 'with':
        return this.withScope(() => {
          const v = this.evalPipeline(dot, n.pipe);
          if (truth(v)) this.walkList(n.list, n.type === 'with' ? v : dot);
          else if (n.elseList) this.walkList(n.elseList, dot);
        });
      case 'range':
        return this.withScope(() => this.walkRange(n, dot));
    }
  }

  private walkRange(n: ControlNode, dot: unknown): void {
    // Evaluate without binding the declared variables; range binds them per item.
    const v = this.evalPipelineValue(dot, n.pipe);
    const u = unwrapGo(v);
    const entries: [unknown, unknown][] = [];
    if (Array.isArray(u)) u.forEach((e, i) => entries.push([i, e]));
    else if (isMapValue(u)) for (const k of Object.keys(u).sort()) entries.push([k, u[k]]);
    else if (typeof u === 'number' && goKind(v) === 'int') for (let i = 0; i < u; i++) entries.push([i, i]);
    else if (v !== MISSING && v !== null && v !== undefined) {
      this.fail(n.pipe.pos, n.pipe.text, `range can't iterate over ${sprintValue(v)}`);
    }
    if (entries.length === 0) {
      if (n.elseList) this.walkList(n.elseList, dot);
      return;
    }
    for (const [key, elem] of entries) {
      const mark = this.vars.length;
      if (n.pipe.decl.length === 1) this.vars.push({ name: n.pipe.decl[0], value: elem });
      else if (n.pipe.decl.length === 2) this.vars.push({ name: n.pipe.decl[0], value: key }, { name: n.pipe.decl[1], value: elem });
      try {
        this.walkList(n.list, elem);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (!(e instanceof ContinueSignal)) throw e;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private printable(v: unknown): string {
    if (v === MISSING || v === null || v === undefined) return '<no value>';
    return sprintValue(v);
  }

  private lookupVar(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return MISSING;
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
  }

  private evalPipelineValue(dot: unknown, pipe: Pipe): unknown {
    let value: unknown = undefined;
    let hasFinal = false;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, hasFinal ? value : MISSING, hasFinal);
      hasFinal = true;
    }
    // A nil interface result behaves like "no value" from here on.
    if (value === null || value === undefined) value = MISSING;
    return value;
  }

  private evalPipeline(dot: unknown, pipe: Pipe): unknown {
    const value = this.evalPipelineValue(dot, pipe);
    if (pipe.decl.length === 1) {
      if (pipe.isAssign) this.setVar(pipe.decl[0], value);
      else this.vars.push({ name: pipe.decl[0], value });
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: Cmd, final: unknown, hasFinal: boolean): unknown {
    const [first, ...rest] = cmd.args;
    if (first.kind === 'const' && first.value === null) this.fail(first.pos, 'nil', 'nil is not a command');
    if (first.kind === 'ident') return this.evalFunction(dot, first.name, rest, final, hasFinal, cmd);
    if (rest.length > 0 || hasFinal) {
      if (first.kind === 'field' || first.kind === 'var') {
        this.fail(first.pos, first.text, `${first.kind === 'field' ? first.names[first.names.length - 1] : first.name} is not a method but has arguments`);
      }
      this.fail(first.pos, cmd.text, `can't give argument to non-function ${first.text}`);
    }
    return this.evalArg(dot, first);
  }

  private evalArg(dot: unknown, a: Arg): unknown {
    switch (a.kind) {
      case 'dot':
        return dot;
      case 'const':
        return a.value;
      case 'field':
        return this.evalChain(dot, a.names, a);
      case 'var':
        return this.evalChain(this.lookupVar(a.name), a.names, a);
      case 'pipe':
        return this.evalChain(this.evalPipelineValue(dot, a.pipe), a.names, a);
      case 'ident':
        return this.evalFunction(dot, a.name, [], MISSING, false, { args: [a], pos: a.pos, text: a.text });
    }
  }

  private evalChain(receiver: unknown, names: string[], node: Arg): unknown {
    let cur = receiver;
    for (const name of names) {
      if (cur === MISSING) {
        if (this.missingError) this.fail(node.pos, node.text, `nil data; no entry for key "${name}"`);
        return MISSING;
      }
      if (cur === null || cur === undefined) this.fail(node.pos, node.text, `nil pointer evaluating interface {}.${name}`);
      if (!isMapValue(cur)) this.fail(node.pos, node.text, `can't evaluate field ${name} in type interface {}`);
      if (Object.prototype.hasOwnProperty.call(cur, name)) cur = cur[name];
      else {
        if (this.missingError) this.fail(node.pos, node.text, `map has no entry for key "${name}"`);
        cur = MISSING;
      }
    }
    return cur;
  }

  private evalFunction(dot: unknown, name: string, args: Arg[], final: unknown, hasFinal: boolean, cmd: Cmd): unknown {
    const argv = (): unknown[] => {
      const vals = args.map((a) => this.evalArg(dot, a));
      if (hasFinal) vals.push(final);
      // An invalid value passed as an interface{} argument arrives as nil.
      return vals.map((v) => (v === MISSING ? null : v));
    };
    const call = (fn: () => unknown): unknown => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof GoTemplateError) throw e;
        this.fail(cmd.pos, cmd.text, `error calling ${name}: ${messageOf(e)}`);
      }
    };
    const need = (n: number, vals: unknown[]): void => {
      if (vals.length !== n) this.fail(cmd.pos, cmd.text, `wrong number of args for ${name}: want ${n} got ${vals.length}`);
    };
    switch (name) {
      case 'and':
      case 'or': {
        const all = [...args.map((a) => () => this.evalArg(dot, a)), ...(hasFinal ? [() => final] : [])];
        if (all.length < 1) this.fail(cmd.pos, cmd.text, `wrong number of args for ${name}: want at least 1 got 0`);
        let v: unknown = MISSING;
        for (const get of all) {
          v = get();
          if (name === 'and' ? !truth(v) : truth(v)) return v;
        }
        return v;
      }
      case 'not': {
        const vals = args.map((a) => this.evalArg(dot, a));
        if (hasFinal) vals.push(final);
        need(1, vals);
        return !truth(vals[0]);
      }
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge': {
        const vals = args.map((a) => this.evalArg(dot, a));
        if (hasFinal) vals.push(final);
        return call(() => compare(name, vals));
      }
      case 'len': {
        const vals = argv();
        need(1, vals);
        return call(() => {
          const u = unwrapGo(vals[0]);
          if (u === null || u === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
          if (typeof u === 'string') return new GoInt(Buffer.byteLength(u, 'utf8'));
          if (Array.isArray(u)) return new GoInt(u.length);
          if (isMapValue(u)) return new GoInt(Object.keys(u).length);
          throw new Error(`len of type ${goKind(vals[0]) === 'int' ? 'int64' : goKind(vals[0]) === 'float' ? 'float64' : goKind(vals[0])}`);
        });
      }
      case 'index': {
        const vals = argv();
        if (vals.length < 1) this.fail(cmd.pos, cmd.text, 'wrong number of args for index: want at least 1 got 0');
        return call(() => {
          let item = vals[0];
          for (const idx of vals.slice(1)) {
            const u = unwrapGo(item);
            if (u === null || u === undefined) throw new Error('index of untyped nil');
            if (Array.isArray(u) || typeof u === 'string') {
              const i = goIntValue(idx);
              if (i === undefined) throw new Error(`cannot index slice/array with type ${idx === null ? 'nil' : goKind(idx) === 'float' ? 'float64' : goKind(idx)}`);
              const len = Array.isArray(u) ? u.length : Buffer.byteLength(u, 'utf8');
              if (i < 0 || i >= len) throw new Error(`index out of range: ${i}`);
              item = Array.isArray(u) ? u[i] : new GoInt(Buffer.from(u, 'utf8')[i]);
            } else if (isMapValue(u)) {
              if (typeof idx !== 'string') throw new Error(`value has type ${goKind(idx) === 'int' ? 'int' : goKind(idx)}; should be string`);
              item = Object.prototype.hasOwnProperty.call(u, idx) ? u[idx] : null;
            } else throw new Error(`can't index item of type ${goKind(item) === 'int' ? 'int64' : goKind(item) === 'float' ? 'float64' : goKind(item)}`);
          }
          return item;
        });
      }
      case 'print':
        return goSprint(argv());
      case 'println':
        return goSprintln(argv());
      case 'printf': {
        const vals = argv();
        if (vals.length < 1 || typeof vals[0] !== 'string') {
          this.fail(cmd.pos, cmd.text, vals.length < 1 ? 'wrong number of args for printf: want at least 1 got 0' : `wrong type for value; expected string; got ${goKind(vals[0])}`);
        }
        return goSprintf(vals[0], vals.slice(1));
      }
      case 'base64decode': {
        const vals = argv();
        need(1, vals);
        const text = vals[0];
        if (typeof text !== 'string') this.fail(cmd.pos, cmd.text, `wrong type for value; expected string; got ${goKind(text)}`);
        return call(() => base64decode(text));
      }
      case 'exists': {
        const vals = argv();
        let item = unwrapGo(vals[0]);
        for (const idx of vals.slice(1)) {
          const k = unwrapGo(idx);
          if (Array.isArray(item) && typeof k === 'number' && k >= 0 && k < item.length) item = item[k];
          else if (isMapValue(item) && typeof k === 'string' && Object.prototype.hasOwnProperty.call(item, k)) item = item[k];
          else return false;
        }
        return true;
      }
      default:
        this.fail(cmd.pos, cmd.text, `function "${name}" not defined`);
    }
  }
}

function basicKind(v: unknown): 'int' | 'float' | 'string' | 'bool' | 'invalid' {
  const k = v === MISSING ? 'nil' : goKind(v);
  return k === 'int' || k === 'float' || k === 'string' || k === 'bool' ? k : 'invalid';
}

/** The number or string under an int, float or string operand (basicKind checked before). */
function orderedValue(v: unknown): number | string {
  const u = unwrapGo(v);
  if (typeof u === 'number' || typeof u === 'string') return u;
  throw new Error('invalid type for comparison');
}

/** The value of an operand of Go kind int, undefined for any other kind. */
function goIntValue(v: unknown): number | undefined {
  if (goKind(v) !== 'int') return undefined;
  const u = unwrapGo(v);
  return typeof u === 'number' ? u : undefined;
}

/** text/template's eq/ne/lt/le/gt/ge over Go basic kinds. */
function compare(name: string, vals: unknown[]): boolean {
  if (vals.length < 2) throw new Error('missing argument for comparison');
  const [a, ...rest] = vals;
  if (name === 'eq' || name === 'ne') {
    if (name === 'ne' && rest.length !== 1) throw new Error(`wrong number of args for ne: want 2 got ${vals.length}`);
    const k1 = basicKind(a);
    for (const b of rest) {
      const k2 = basicKind(b);
      let equal = false;
      if (k1 !== k2) {
        const aValid = a !== MISSING;
        const bValid = b !== MISSING;
        // Non-basic operands (maps, lists, nil) only compare as nil-ness.
        if (k1 === 'invalid' && k2 === 'invalid') equal = (a === null || a === MISSING) && (b === null || b === MISSING);
        else if (aValid && bValid && a !== null && b !== null) throw new Error('incompatible types for comparison');
      } else if (k1 === 'invalid') {
        const an = a === null || a === MISSING;
        const bn = b === null || b === MISSING;
        if (!an && !bn) throw new Error(`non-comparable type ${formatGoValue(unwrapGo(b))}: map[string]interface {}`);
        equal = an === bn;
      } else equal = unwrapGo(a) === unwrapGo(b);
      if (name === 'ne') return !equal;
      if (equal) return true;
    }
    return false;
  }
  if (rest.length !== 1) throw new Error(`wrong number of args for ${name}: want 2 got ${vals.length}`);
  const b = rest[0];
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid' || k1 === 'bool' || k2 === 'bool') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  const x = orderedValue(a);
  const y = orderedValue(b);
  switch (name) {
    case 'lt': return x < y;
    case 'le': return x <= y;
    case 'gt': return x > y;
    default: return x >= y;
  }
}

/** A parsed go-template. Throws GoTemplateError (`template: output:1: ...`) on syntax errors. */
export class GoTemplate {
  private readonly tree: TNode[];

  constructor(readonly source: string) {
    this.tree = new TemplateParser(source).parse();
  }

  /**
   * Runs the template. Like Go, output produced before a failure is kept:
   * the result carries it along with the error.
   */
  execute(data: unknown, options: GoTemplateOptions = {}): { output: string; error?: GoTemplateError } {
    const ex = new Exec(this.source, options);
    try {
      ex.run(this.tree, data);
      return { output: ex.output() };
    } catch (e) {
      if (e instanceof GoTemplateError) return { output: ex.output(), error: e };
      throw e;
    }
  }
}

/**
 * `-o go-template=` for one object, as kubectl's printer behaves: on an
 * execution error the partial output and a debugging dump go to stdout, and
 * the error (kubectl's exact text, without `error: `) is returned.
 */
export function printGoTemplate(template: string, obj: unknown, options: GoTemplateOptions = {}): { stdout: string; error?: Error } {
  let t: GoTemplate;
  try {
    t = new GoTemplate(template);
  } catch (e) {
    return { stdout: '', error: new Error(`error parsing template ${template}, ${messageOf(e)}\n`) };
  }
  const { output, error } = t.execute(obj, options);
  if (!error) return { stdout: output };
  const dump =
    `Error executing template: ${error.message}. Printing more information for debugging the template:\n` +
    `\ttemplate was:\n\t\t${template}\n` +
    `\traw data was:\n\t\t${compactJson(obj, { sortKeys: options.sortRawKeys ?? true })}\n` +
    `\tobject given to template engine was:\n\t\t${formatGoValue(obj)}\n\n`;
  return { stdout: output + dump, error: new Error(`error executing template ${goQuote(template)}: ${error.message}`) };
}
