/**
 * The one YAML reader, with kubectl's semantics: kubectl turns YAML into
 * JSON with sigs.k8s.io/yaml over go-yaml v2, so every YAML ktl reads
 * (manifests, kubeconfig files, patch bodies, edited objects) resolves
 * plain scalars as go-yaml v2 does:
 * - booleans: y, yes, on, true, n, no, off, false (in their Go spellings);
 * - integers: Go's ParseInt with base prefix (0x, 0o, 0b, and a leading 0
 *   for octal: 0755 is 493), underscores ignored, up to uint64;
 * - floats: 1.5, .5, 1e3, .inf, .nan; a decimal too large for uint64;
 * - null: ~, null, empty; timestamps stay the strings as written;
 * - !!binary becomes its decoded text; map keys become strings (true, 493 ...).
 * Documents with more alias expansion than go-yaml allows are refused.
 */
import yaml from 'js-yaml';
import { KtlError } from '../errors.js';
import { depthLimited, KTL_DEPTH_MESSAGE, KTL_MAX_DEPTH } from './depth.js';
import { quoteJsonString } from './json.js';
import { isRecord } from './value.js';

/** An integer or float as its exact JSON text (patch bodies keep big integers exact). */
export class GoNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Hint = 'num' | 'dot' | 'other';
const hintOf = (s: string): Hint => (/^[0-9+-]/.test(s) ? 'num' : s.startsWith('.') ? 'dot' : 'other');

const BOOLS: Record<string, boolean> = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS[s] = true;
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS[s] = false;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64): the value, or undefined. */
function goParseInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2]!;
  let v: bigint;
  if (/^0[xXbBoO]/.test(digits)) v = BigInt(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  if (m[1] === '-') v = -v;
  if (v < INT64_MIN || v > UINT64_MAX || (m[1] !== '' && v > 2n ** 63n - 1n)) return undefined;
  return v;
}

/** What go-yaml v2 makes of a plain scalar that is a number, or undefined. */
function resolveNumber(s: string): { int?: bigint; float?: number } | undefined {
  if (Object.hasOwn(SPECIAL_FLOATS, s)) return { float: SPECIAL_FLOATS[s]! };
  const hint = hintOf(s);
  if (hint === 'dot') {
    const f = goParseFloat(s);
    return f === undefined ? undefined : { float: f };
  }
  if (hint !== 'num') return undefined;
  const plain = s.replace(/_/g, '');
  const int = goParseInt(plain);
  if (int !== undefined) return { int };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return { float: f };
  }
  return undefined;
}

function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const f = Number(s);
  // Go: a value out of float64's range is an error (kept as a string)
  return Number.isFinite(f) ? f : undefined;
}

function makeSchema(exact: boolean): yaml.Schema {
  const num = (v: { int?: bigint; float?: number }): unknown => {
    if (v.int !== undefined) return exact ? new GoNumber(v.int.toString()) : Number(v.int);
    return exact && Number.isFinite(v.float!) ? new GoNumber(goFloat(v.float!)) : v.float;
  };
  const nullType = new yaml.Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: (d: string) => NULLS.has(d),
    construct: () => null,
    predicate: (v: unknown) => v === null,
    represent: { lowercase: () => 'null' },
    defaultStyle: 'lowercase',
  });
  const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (d: string) => Object.hasOwn(BOOLS, d),
    construct: (d: string) => BOOLS[d],
    predicate: (v: unknown) => typeof v === 'boolean',
    represent: { lowercase: (v: object) => (v ? 'true' : 'false') },
    defaultStyle: 'lowercase',
  });
  const intType = new yaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (d: string) => resolveNumber(d)?.int !== undefined,
    construct: (d: string) => num(resolveNumber(d)!),
  });
  const floatType = new yaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (d: string) => {
      const r = resolveNumber(d);
      return r !== undefined && r.int === undefined;
    },
    construct: (d: string) => num(resolveNumber(d)!),
  });
  // go-yaml v2 decodes !!binary into a string of its bytes
  const binaryType = new yaml.Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (d: string) => /^[A-Za-z0-9+/=\s]*$/.test(d),
    construct: (d: string) => Buffer.from(d.replace(/\s/g, ''), 'base64').toString('utf8'),
  });
  // js-yaml's own merge type (types/merge.js), which its typings do not export: the loader merges keys of this tag
  const mergeType = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (d: string | null) => d === '<<' || d === null });
  return yaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType, mergeType], explicit: [binaryType] });
}

/** Values as JavaScript numbers (manifests, kubeconfig, edited objects). */
export const GO_YAML_SCHEMA = makeSchema(false);
/** Numbers as GoNumber, their exact JSON text (patch bodies). */
const EXACT_SCHEMA = makeSchema(true);

/** go-yaml v2's alias limits (its allowedAliasRatio): beyond them a document is refused. */
const ALIAS_MIN_DECODES = 400_000;
const ALIAS_MAX_DECODES = 4_000_000;

/**
 * The value as JSON data, the way sigs.k8s.io/yaml hands it on: keys are
 * strings, shared (aliased) nodes copied. Refuses documents whose aliases
 * expand far beyond their size (the "billion laughs"), as go-yaml does.
 */
