/**
 * Go's text/template as kubectl runs it for `-o go-template`: fields and chains
 * (`.a.b`, `$x.a`, `(pipe).a`), variables (`$`, `:=`, `=`), pipelines `|`,
 * `if`/`else if`/`else with`/`else`, `range` (lists, maps in key order,
 * integers; `$i, $e :=`; `break`/`continue`), `with`, `define`/`template`/
 * `block`, comments, trim markers `{{-` `-}}`; every builtin function (and, or,
 * not, eq, ne, lt, le, gt, ge, index, slice, len, call, html, js, urlquery,
 * print, printf, println) plus kubectl's base64decode and exists. Arguments are
 * converted to each function's parameter types with Go's errors. Missing keys
 * print `<no value>` (or fail with missingkey=error).
 */
import { formatGoValue, goQuote, isGoPrint } from './go-format.js';
import { compactJson } from '../codec/json.js';
import { GoFloat, GoInt, GoUint8, goKind, goSprint, goSprintf, goSprintln, sprintValue, typeName, unwrapGo } from './go-printf.js';
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

/** An integer constant beyond int64 (a uint64): text/template fails where it is used. */
class GoOverflow {
  constructor(readonly text: string) {}
}

/** A failure with Go's message (already prefixed `template: output:...`). */
export class GoTemplateError extends Error {}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue', 'define', 'template', 'block']);
const FUNCS = new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne', 'base64decode', 'exists']);

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
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'template'; name: string; pipe?: Pipe; pos: number; text: string };

/** text/template's IsEmptyTree: nothing but white space. */
function isEmptyTree(list: TNode[]): boolean {
  return list.every((n) => n.type === 'text' && n.text.trim() === '');
}

class TemplateParser {
  private readonly src: string;
  private pos = 0;
  private toks: Tok[] = [];
  private ti = 0;
  private actionPos = 0;
  private vars: string[][] = [['$']];
  private rangeDepth = 0;
  /** How deep in if/range/with/define bodies: {{define}} is only read at the top. */
  private depth = 0;
  /** Templates named by {{define}} and {{block}}. */
  readonly defs = new Map<string, TNode[]>();

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
    // The main template is "output"; a {{define "output"}} stands in for an empty one.
    const defined = this.defs.get('output');
    if (defined && !isEmptyTree(defined)) {
      if (!isEmptyTree(list)) this.fail('template: multiple definition of template "output"');
      return defined;
    }
    return list;
  }

  /** Adds a named template as text/template does: an empty body never replaces a full one. */
  private addDefinition(name: string, body: TNode[]): void {
    const old = this.defs.get(name);
    if (old === undefined || isEmptyTree(old)) this.defs.set(name, body);
    else if (!isEmptyTree(body)) this.fail(`template: multiple definition of template ${goQuote(name)}`);
  }

  /** The name after define/template/block: a string constant. */
  private templateName(context: string): string {
    const t = this.toks[this.ti];
    if (t?.type !== 'string') this.fail(t ? `unexpected ${goQuote(t.text)} in ${context}` : `unexpected "}}" in ${context}`);
    this.ti++;
    return String(t.value);
  }

  /** A template body up to its {{end}}, in a scope of its own (only $ is known). */
  private parseBody(context: string): TNode[] {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = [['$']];
    this.rangeDepth = 0;
    this.depth++;
    const [body, end] = this.parseList();
    this.depth--;
    this.vars = saved.vars;
    this.rangeDepth = saved.rangeDepth;
    if (end === 'eof') this.fail('unexpected EOF');
    if (end !== 'end') this.fail(`unexpected {{${end}}} in ${context}`);
    return body;
  }

  private parseDefine(): void {
    const name = this.templateName('define clause');
    const extra = this.toks[this.ti];
    if (extra) this.fail(`unexpected ${goQuote(extra.text)} in define clause`);
    this.addDefinition(name, this.parseBody('define clause'));
  }

  /** {{template "name" pipeline}} and {{block "name" pipeline}}body{{end}}. */
  private parseTemplateCall(kw: 'template' | 'block'): TNode {
    const context = `${kw} clause`;
    const nameTok = this.toks[this.ti];
    const name = this.templateName(context);
    let pipe: Pipe | undefined;
    if (this.ti < this.toks.length || kw === 'block') pipe = this.parsePipeline(context, true);
    const text = `{{template ${goQuote(name)}${pipe ? ' ' + pipe.text : ''}}}`;
    if (kw === 'block') this.addDefinition(name, this.parseBody(context));
    return { type: 'template', name, pipe, pos: nameTok.pos, text };
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
        if (kw === 'define') {
          if (this.depth > 0) this.fail('unexpected <define> in command');
          this.parseDefine();
          continue;
        }
        list.push(this.parseTemplateCall(kw === 'block' ? 'block' : 'template'));
        continue;
      }
      const pipe = this.parsePipeline('command', true);
      list.push({ type: 'action', pipe });
    }
  }

  private parseControl(kw: 'if' | 'with' | 'range'): TNode {
    this.vars.push([]);
    if (kw === 'range') this.rangeDepth++;
    const pipe = this.parsePipeline(kw, kw === 'range' || kw === 'with' || kw === 'if');
    this.depth++;
    let [list, end, rest] = this.parseList();
    this.depth--;
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
      this.depth++;
      [elseList, end] = this.parseList();
      this.depth--;
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
        if (isFloat) push('number', t, new GoFloat(Number(clean)));
        else {
          const neg = clean.startsWith('-');
          const body = clean.replace(/^[+-]/, '');
          const mag = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body.replace(/^0[oO]/, '0o'));
          const big = neg ? -mag : mag;
          if (big >= -(2n ** 63n) && big < 2n ** 63n) push('number', t, new GoInt(Number(big)));
          // A uint64 constant fails only when it is used (as an int).
          else if (big >= 0n && big < 2n ** 64n) push('number', t, new GoOverflow(t));
          else if (/^[+-]?[0-9]/.test(clean) && !/^[+-]?0[xXbBoO]/.test(clean)) this.fail(`integer overflow: ${goQuote(t)}`);
          else this.fail(`illegal number syntax: ${goQuote(t)}`);
        }
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

