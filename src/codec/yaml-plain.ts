/**
 * A quick reader for the plain YAML that tools write for kubeconfig files
 * (kubectl's own writer, kind, the cloud CLIs): block mappings and
 * sequences of simple keys and scalars. It exists so that a command that
 * only reads its kubeconfig does not load the full YAML reader (js-yaml,
 * codec/yaml.ts), which costs a small command several milliseconds.
 *
 * It answers only where its answer is certainly the full reader's
 * (loadFirstYaml: go-yaml v2's rules); for anything else it returns
 * undefined and the caller uses the full reader. Read here:
 * - lines indented with spaces, without tabs, carriage returns, trailing
 *   blanks, comments after a value, or characters outside printable ASCII;
 *   whole-line comments and blank lines;
 * - keys of letters, digits, `_`, `.`, `/` and `-` that start with a letter
 *   or `_` and are not one of YAML 1.1's boolean or null words;
 * - values: nothing (null, or the block below), `{}`, `[]`, `true`,
 *   `false`, `null`, strings in double quotes without `\`, in single
 *   quotes without `'`, unquoted strings of a safe character set (base64
 *   data, URLs, paths, names, --flags) that do not start with a digit, `+`,
 *   `.` or a dash before anything but a letter or dash and are not one of
 *   YAML 1.1's words, and digits with two dots or more (10.0.0.1);
 * - `- ` sequence items holding a scalar or a mapping, at the parent key's
 *   indentation or deeper.
 * Everything else (numbers, anchors, tags, flow collections, block
 * scalars, document markers, duplicate keys, ...) goes to the full reader,
 * which also gives the errors.
 */
import type { Json, JsonMap } from './value.js';

interface Line {
  indent: number;
  text: string;
}

/** YAML 1.1 words go-yaml v2 reads as booleans or null (compared lowercased). */
const WORDS = new Set(['y', 'yes', 'n', 'no', 'on', 'off', 'true', 'false', 'null']);
const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
// a leading dash only before a letter or another dash (--flag, -v): -1, -.5 and -.inf are numbers
const PLAIN = /^(?:[A-Za-z_/]|-[A-Za-z-])[A-Za-z0-9_./:@+=,~%-]*$/;
// an IPv4 address and the like: more dots than any int or float has
const DOTTED_NUMBERS = /^[0-9]+(?:\.[0-9]+){2,}$/;
const MAX_DEPTH = 64;

/** The signal that the text is not one this reader answers for. */
class NotPlain extends Error {}

export function readPlainYaml(text: string): Json | undefined {
  if (/[^\x20-\x7e\n]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trimStart();
    if (trimmed === '' && raw === '') continue;
    if (trimmed === '' || raw.endsWith(' ')) return undefined;
    if (trimmed.startsWith('#')) continue;
    if (raw.includes(' #') || /^(---|\.\.\.|%)/.test(raw)) return undefined;
    lines.push({ indent: raw.length - trimmed.length, text: trimmed });
  }
  if (lines.length === 0) return undefined;
  try {
    const reader = new Reader(lines);
    const doc = reader.node(lines[0]!.indent, 0);
    return reader.done() ? doc : undefined;
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

const isItem = (l: Line | undefined): boolean => l !== undefined && (l.text === '-' || l.text.startsWith('- '));

class Reader {
  private at = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.at === this.lines.length;
  }

  node(indent: number, depth: number): Json {
    if (depth > MAX_DEPTH) throw new NotPlain();
    return isItem(this.lines[this.at]) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private mapping(indent: number, depth: number): JsonMap {
    const out: JsonMap = {};
    for (let l = this.lines[this.at]; l && l.indent === indent && !isItem(l); l = this.lines[this.at]) {
      const colon = l.text.indexOf(':');
      if (colon <= 0 || (colon + 1 < l.text.length && l.text[colon + 1] !== ' ')) throw new NotPlain();
      const key = l.text.slice(0, colon);
      if (!KEY.test(key) || WORDS.has(key.toLowerCase()) || key === '__proto__' || Object.hasOwn(out, key)) throw new NotPlain();
      const rest = l.text.slice(colon + 1).trimStart();
      this.at++;
      const next = this.lines[this.at];
      if (rest !== '') {
        out[key] = scalar(rest);
        if (next && next.indent > indent) throw new NotPlain();
      } else if (next && next.indent > indent) out[key] = this.node(next.indent, depth + 1);
      else if (next && next.indent === indent && isItem(next)) out[key] = this.sequence(indent, depth + 1);
      else out[key] = null;
    }
    return out;
  }

  private sequence(indent: number, depth: number): Json[] {
    const out: Json[] = [];
    for (let l = this.lines[this.at]; l && l.indent === indent && isItem(l); l = this.lines[this.at]) {
      const rest = l.text.slice(2);
      if (rest === '' || rest === '-' || rest.startsWith('- ')) throw new NotPlain();
      if (/^[^ '"]+:( |$)/.test(rest)) {
        // a mapping begins on the item's line: its keys stand two columns in
        this.lines[this.at] = { indent: indent + 2, text: rest };
        out.push(this.mapping(indent + 2, depth + 1));
      } else {
        out.push(scalar(rest));
        this.at++;
        const next = this.lines[this.at];
        if (next && next.indent > indent) throw new NotPlain();
      }
    }
    return out;
  }
}

function scalar(s: string): Json {
  if (s === '{}') return {};
  if (s === '[]') return [];
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    const inner = s.slice(1, -1);
    if (!/["\\]/.test(inner)) return inner;
  } else if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) {
    const inner = s.slice(1, -1);
    if (!inner.includes("'")) return inner;
  } else if ((PLAIN.test(s) && !s.endsWith(':') && !WORDS.has(s.toLowerCase())) || DOTTED_NUMBERS.test(s)) return s;
  throw new NotPlain();
}