function toJsonData(v: unknown): unknown {
  const seen = new Set<object>();
  let decodes = 0;
  let aliased = 0;
  const walk = (x: unknown): unknown => {
    decodes++;
    if (x === null || x === undefined) return null;
    if (typeof x !== 'object' || x instanceof GoNumber) return x;
    const again = seen.has(x);
    if (again) aliased++;
    else seen.add(x);
    if (decodes > ALIAS_MIN_DECODES && (decodes > ALIAS_MAX_DECODES || aliased / decodes > 0.99)) {
      throw new KtlError('yaml: document contains excessive aliasing');
    }
    if (Array.isArray(x)) return x.map(walk);
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(x)) out[k] = walk(val);
    return out;
  };
  return walk(v);
}

export interface LoadOptions {
  /** named in js-yaml's own messages */
  filename?: string;
  /** js-yaml's nesting limit; KTL_MAX_DEPTH unless the run has a larger stack */
  maxDepth?: number;
}

/** One YAML document (the first; an empty text is null) as JSON data, kubectl's way. Throws js-yaml's error on bad syntax. */
export function loadYaml(text: string, o: LoadOptions = {}): unknown {
  return toJsonData(yaml.load(text, depthLimited({ schema: GO_YAML_SCHEMA, json: true, filename: o.filename }, o.maxDepth)));
}

/** Every document of a YAML stream as JSON data. */
export function loadAllYaml(text: string): unknown[] {
  return yaml.loadAll(text, undefined, depthLimited({ schema: GO_YAML_SCHEMA, json: true })).map(toJsonData);
}

/**
 * The first document of a stream as JSON data, as sigs.k8s.io/yaml's
 * Unmarshal reads it (kubeconfig files): go-yaml stops after that document,
 * so what follows its end is never parsed. Lines keep their numbers.
 */
export function loadFirstYaml(text: string): unknown {
  const lines = text.split('\n');
  let started = false;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!;
    if (/^---(\s|$)/.test(t)) {
      // a marker opens the first document, or ends it once one has begun
      if (started) {
        end = i;
        break;
      }
      started = true;
    } else if (t.trim() !== '' && !t.startsWith('#') && !t.startsWith('%')) started = true;
  }
  return loadAllYaml(lines.slice(0, end).join('\n'))[0] ?? null;
}

/**
 * kubectl's util/yaml.ToJSON for patch bodies: text that starts with `{` is
 * JSON and is sent as written; anything else is YAML, converted to compact
 * JSON with Go's escaping, integers exact. Errors as kubectl words them
 * (`yaml: line N: ...`, `json: unsupported value: +Inf`).
 */
export function yamlToJson(text: string): string {
  if (/^\s*\{/.test(text)) return text;
  let v: unknown;
  try {
    v = toJsonData(yaml.load(text, depthLimited({ schema: EXACT_SCHEMA, json: true })) ?? null);
  } catch (e) {
    if (e instanceof KtlError) throw e;
    throw new KtlError(`yaml: ${goYamlError(text, e)}`);
  }
  return encodeJson(v);
}

/** Compact JSON as Go's encoding/json writes it (keys in document order). */
function encodeJson(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof GoNumber) return v.text;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new KtlError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
    return goFloat(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (Array.isArray(v)) return `[${v.map(encodeJson).join(',')}]`;
  return `{${Object.entries(isRecord(v) ? v : {}).map(([k, x]) => `${quoteJsonString(k)}:${encodeJson(x)}`).join(',')}}`;
}

/** A float64 as encoding/json prints it (JavaScript's shortest form, which Go's matches). */
function goFloat(f: number): string {
  return Object.is(f, -0) ? '-0' : String(f);
}


/** Splits a YAML stream on `---` lines (a comment may follow), keeping each chunk's text. */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        docs.push(cur.join('\n'));
        cur = [];
        continue;
      }
    }
    cur.push(line);
  }
  docs.push(cur.join('\n'));
  return docs;
}

/**
 * The innermost flow collection still open at the end of `text` ('{' or
 * '['), ignoring quoted text and comments, and whether anything follows it.
 */
function openFlow(text: string): { ch?: string; empty: boolean } {
  const stack: Array<{ ch: string; at: number }> = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '[') stack.push({ ch: c, at: i });
    else if ((c === '}' || c === ']') && stack.length) stack.pop();
  }
  const top = stack[stack.length - 1];
  return { ch: top?.ch, empty: !!top && text.slice(top.at + 1).trim() === '' };
}

function flowEndMessage(text: string): string {
  const open = openFlow(text);
  return open.empty ? 'did not find expected node content' : `did not find expected ',' or '${open.ch === '[' ? ']' : '}'}'`;
}

/** What goYamlError reads of a parse failure: js-yaml's reason and mark (line, column from 0), else the message. */
function yamlFailure(e: unknown): { reason?: string; message: string; mark?: { line: number; column: number } } {
  if (typeof e !== 'object' || e === null) return { message: String(e) };
  const reason = 'reason' in e && typeof e.reason === 'string' ? e.reason : undefined;
  const message = 'message' in e ? String(e.message) : String(e);
  const m = 'mark' in e && typeof e.mark === 'object' && e.mark !== null ? e.mark : undefined;
  const mark = m && 'line' in m && typeof m.line === 'number' && 'column' in m && typeof m.column === 'number' ? { line: m.line, column: m.column } : undefined;
  return { reason, message, mark };
}