/** text/template's limit on templates invoked within templates. */
const MAX_EXEC_DEPTH = 100000;

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
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt) && !(v instanceof GoFloat) && !(v instanceof GoUint8) && !(v instanceof GoOverflow);

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
  /** iface: the value's static Go type is interface {} (an element of a map or array, not a pipeline's result). */
  private vars: { name: string; value: unknown; iface?: boolean }[] = [];
  /** Whether dot is an element of a map or array (range), which Go types as interface {}. */
  private ifaceDot = false;
  private readonly src: string;
  private readonly missingError: boolean;

  private readonly defs: Map<string, TNode[]>;
  private depth = 0;
  /** The template being run, for error messages. */
  private tmplName = 'output';

  constructor(src: string, opts: GoTemplateOptions, defs: Map<string, TNode[]>) {
    this.src = src;
    this.missingError = opts.allowMissingKeys === false;
    this.defs = defs;
  }

  output(): string {
    return this.out.join('');
  }

  private fail(pos: number, nodeText: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const line = before.split('\n').length;
    const col = Buffer.byteLength(before.slice(before.lastIndexOf('\n') + 1), 'utf8');
    throw new GoTemplateError(`template: output:${line}:${col}: executing ${goQuote(this.tmplName)} at <${nodeText}>: ${msg}`);
  }

  run(list: TNode[], dot: unknown): void {
    this.vars.push({ name: '$', value: dot });
    this.walkList(list, dot);
  }

  private walkList(list: TNode[], dot: unknown, ifaceDot = this.ifaceDot): void {
    const saved = this.ifaceDot;
    this.ifaceDot = ifaceDot;
    try {
      for (const n of list) this.walk(n, dot);
    } finally {
      this.ifaceDot = saved;
    }
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
          if (truth(v)) {
            if (n.type === 'with') this.walkList(n.list, v, false);
            else this.walkList(n.list, dot);
          }
          else if (n.elseList) this.walkList(n.elseList, dot);
        });
      case 'range':
        return this.withScope(() => this.walkRange(n, dot));
      case 'template':
        return this.walkTemplate(n, dot);
    }
  }

  private walkTemplate(n: { name: string; pipe?: Pipe; pos: number; text: string }, dot: unknown): void {
    const body = this.defs.get(n.name);
    if (body === undefined) this.fail(n.pos, n.text, `template ${goQuote(n.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.fail(n.pos, n.text, `exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    // Variables the pipeline declares stay in this template's scope; the callee sees only $.
    const arg = n.pipe ? this.evalPipeline(dot, n.pipe) : MISSING;
    const saved = { vars: this.vars, name: this.tmplName };
    this.vars = [{ name: '$', value: arg }];
    this.tmplName = n.name;
    this.depth++;
    try {
      this.walkList(body, arg, false);
    } catch (e) {
      // JavaScript's stack ends long before Go's limit on nested templates.
      if (e instanceof RangeError) this.fail(n.pos, n.text, `exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      throw e;
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tmplName = saved.name;
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
    const iterable = Array.isArray(u) || isMapValue(u);
    for (const [key, elem] of entries) {
      const mark = this.vars.length;
      if (n.pipe.decl.length === 1) this.vars.push({ name: n.pipe.decl[0], value: elem, iface: iterable });
      else if (n.pipe.decl.length === 2) this.vars.push({ name: n.pipe.decl[0], value: key }, { name: n.pipe.decl[1], value: elem, iface: iterable });
      try {
        this.walkList(n.list, elem, iterable);
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

  private lookupVarEntry(name: string): { value: unknown; iface?: boolean } | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    return undefined;
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
        if (a.value instanceof GoOverflow) this.fail(a.pos, a.text, `${a.text} overflows int`);
        return a.value;
      case 'field':
        return this.evalChain(dot, a.names, a, this.ifaceDot);
      case 'var':
        return this.evalChain(this.lookupVar(a.name), a.names, a, this.lookupVarEntry(a.name)?.iface === true);
      case 'pipe':
        return this.evalChain(this.evalPipelineValue(dot, a.pipe), a.names, a, false);
      case 'ident':
        return this.evalFunction(dot, a.name, [], MISSING, false, { args: [a], pos: a.pos, text: a.text });
    }
  }

  private evalChain(receiver: unknown, names: string[], node: Arg, ifaceReceiver: boolean): unknown {
    let cur = receiver;
    let iface = ifaceReceiver;
    for (const name of names) {
      if (cur === MISSING) {
        if (this.missingError) this.fail(node.pos, node.text, `nil data; no entry for key "${name}"`);
        return MISSING;
      }
      if (cur === null || cur === undefined) this.fail(node.pos, node.text, `nil pointer evaluating interface {}.${name}`);
      if (!isMapValue(cur)) this.fail(node.pos, node.text, `can't evaluate field ${name} in type ${iface ? 'interface {}' : typeName(cur)}`);
      iface = true;
      if (Object.prototype.hasOwnProperty.call(cur, name)) cur = cur[name];
      else {
        if (this.missingError) this.fail(node.pos, node.text, `map has no entry for key "${name}"`);
        cur = MISSING;
      }
    }
    return cur;
  }

  /** An operand given to a function parameter of the given Go type (text/template's evalArg). */
  private evalTypedArg(dot: unknown, param: Param, a: Arg): unknown {
    if (a.kind === 'const') {
      if (a.value === null) {
        if (param === 'string') this.fail(a.pos, a.text, 'cannot assign nil to string');
        return param === 'value' ? MISSING : null;
      }
      if (param === 'string') {
        if (typeof a.value !== 'string') this.fail(a.pos, a.text, `expected string; found ${a.text}`);
        return a.value;
      }
      return this.evalArg(dot, a);
    }
    return this.validateType(this.evalArg(dot, a), param, a);
  }

  /** text/template's validateType: a value against a parameter's type. */
  private validateType(v: unknown, param: Param, at: { pos: number; text: string }): unknown {
    if (v === MISSING || v === undefined) {
      if (param === 'string') this.fail(at.pos, at.text, 'invalid value; expected string');
      return param === 'value' ? MISSING : null;
    }
    if (param === 'string' && typeof v !== 'string') {
      // A JSON null reached through a map is a nil interface {} value.
      this.fail(at.pos, at.text, `wrong type for value; expected string; got ${v === null ? 'interface {}' : goTypeOf(v)}`);
    }
    return v;
  }

  private evalFunction(dot: unknown, name: string, args: Arg[], final: unknown, hasFinal: boolean, cmd: Cmd): unknown {
    const ident = cmd.args[0];
    const sig = SIGNATURES[name];
    const numIn = args.length + (hasFinal ? 1 : 0);
    if (sig.variadic !== undefined) {
      if (numIn < sig.fixed.length) this.fail(ident.pos, name, `wrong number of args for ${name}: want at least ${sig.fixed.length} got ${args.length}`);
    } else if (numIn !== sig.fixed.length) this.fail(ident.pos, name, `wrong number of args for ${name}: want ${sig.fixed.length} got ${numIn}`);
    const paramAt = (i: number): Param => (i < sig.fixed.length ? sig.fixed[i] : sig.variadic!);
    if (name === 'and' || name === 'or') {
      // These two stop at the first operand that decides the result.
      let v: unknown = MISSING;
      for (const a of args) {
        v = this.evalTypedArg(dot, 'value', a);
        if (truth(v) === (name === 'or')) return v;
      }
      return hasFinal ? final : v;
    }
    const vals = args.map((a, i) => this.evalTypedArg(dot, paramAt(i), a));
    if (hasFinal) vals.push(this.validateType(final, paramAt(numIn - 1), args.length > 0 ? args[args.length - 1] : { pos: ident.pos, text: name }));
    const call = (fn: () => unknown): unknown => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof GoTemplateError) throw e;
        this.fail(cmd.pos, cmd.text, `error calling ${name}: ${messageOf(e)}`);
      }
    };
    switch (name) {
      case 'call': {
        // No value in an object is a function: call always fails, as Go's does on data.
        const callee = args.length > 0 ? args[0].text : reflectValueString(final);
        return call(() => {
          const fn = vals[0];
          if (fn === MISSING || fn === null) throw new Error('call of nil');
          throw new Error(`non-function ${callee} of type ${goTypeOf(fn)}`);
        });
      }
      case 'html':
        return htmlEscape(evalArgsString(vals));
      case 'js':
        return jsEscape(evalArgsString(vals));
      case 'urlquery':
        return queryEscape(evalArgsString(vals));
      case 'not':
        return !truth(vals[0]);
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
        return call(() => compare(name, vals));
      case 'len':
        return call(() => goLen(vals[0]));
      case 'index':
        return call(() => goIndex(vals[0], vals.slice(1)));
      case 'slice':
        return call(() => goSlice(vals[0], vals.slice(1)));
      case 'print':
        return goSprint(vals);
      case 'println':
        return goSprintln(vals);
      case 'printf':
        return goSprintf(String(vals[0]), vals.slice(1));
      case 'base64decode':
        return call(() => base64decode(String(vals[0])));
      case 'exists':
        return goExists(vals[0], vals.slice(1));
      default:
        this.fail(cmd.pos, cmd.text, `function "${name}" not defined`);
    }
  }
}

