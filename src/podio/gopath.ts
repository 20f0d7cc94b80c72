/**
 * Go's path, path/filepath (Unix) and filepath.Glob semantics, for `cp`:
 * kubectl computes every local and remote name with them, so ktl does too
 * (Node's path.posix differs: normalize keeps trailing slashes, relative
 * keeps no "." results, there is no Match). Paths are "byte strings" (one
 * char per byte, latin1) so that names that are not UTF-8 survive.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';

/** path.Clean */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = out.join('/');
  if (rooted) return '/' + s;
  return s === '' ? '.' : s;
}

/** path.Join / filepath.Join: the non-empty elements joined, cleaned; "" when all are empty. */
export function join(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length === 0 ? '' : clean(parts.join('/'));
}

/** path.Split: everything up to and including the last slash, and the rest. */
export function split(p: string): [string, string] {
  const i = p.lastIndexOf('/');
  return [p.slice(0, i + 1), p.slice(i + 1)];
}

/** path.Dir */
export function dir(p: string): string {
  return clean(split(p)[0]);
}

/** path.Base */
export function base(p: string): string {
  if (p === '') return '.';
  let s = p;
  while (s.length > 0 && s.endsWith('/')) s = s.slice(0, -1);
  if (s === '') return '/';
  return s.slice(s.lastIndexOf('/') + 1);
}

/** filepath.Rel: a path relative to basepath that means targpath, or undefined (Go's error). */
export function rel(basepath: string, targpath: string): string | undefined {
  const b = clean(basepath);
  const t = clean(targpath);
  if (t === b) return '.';
  const bs = b === '.' ? '' : b;
  const ts = t === '.' ? '' : t;
  const baseSlashed = bs.length > 0 && bs[0] === '/';
  const targSlashed = ts.length > 0 && ts[0] === '/';
  if (baseSlashed !== targSlashed) return undefined;
  const bl = bs.length;
  const tl = ts.length;
  let b0 = 0;
  let bi = 0;
  let t0 = 0;
  let ti = 0;
  for (;;) {
    while (bi < bl && bs[bi] !== '/') bi++;
    while (ti < tl && ts[ti] !== '/') ti++;
    if (ts.slice(t0, ti) !== bs.slice(b0, bi)) break;
    if (bi < bl) bi++;
    if (ti < tl) ti++;
    b0 = bi;
    t0 = ti;
  }
  if (bs.slice(b0, bi) === '..') return undefined;
  if (b0 !== bl) {
    const seps = (bs.slice(b0, bl).match(/\//g) ?? []).length;
    let out = '..' + '/..'.repeat(seps);
    if (t0 !== tl) out += '/' + ts.slice(t0);
    return out;
  }
  return ts.slice(t0);
}

// ---- filepath.Match / Glob ----------------------------------------------------

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/** filepath.Match (Unix: '\\' escapes). Throws BadPatternError for a malformed pattern. */
export function match(pattern: string, name: string): boolean {
  let pat = pattern;
  let nm = name;
  Pattern: while (pat.length > 0) {
    const { star, chunk, rest } = scanChunk(pat);
    pat = rest;
    if (star && chunk === '') return !nm.includes('/');
    const m = matchChunk(chunk, nm);
    if (m.ok && (m.rest.length === 0 || pat.length > 0)) {
      nm = m.rest;
      continue;
    }
    if (star) {
      for (let i = 0; i < nm.length && nm[i] !== '/'; i++) {
        const mm = matchChunk(chunk, nm.slice(i + 1));
        if (mm.ok) {
          if (pat.length === 0 && mm.rest.length > 0) continue;
          nm = mm.rest;
          continue Pattern;
        }
      }
    }
    // before returning false with no error, check that the remainder of the pattern is well formed
    while (pat.length > 0) {
      const s = scanChunk(pat);
      pat = s.rest;
      matchChunk(s.chunk, '');
    }
    return false;
  }
  return nm.length === 0;
}

function scanChunk(pattern: string): { star: boolean; chunk: string; rest: string } {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inrange = false;
  let i = 0;
  Scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inrange = true;
        break;
      case ']':
        inrange = false;
        break;
      case '*':
        if (!inrange) break Scan;
        break;
      default:
        break;
    }
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

/** matchChunk: whether chunk matches the start of s; a malformed chunk throws even when it could not match. */
function matchChunk(chunkIn: string, sIn: string): { ok: boolean; rest: string } {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    switch (chunk[0]) {
      case '[': {
        let r = 0;
        if (!failed) {
          r = s.codePointAt(0)!;
          s = s.slice(String.fromCodePoint(r).length);
        }
        chunk = chunk.slice(1);
        let negated = false;
        if (chunk.length > 0 && chunk[0] === '^') {
          negated = true;
          chunk = chunk.slice(1);
        }
        let matched = false;
        let nrange = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
            chunk = chunk.slice(1);
            break;
          }
          const lo = getEsc(chunk);
          chunk = lo.rest;
          let hi = lo.r;
          if (chunk[0] === '-') {
            const h = getEsc(chunk.slice(1));
            hi = h.r;
            chunk = h.rest;
          }
          if (lo.r <= r && r <= hi) matched = true;
          nrange++;
        }
        if (matched === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true;
          s = s.slice(String.fromCodePoint(s.codePointAt(0)!).length);
        }
        chunk = chunk.slice(1);
        break;
      case '\\':
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true;
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
        break;
      default:
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true;
          s = s.slice(1);
        }
        chunk = chunk.slice(1);
    }
  }
  return failed ? { ok: false, rest: '' } : { ok: true, rest: s };
}

function getEsc(chunk: string): { r: number; rest: string } {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) throw new BadPatternError();
  }
  const r = c.codePointAt(0)!;
  const rest = c.slice(String.fromCodePoint(r).length);
  if (rest.length === 0) throw new BadPatternError();
  return { r, rest };
}

const hasMeta = (p: string) => /[*?[\\]/.test(p);

/**
 * filepath.Glob on the local disk. `fsPath` turns a (byte-string) path into
 * what node:fs takes (relative paths resolved against the command's cwd).
 */
export function glob(pattern: string, fsPath: (p: string) => Buffer): string[] {
  return globDepth(pattern, 0, fsPath);
}

function globDepth(pattern: string, depth: number, fsPath: (p: string) => Buffer): string[] {
  if (depth > 10000) throw new BadPatternError();
  match(pattern, '');
  if (!hasMeta(pattern)) {
    try {
      lstatSync(fsPath(pattern));
    } catch {
      return [];
    }
    return [pattern];
  }
  let [d, file] = split(pattern);
  d = d === '' ? '.' : d === '/' ? d : d.slice(0, -1);
  if (!hasMeta(d)) return globDir(d, file, [], fsPath);
  if (d === pattern) throw new BadPatternError();
  let matches: string[] = [];
  for (const m of globDepth(d, depth + 1, fsPath)) matches = globDir(m, file, matches, fsPath);
  return matches;
}

function globDir(d: string, pattern: string, matches: string[], fsPath: (p: string) => Buffer): string[] {
  try {
    if (!statSync(fsPath(d)).isDirectory()) return matches;
  } catch {
    return matches;
  }
  let names: string[];
  try {
    names = readdirSync(fsPath(d), { encoding: 'buffer' }).map((b) => b.toString('latin1'));
  } catch {
    return matches;
  }
  names.sort(byteOrder);
  for (const n of names) if (match(pattern, n)) matches.push(join(d, n));
  return matches;
}

/** Go's string order (bytes), for byte strings. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
