/**
 * `--raw URI` as kubectl reads it (get, create, replace, delete): the value
 * must pass Go's url.ParseRequestURI (an absolute path, or a URL with a
 * scheme), and client-go's Request.RequestURI then keeps only its path and
 * query: `--raw http://example.com/api` asks the configured server for /api.
 */
import { goQuote } from './net-errors.js';

/** Go's url.ParseRequestURI: undefined when it accepts the text, else its error (`parse "api": invalid URI for request`). */
export function requestUriError(raw: string): string | undefined {
  const why = parseProblem(raw);
  return why === undefined ? undefined : `parse ${goQuote(raw)}: ${why}`;
}

/** The path and query client-go's RequestURI takes from the text (url.Parse: scheme, host and fragment dropped), Go-escaped. */
export function requestUriPath(raw: string): string {
  const [noFragment] = cut(raw, '#');
  const { scheme: s, rest } = scheme(noFragment);
  let [p, query] = cut(rest, '?');
  // a scheme and a rootless rest (mailto:x) is an opaque URL: no path at all
  if (s !== '' && !p.startsWith('/')) p = '';
  if (query === undefined && rest.endsWith('?')) query = '';
  // url.Parse reads a leading // as an authority (host), also without a scheme, unless it is ///
  if (p.startsWith('//') && !p.startsWith('///')) {
    const i = p.indexOf('/', 2);
    p = i < 0 ? '' : p.slice(i);
  }
  const path = escapePath(unescape(p) ?? p);
  return query ? `${path}?${query}` : path;
}

function parseProblem(raw: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '') return 'empty url';
  if (raw === '*') return undefined;
  const { scheme: s, rest, error } = scheme(raw);
  if (error) return error;
  let r = rest;
  if (r.endsWith('?') && r.split('?').length === 2) r = r.slice(0, -1);
  else r = cut(r, '?')[0];
  if (!r.startsWith('/')) return s !== '' ? undefined : 'invalid URI for request';
  if (s !== '' && r.startsWith('//')) {
    const i = r.indexOf('/', 2);
    r = i < 0 ? '' : r.slice(i);
  }
  const bad = badEscape(r);
  return bad === undefined ? undefined : `invalid URL escape ${goQuote(bad)}`;
}

/** Go's getScheme: a leading [A-Za-z][A-Za-z0-9+.-]* before ':' is a scheme. */
function scheme(raw: string): { scheme: string; rest: string; error?: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { scheme: '', rest: '', error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function cut(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

const isHex = (c: string | undefined) => c !== undefined && /[0-9A-Fa-f]/.test(c);

/** The first bad %-escape in a path, as Go's unescape reports it (`%zz`, `%1`, `%`). */
function badEscape(p: string): string | undefined {
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== '%') continue;
    if (!isHex(p[i + 1]) || !isHex(p[i + 2])) return p.slice(i, i + 3);
    i += 2;
  }
  return undefined;
}

function unescape(p: string): string | undefined {
  if (badEscape(p) !== undefined) return undefined;
  const bytes: number[] = [];
  const enc = Buffer.from(p, 'utf8');
  for (let i = 0; i < enc.length; i++) {
    if (enc[i] === 0x25) {
      bytes.push(parseInt(String.fromCharCode(enc[i + 1]!, enc[i + 2]!), 16));
      i += 2;
    } else bytes.push(enc[i]!);
  }
  return Buffer.from(bytes).toString('latin1');
}

/** Go's escape(path, encodePath) over the path's bytes (held one per char). */
function escapePath(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const code = p.charCodeAt(i);
    const c = p[i]!;
    if (/[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c)) out += c;
    else out += '%' + code.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
