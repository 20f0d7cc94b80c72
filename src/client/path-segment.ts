/**
 * Path-segment rules for names, namespaces and subresources, as client-go's
 * request builder applies them before any URL exists: a segment may not be
 * "." or ".." (the URL would address the parent: `delete cm .` would become
 * a delete of the whole collection, `get cm ..` the Namespace) and may not
 * contain "/" or "%" (it would address another path). resourcePath() applies
 * them to every request path ktl builds, so no command can skip them.
 */
import { KtlError } from '../errors.js';
import { goQuote } from './klog.js';

const MAY_NOT_BE = ['.', '..'];
const MAY_NOT_CONTAIN = ['/', '%'];

/** client-go's IsValidPathSegmentName: the problems with `s` as one URL path segment (none: valid). */
export function pathSegmentProblems(s: string): string[] {
  for (const bad of MAY_NOT_BE) if (s === bad) return [`may not be '${bad}'`];
  return MAY_NOT_CONTAIN.filter((c) => s.includes(c)).map((c) => `may not contain '${c}'`);
}

/** A name, namespace or subresource that cannot be a path segment; nothing was sent. */
export class InvalidPathSegmentError extends KtlError {
  constructor(
    readonly what: 'resource name' | 'namespace' | 'subresource',
    readonly value: string,
    readonly problems: string[],
  ) {
    // Go prints the []string as [a b]
    super(`invalid ${what} ${goQuote(value)}: [${problems.join(' ')}]`);
  }
}

function check(what: InvalidPathSegmentError['what'], value: string): void {
  const problems = pathSegmentProblems(value);
  if (problems.length) throw new InvalidPathSegmentError(what, value, problems);
}

/** Throws kubectl's "invalid namespace" error; "" is fine (no namespace). */
export function checkNamespaceSegment(namespace: string): void {
  check('namespace', namespace);
}

/** client-go's refusal of a request for an object named "" (nothing was sent). */
export class EmptyNameError extends KtlError {
  constructor() {
    super('resource name may not be empty');
  }
}

/** Throws kubectl's "invalid resource name" error, or client-go's text for an empty name. */
export function checkNameSegment(name: string): void {
  if (name === '') throw new EmptyNameError();
  check('resource name', name);
}

export function checkSubresourceSegment(subresource: string): void {
  check('subresource', subresource);
}

/**
 * Second line of defence in the transport: a path with a "." or ".." segment
 * or an empty segment (`//`, a trailing `/`) would be normalised by URL
 * parsing into another object's path. Returns the offending segment.
 */
export function unsafePathSegment(path: string): string | undefined {
  const segs = path.split('/').slice(1);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s === '.' || s === '..') return s;
    // "/" alone is the root; any other empty segment means a part went missing
    if (s === '' && !(segs.length === 1)) return s;
    if (/^%2e(%2e)?$/i.test(s) || s === '.%2e' || s === '%2e.') return s;
  }
  return undefined;
}

/**
 * A name or namespace as it appears in a request path, escaped as Go's
 * url.URL escapes a path (client-go's requests, and the URLs kubectl logs at
 * -v=6): letters, digits, `-_.~` and `$&+,/:;=@` as they are, every other byte
 * of the UTF-8 text as %XX (`system:node` stays, a space is %20, `?` is %3F).
 */
export function escapePathSegment(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