/** The Go type of a parameter, as far as these functions need: reflect.Value, interface{} or string. */
type Param = 'value' | 'any' | 'string';

/** The parameter lists of text/template's builtins and kubectl's two functions. */
const SIGNATURES: Record<string, { fixed: Param[]; variadic?: Param }> = {
  and: { fixed: ['value'], variadic: 'value' },
  or: { fixed: ['value'], variadic: 'value' },
  call: { fixed: ['value'], variadic: 'value' },
  html: { fixed: [], variadic: 'any' },
  js: { fixed: [], variadic: 'any' },
  urlquery: { fixed: [], variadic: 'any' },
  index: { fixed: ['value'], variadic: 'value' },
  slice: { fixed: ['value'], variadic: 'value' },
  len: { fixed: ['value'] },
  not: { fixed: ['value'] },
  print: { fixed: [], variadic: 'any' },
  println: { fixed: [], variadic: 'any' },
  printf: { fixed: ['string'], variadic: 'any' },
  eq: { fixed: ['value'], variadic: 'value' },
  ne: { fixed: ['value', 'value'] },
  lt: { fixed: ['value', 'value'] },
  le: { fixed: ['value', 'value'] },
  gt: { fixed: ['value', 'value'] },
  ge: { fixed: ['value', 'value'] },
  base64decode: { fixed: ['string'] },
  exists: { fixed: ['any'], variadic: 'any' },
};

