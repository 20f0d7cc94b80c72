/**
 * apimachinery's labels.Parse on the client: the lexer and parser kubectl
 * runs on a selector it turns into a LabelSelector itself (create pdb
 * --selector, set selector), with their error texts. (`-l` of get, label,
 * delete ... is sent to the server as typed.)
 */
import { goQuote } from '../printers/go-format.js';
import { labelValueErrors, qualifiedNameErrors } from '../node/taint.js';

type Tok =
  | 'error'
  | 'eos'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const KEYWORDS: Record<string, Tok> = {
  ')': 'closedPar',
  ',': 'comma',
  '!': 'doesNotExist',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'greaterThan',
  in: 'in',
  '<': 'lessThan',
  '!=': 'notEquals',
  notin: 'notIn',
  '(': 'openPar',
};

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

interface Item {
  tok: Tok;
  lit: string;
}

/** The lexer over the selector's bytes (a NUL ends it, as Go's lexer reads 0 as the end). */
function lex(input: string): Item[] {
  const s = Buffer.from(input, 'utf8').toString('latin1');
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++]! : '\0');
  const items: Item[] = [];
  const bytes = (x: string) => Buffer.from(x, 'latin1').toString('utf8');
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: Item;
    if (ch === '\0') item = { tok: 'eos', lit: '' };
    else if (isSpecial(ch)) {
      pos--;
      let buf = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buf += c;
        const t = KEYWORDS[buf];
        if (t) last = { tok: t, lit: buf };
        else if (last) {
          pos--;
          break;
        }
      }
      item = last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` };
    } else {
      pos--;
      let buf = '';
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buf += c;
      }
      const t = Object.hasOwn(KEYWORDS, buf) ? KEYWORDS[buf]! : 'identifier';
      item = { tok: t, lit: bytes(buf) };
    }
    items.push(item);
    if (item.tok === 'eos') return items;
  }
}

export interface Requirement {
  key: string;
  operator: 'exists' | '!' | 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt';
  /** sorted, without duplicates (Go's sets.String) */
  values: string[];
}

class ParseError extends Error {}

/** field.Invalid's text for a value (a string quoted, a list as Go's %#v). */
function invalid(path: string, value: string | string[], detail: string): string {
  const v = typeof value === 'string' ? goQuote(value) : `[]string{${value.map((s) => goQuote(s)).join(', ')}}`;
  return `${path}: Invalid value: ${v}: ${detail}`;
}

/** utilerrors.Aggregate of field errors: duplicates dropped, one as itself, several as [a, b]. */
function aggregate(msgs: string[]): string | undefined {
  const uniq = [...new Set(msgs)];
  if (uniq.length === 0) return undefined;
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(', ')}]`;
}

function keyError(key: string, path: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length ? invalid(path, key, errs.join('; ')) : undefined;
}

