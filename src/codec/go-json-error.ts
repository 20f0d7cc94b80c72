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

class StreamEof {}

/** What scanning one value of a stream found: where it ends, or Go's error and the index of the byte it names. */
export type GoJsonScan = { end: number } | { error: string; at: number } | { eof: true };

export function goJsonSyntaxError(text: string): string | undefined {
  const r = scan(text, 0, false);
  return 'error' in r ? r.error : undefined;
}

/**
 * One value of a JSON stream from `start`, as Go's json.Decoder reads it:
 * leading space skipped, the value ends where its last byte is (a number at
 * the next byte that cannot continue it); a value cut short by the end of
 * the text is `eof` (the Decoder's io.ErrUnexpectedEOF), a bad byte the
 * scanner's error. Only space left is `eof` too: the caller checks first.
 */
export function scanGoJsonValue(text: string, start: number): GoJsonScan {
  return scan(text, start, true);
}

function scan(text: string, start: number, stream: boolean): GoJsonScan {
  let i = start;
  const n = text.length;
  let at = i;
  const bad = (c: string, context: string, where = i) => {
    at = where;
    return new Fail(`invalid character ${quoteChar(c)} ${context}`);
  };
  // a token cut short by the end: Go's scanner reads the end as a space, its Decoder as io.ErrUnexpectedEOF
  const cut = (context: string) => (stream ? new StreamEof() : bad(' ', context));
  const eof = () => (stream ? new StreamEof() : new Fail('unexpected end of JSON input'));
  const skip = () => {
    while (i < n && isSpace(text[i]!)) i++;
  };

  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      if (i + k >= n) throw cut(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
      if (text[i + k] !== word[k]) throw bad(text[i + k]!, `in literal ${word} (expecting ${quoteChar(word[k]!)})`, i + k);
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
        if (i >= n) throw cut('in string escape code');
        const e = text[i]!;
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) throw cut('in \\u hexadecimal character escape');
            if (!isHex(text[i + k])) throw bad(text[i + k]!, 'in \\u hexadecimal character escape', i + k);
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
      if (i >= n) throw cut('in numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'in numeric literal');
    }
    if (text[i] === '0') i++;
    else while (isDigit(text[i])) i++;
    if (text[i] === '.') {
      i++;
      if (i >= n) throw cut('after decimal point in numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'after decimal point in numeric literal');
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= n) throw cut('in exponent of numeric literal');
      if (!isDigit(text[i])) throw bad(text[i]!, 'in exponent of numeric literal');
      while (isDigit(text[i])) i++;
    }
  };

  // the closers of the collections open around i, innermost last: an explicit stack, so depth costs no recursion
  const open: string[] = [];

  /** A value's start at i: a scalar read whole (false), or a collection's opening bracket (true). */
  const begin = (): boolean => {
    skip();
    if (i >= n) throw eof();
    const c = text[i]!;
    if (c === '{' || c === '[') {
      i++;
      open.push(c === '{' ? '}' : ']');
      return true;
    }
    if (c === '"') string();
    else if (c === '-' || isDigit(c)) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else throw bad(c, 'looking for beginning of value');
    return false;
  };

  /** An object's key and its colon. */
  const key = (): void => {
    skip();
    if (i >= n) throw eof();
    if (text[i] !== '"') throw bad(text[i]!, 'looking for beginning of object key string');
    string();
    skip();
    if (i >= n) throw eof();
    if (text[i] !== ':') throw bad(text[i]!, 'after object key');
    i++;
  };

  const value = (): void => {
    let opened = begin();
    for (;;) {
      const close = open[open.length - 1];
      if (close === undefined) return;
      skip();
      if (i >= n) throw eof();
      if (text[i] === close) {
        // an empty collection, or the end of one after its last element
        i++;
        open.pop();
        opened = false;
        continue;
      }
      if (!opened) {
        if (text[i] !== ',') throw bad(text[i]!, close === '}' ? 'after object key:value pair' : 'after array element');
        i++;
      }
      if (close === '}') key();
      opened = begin();
    }
  };

  try {
    value();
    if (stream) return { end: i };
    skip();
    if (i < n) throw bad(text[i]!, 'after top-level value');
    return { end: i };
  } catch (e) {
    if (e instanceof Fail) return { error: e.message, at };
    if (e instanceof StreamEof) return { eof: true };
    throw e;
  }
}