/** The Go type name of a template value (template constants are int and float64; data numbers int64 and float64). */
function goTypeOf(v: unknown): string {
  return v === MISSING ? '<nil>' : typeName(v);
}

/** reflect.Value's String(): a string's text, else `<TYPE Value>`. */
function reflectValueString(v: unknown): string {
  if (v === MISSING) return '<invalid Value>';
  if (typeof v === 'string') return v;
  return `<${v === null ? 'interface {}' : goTypeOf(v)} Value>`;
}

/** html/js/urlquery's text: fmt.Sprint of the operands, a missing one as "<no value>". */
function evalArgsString(vals: unknown[]): string {
  if (vals.length === 1 && typeof vals[0] === 'string') return vals[0];
  return goSprint(vals.map((v) => (v === null || v === MISSING ? '<no value>' : v)));
}

/** text/template's HTMLEscapeString. */
export function htmlEscape(s: string): string {
  const map: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
  return s.replace(/[\0"'&<>]/g, (c) => map[c]);
}

/** text/template's JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '\\': out += '\\\\'; continue;
      case "'": out += "\\'"; continue;
      case '"': out += '\\"'; continue;
      case '<': out += '\\u003C'; continue;
      case '>': out += '\\u003E'; continue;
      case '&': out += '\\u0026'; continue;
      case '=': out += '\\u003D'; continue;
      default: break;
    }
    if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp < 0x80 || isGoPrint(cp)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** net/url's QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** An integer operand's value for indexing, or the error text text/template gives. */
function indexArg(idx: unknown, cap: number): number {
  if (idx === MISSING || idx === null) throw new Error('cannot index slice/array with nil');
  const k = goKind(idx);
  if (k !== 'int' && k !== 'uint') throw new Error(`cannot index slice/array with type ${goTypeOf(idx)}`);
  const x = Number(unwrapGo(idx));
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

/** Where a slice made by `slice` sits in the array it shares. */
interface SliceWindow {
  base: unknown[];
  offset: number;
  cap: number;
}
const sliceWindows = new WeakMap<unknown[], SliceWindow>();

/**
 * The capacity Go's JSON decoder leaves on an array of n elements (it appends
 * one at a time to an empty []interface {}): `slice` may reach up to it.
 */
export function decodedCap(n: number): number {
  // Go 1.24's growth for 16-byte elements, with its allocation size classes.
  const caps = [0, 1, 2, 4, 8, 16, 32, 71, 143, 303, 591, 1023, 1535, 2560, 3584, 5120, 6656, 8704, 11264, 14336, 18432, 23552, 29696, 37376, 47104, 59392, 74752, 93696, 117760, 147456, 184832, 231424, 289792, 362496, 453632, 567296, 709632, 887296, 1109504, 1387520, 1734656, 2168832];
  let c = caps.find((x) => x >= n);
  if (c !== undefined) return c;
  c = caps[caps.length - 1];
  while (c < n) {
    c += Math.floor((c + 768) / 4);
    c = Math.ceil((c * 16) / 8192) * 512;
  }
  return c;
}

function windowOf(a: unknown[]): SliceWindow {
  return sliceWindows.get(a) ?? { base: a, offset: 0, cap: decodedCap(a.length) };
}

/** text/template's len. */
function goLen(v: unknown): GoInt {
  if (v === MISSING) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (v === null) throw new Error('len of nil pointer');
  if (typeof v === 'string') return new GoInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return new GoInt(v.length);
  if (isMapValue(v)) return new GoInt(Object.keys(v).length);
  throw new Error(`len of type ${goTypeOf(v)}`);
}

/** text/template's index. */
function goIndex(item: unknown, indexes: unknown[]): unknown {
  if (item === MISSING || item === null) throw new Error('index of untyped nil');
  for (const idx of indexes) {
    if (item === null) throw new Error('index of nil pointer');
    if (Array.isArray(item) || typeof item === 'string') {
      const len = Array.isArray(item) ? item.length : Buffer.byteLength(item, 'utf8');
      const x = indexArg(idx, len);
      if (x === len) throw new Error(`reflect: ${Array.isArray(item) ? 'slice' : 'string'} index out of range`);
      item = Array.isArray(item) ? item[x] : new GoUint8(Buffer.from(item, 'utf8')[x]);
    } else if (isMapValue(item)) {
      if (idx === MISSING || idx === null) throw new Error('value is nil; should be of type string');
      if (typeof idx !== 'string') throw new Error(`value has type ${goTypeOf(idx)}; should be string`);
      item = Object.prototype.hasOwnProperty.call(item, idx) ? item[idx] : null;
    } else throw new Error(`can't index item of type ${goTypeOf(item)}`);
  }
  return item;
}

/** text/template's slice: x[i], x[i:j], x[i:j:k] over strings and arrays (arrays up to their capacity). */
function goSlice(item: unknown, indexes: unknown[]): unknown {
  if (item === MISSING || item === null) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = cap = Buffer.byteLength(item, 'utf8');
  } else if (Array.isArray(item)) {
    len = item.length;
    cap = windowOf(item).cap;
  } else throw new Error(`can't slice item of type ${goTypeOf(item)}`);
  const idx = [0, len, cap];
  indexes.forEach((v, i) => (idx[i] = indexArg(v, cap)));
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  const w = windowOf(item as unknown[]);
  const out: unknown[] = [];
  for (let p = w.offset + idx[0]; p < w.offset + idx[1]; p++) out.push(p < w.base.length ? w.base[p] : null);
  sliceWindows.set(out, { base: w.base, offset: w.offset + idx[0], cap: (indexes.length === 3 ? idx[2] : cap) - idx[0] });
  return out;
}

/** kubectl's exists: whether index would find a non-nil value. */
function goExists(item: unknown, indexes: unknown[]): boolean {
  let v = item;
  let fromContainer = false;
  for (const idx of indexes) {
    if (v === null || v === MISSING) return false;
    if (Array.isArray(v) || typeof v === 'string') {
      const k = goKind(idx);
      if (k !== 'int' && k !== 'uint') return false;
      const x = Number(unwrapGo(idx));
      const len = Array.isArray(v) ? v.length : Buffer.byteLength(v, 'utf8');
      if (x < 0 || x >= len) return false;
      v = Array.isArray(v) ? v[x] : new GoUint8(Buffer.from(v, 'utf8')[x]);
    } else if (isMapValue(v)) {
      const key = idx === null || idx === MISSING ? '' : idx;
      if (typeof key !== 'string') return false;
      v = Object.prototype.hasOwnProperty.call(v, key) ? v[key] : null;
    } else return false;
    fromContainer = true;
  }
  // A nil element is not there; a nil operand with nothing to index is.
  return !(fromContainer && v === null);
}

function basicKind(v: unknown): 'int' | 'uint' | 'float' | 'string' | 'bool' | 'invalid' {
  const k = v === MISSING ? 'nil' : goKind(v);
  return k === 'int' || k === 'uint' || k === 'float' || k === 'string' || k === 'bool' ? k : 'invalid';
}

/** Go compares signed and unsigned integers by value. */
const intLike = (k: string): boolean => k === 'int' || k === 'uint';

/** The number or string under an int, float or string operand (basicKind checked before). */
function orderedValue(v: unknown): number | string {
  const u = unwrapGo(v);
  if (typeof u === 'number' || typeof u === 'string') return u;
  throw new Error('invalid type for comparison');
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
      if (k1 !== k2 && intLike(k1) && intLike(k2)) equal = unwrapGo(a) === unwrapGo(b);
      else if (k1 !== k2) {
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
  if (k1 !== k2 && !(intLike(k1) && intLike(k2))) throw new Error('incompatible types for comparison');
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
  private readonly defs: Map<string, TNode[]>;

  constructor(readonly source: string) {
    const parser = new TemplateParser(source);
    this.tree = parser.parse();
    this.defs = parser.defs;
  }

  /**
   * Runs the template. Like Go, output produced before a failure is kept:
   * the result carries it along with the error.
   */
  execute(data: unknown, options: GoTemplateOptions = {}): { output: string; error?: GoTemplateError } {
    const ex = new Exec(this.source, options, this.defs);
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