/** labels.NewRequirement's checks. */
function newRequirement(key: string, operator: Requirement['operator'], values: string[]): Requirement {
  const errs: string[] = [];
  const k = keyError(key, 'key');
  if (k) errs.push(k);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(invalid('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(invalid('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(invalid('values', values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(invalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        // strconv.ParseInt(v, 10, 64)
        if (!/^[+-]?\d+$/.test(v) || BigInt(v) > 9223372036854775807n || BigInt(v) < -9223372036854775808n) {
          errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const ve = labelValueErrors(v);
    if (ve.length) errs.push(invalid(`values[${i}][${key}]`, v, ve.join('; ')));
  });
  const agg = aggregate(errs);
  if (agg) throw new ParseError(agg);
  return { key, operator, values };
}

const sortedSet = (xs: string[]) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** labels.ParseToRequirements: the requirements of a selector string, or its error text. */
export function parseRequirements(selector: string): Requirement[] {
  const items = lex(selector);
  let pos = 0;
  // in the Values context "in" and "notin" are identifiers
  const look = (values = true): Item => {
    const it = items[pos]!;
    return values && (it.tok === 'in' || it.tok === 'notIn') ? { tok: 'identifier', lit: it.lit } : it;
  };
  const consume = (values = true): Item => {
    const it = look(values);
    if (pos < items.length - 1) pos++;
    return it;
  };

  const parseRequirement = (): Requirement => {
    // key, and the operator it implies
    let operator: Requirement['operator'] | undefined;
    let t = consume();
    if (t.tok === 'doesNotExist') {
      operator = '!';
      t = consume();
    }
    if (t.tok !== 'identifier') throw new ParseError(`found '${t.lit}', expected: identifier`);
    // the parser's own field path is nil, which Go prints as <nil>
    const k = keyError(t.lit, '<nil>');
    if (k) throw new ParseError(k);
    const key = t.lit;
    const next = look().tok;
    if (next === 'eos' || next === 'comma') operator = operator === '!' ? '!' : 'exists';
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = consume(false);
    const ops: Partial<Record<Tok, Requirement['operator']>> = { in: 'in', equals: '=', doubleEquals: '==', greaterThan: 'gt', lessThan: 'lt', notIn: 'notin', notEquals: '!=' };
    const operatorOf = ops[op.tok];
    if (!operatorOf) throw new ParseError(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    let values: string[];
    if (operatorOf === 'in' || operatorOf === 'notin') values = parseValues();
    else values = parseExactValue();
    return newRequirement(key, operatorOf, sortedSet(values));
  };

  const parseValues = (): string[] => {
    const open = consume();
    if (open.tok !== 'openPar') throw new ParseError(`found '${open.lit}' expected: '('`);
    const first = look();
    if (first.tok === 'identifier' || first.tok === 'comma') {
      const s = parseIdentifiers();
      if (consume().tok !== 'closedPar') throw new ParseError(`found '${first.lit}', expected: ')'`);
      return s;
    }
    if (first.tok === 'closedPar') {
      consume();
      return [''];
    }
    throw new ParseError(`found '${first.lit}', expected: ',', ')' or identifier`);
  };

  const parseIdentifiers = (): string[] => {
    const s: string[] = [];
    for (;;) {
      const t = consume();
      if (t.tok === 'identifier') {
        s.push(t.lit);
        const t2 = look();
        if (t2.tok === 'comma') continue;
        if (t2.tok === 'closedPar') return s;
        throw new ParseError(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === 'comma') {
        if (s.length === 0) s.push('');
        const t2 = look();
        if (t2.tok === 'closedPar') {
          s.push('');
          return s;
        }
        if (t2.tok === 'comma') {
          consume();
          s.push('');
        }
      } else {
        throw new ParseError(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
  };

  const parseExactValue = (): string[] => {
    const t = look();
    if (t.tok === 'eos' || t.tok === 'comma') return [''];
    const v = consume();
    if (v.tok === 'identifier') return [v.lit];
    throw new ParseError(`found '${v.lit}', expected: identifier`);
  };

  const reqs: Requirement[] = [];
  for (;;) {
    const t = look();
    if (t.tok === 'identifier' || t.tok === 'doesNotExist') {
      try {
        reqs.push(parseRequirement());
      } catch (err) {
        if (err instanceof ParseError) throw new ParseError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const after = consume();
      if (after.tok === 'eos') break;
      if (after.tok === 'comma') {
        const t2 = look();
        if (t2.tok !== 'identifier' && t2.tok !== 'doesNotExist') throw new ParseError(`found '${t2.lit}', expected: identifier after ','`);
        continue;
      }
      throw new ParseError(`found '${after.lit}', expected: ',' or 'end of string'`);
    }
    if (t.tok === 'eos') break;
    throw new ParseError(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
  }
  return reqs;
}

/** Whether a caught value is a parse error of this module (its message is labels.Parse's). */
export function isSelectorParseError(e: unknown): e is Error {
  return e instanceof ParseError;
}