/**
 * go-yaml's wording and line for a js-yaml error, for the errors people
 * actually make (verified against kubectl on samples of each); other errors
 * keep js-yaml's reason at its line. go-yaml counts parser errors' lines from
 * 0 and scanner errors' from 1, which is why some lines are one less, and
 * names no line for an error on the first line.
 */
export function goYamlError(text: string, e: unknown): string {
  if (e instanceof KtlError) return e.message.replace(/^yaml: /, '');
  const err = yamlFailure(e);
  const reason = err.reason ?? err.message;
  const l = err.mark?.line ?? 0;
  const lines = text.split('\n');
  const rest = (lines[l] ?? '').slice(err.mark?.column ?? 0);
  const at = (n: number, msg: string) => `line ${n}: ${msg}`;
  // a scanner error: counted from 1, no line at all on the first
  const scan = (msg: string) => (l === 0 ? msg : at(l + 1, msg));
  if (reason === 'document contains excessive aliasing') return reason;
  if (/^nesting exceeded maxDepth/.test(reason)) return at(l + 1, KTL_DEPTH_MESSAGE);
  const alias = /^unidentified alias "(.*)"$/.exec(reason);
  if (alias) return `unknown anchor '${alias[1]}' referenced`;
  if (reason === 'unexpected end of the stream within a flow collection') {
    return at(l, flowEndMessage(text));
  }
  if (/^unexpected end of the stream within a (single|double) quoted scalar$/.test(reason)) {
    // js-yaml ends the text with a newline; go-yaml stops on the last line itself
    const goLine = text.endsWith('\n') ? l : l - 1;
    return goLine === 0 ? 'found unexpected end of stream' : at(goLine + 1, 'found unexpected end of stream');
  }
  if (reason === 'tab characters must not be used in indentation') {
    // after a plain scalar go-yaml reads the tab as that scalar's continuation
    const prev = lines.slice(0, l).filter((t) => t.trim() !== '').pop() ?? '';
    if (/(^\s*-|:)\s+[^\s"'[{|>&*!#]/.test(prev)) return scan('found a tab character that violates indentation');
    return scan('found character that cannot start any token');
  }
  // a directive's name ends at a blank, else go-yaml stops on it
  const badDirective = (k: number) => /^%[A-Za-z0-9_-]*[^A-Za-z0-9_\s-]/.test(lines[k] ?? '');
  if (reason === 'directives end mark is expected') {
    const k = lines.findIndex((t) => t.startsWith('%'));
    if (badDirective(k)) return k === 0 ? 'found unexpected non-alphabetical character' : at(k + 1, 'found unexpected non-alphabetical character');
  }
  if (reason === 'end of the stream or a document separator is expected') {
    const line = lines[l] ?? '';
    if (badDirective(l)) return scan('found unexpected non-alphabetical character');
    if (/^[\t@`%]/.test(line)) return scan('found character that cannot start any token');
    // a key at the left margin after a top-level block sequence
    const before = lines.slice(0, l).filter((t) => t.trim() !== '' && !t.startsWith('#') && !/^\s/.test(t));
    if (/^-( |$)/.test(before[before.length - 1] ?? '')) return at(l, "did not find expected '-' indicator");
  }
  if (reason === 'missed comma between flow collection entries') {
    const upTo = lines.slice(0, l).join('\n') + '\n' + (lines[l] ?? '').slice(0, err.mark?.column ?? 0);
    return at(l, `did not find expected ',' or '${openFlow(upTo).ch === '[' ? ']' : '}'}'`);
  }
  if (reason === 'unknown escape sequence') return scan('found unknown escape character');
  if (reason === 'bad indentation of a sequence entry') return at(l, 'did not find expected key');
  if (reason === 'bad indentation of a mapping entry') {
    if (rest.startsWith(':')) return scan('mapping values are not allowed in this context');
    if (/^[@`%]/.test(rest)) return scan('found character that cannot start any token');
    // a key where a block sequence at the same indentation expects its next "- "
    const indent = (t: string) => t.length - t.trimStart().length;
    const here = lines[l] ?? '';
    for (let k = l - 1; k >= 0; k--) {
      const prev = lines[k]!;
      if (prev.trim() === '') continue;
      if (indent(prev) < indent(here)) break;
      if (indent(prev) === indent(here)) {
        if (/^-( |$)/.test(prev.trimStart())) return at(l, "did not find expected '-' indicator");
        break;
      }
    }
    return at(l, 'did not find expected key');
  }
  if (/^can not read (an implicit mapping pair|a block mapping entry)/.test(reason)) {
    let k = Math.min(l, lines.length - 1);
    while (k > 0 && (lines[k] ?? '').trim() === '') k--;
    return at(k + 2, "could not find expected ':'");
  }
  return at(l + 1, reason);
}
