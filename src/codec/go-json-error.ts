/**
 * The syntax error Go's encoding/json reports for a text, in its words
 * ("invalid character 'x' after object key", "unexpected end of JSON input"),
 * for places where kubectl or kustomize show that error as it is. Returns
 * undefined for valid JSON. A small state machine over the same states as
 * Go's scanner; it checks syntax only. Like Go, the end of the text is read
 * as one more space, so a token cut short is reported as that space.
 */

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

class Fail {
  constructor(readonly message: string) {}
}

export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  const bad = (c: string, context: string) => new Fail(`invalid character ${quoteChar(c)} ${context}`);
  const eof = () => new Fail('unexpected end of JSON input');
  const skip = () => {
    while (i < n && isSpace(text[i]!)) i++;
  };

  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      if (i + k >= n) throw bad(' ', `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
      if (text[i + k] !== word[k]) throw bad(text[i + k]!, `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i += word.length;
  };

  const string = () => {
    i++;
    for (;;) {
      if (i >= n) throw eof();
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= n) throw bad(' ', 'in string escape code');
        const e = text[i]!;
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) throw bad(' ', 'in \\u hexadecimal character escape');
            if (!isHex(text[i + k])) throw bad(text[i + k]!, 'in \\u hexadecimal character escape');
          }
          i += 5;
          continue;
        }
        if (!'bfnrt\\/"'.includes(e)) throw bad(e, 'in string escape code');
        i++;
        continue;
      }
      if (c < ' ') throw bad(c, 'in string literal');
      i++;
    }
  };

  const number = () => {
    if (text[i] === '-') {
      i++;
      if (i >= n) throw bad(' ', 'in numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (isDigit(text[i])) i++;
    if (text[i] === '.') {
      i++;
      if (i >= n) throw bad(' ', 'after decimal point in numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'after decimal point in numeric literal');
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= n) throw bad(' ', 'in exponent of numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'in exponent of numeric literal');
      while (isDigit(text[i])) i++;
    }
  };

  const member = (): void => {
    skip();
    if (i >= n) throw eof();
    if (text[i] !== '"') throw bad(text[i]!, 'looking for beginning of object key string');
    string();
    skip();
    if (i >= n) throw eof();
    if (text[i] !== ':') throw bad(text[i]!, 'after object key');
    i++;
    value();
  };

  /** `{...}` or `[...]` after its opening bracket: elements separated by commas up to `close`. */
  const sequence = (close: string, element: () => void, afterElement: string): void => {
    i++;
    skip();
    if (i >= n) throw eof();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      element();
      skip();
      if (i >= n) throw eof();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else throw bad(text[i]!, afterElement);
    }
  };

  const value = (): void => {
    skip();
    if (i >= n) throw eof();
    const c = text[i]!;
    if (c === '{') return sequence('}', member, 'after object key:value pair');
    if (c === '[') return sequence(']', value, 'after array element');
    if (c === '"') return string();
    if (c === '-' || isDigit(c)) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    throw bad(c, 'looking for beginning of value');
  };

  try {
    value();
    skip();
    if (i < n) throw bad(text[i]!, 'after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}
