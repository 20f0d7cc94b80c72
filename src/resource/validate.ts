/**
 * Name and namespace checks for code that holds a name before any path is
 * built (the builder, commands with their own arguments). They are client-go's
 * path-segment rules with kubectl's texts; resourcePath() applies the same
 * rules to every request, so these only move the refusal earlier.
 */
import { checkNameSegment, checkNamespaceSegment } from '../client/path-segment.js';

export { InvalidPathSegmentError, pathSegmentProblems } from '../client/path-segment.js';

/** Throws `invalid resource name "..": [may not be '..']` (or "resource name may not be empty"). */
export function validateName(name: string): void {
  checkNameSegment(name);
}

/** Throws `invalid namespace "..": [may not be '..']`; "" (no namespace) is accepted. */
export function validateNamespace(namespace: string): void {
  checkNamespaceSegment(namespace);
}
