/**
 * go-yaml's guard against alias bombs ("billion laughs") for YAML read by
 * js-yaml, which shares aliased nodes: walking the value as Go would decode
 * it, a document whose expansion is almost all aliases past 400k nodes, or
 * anything past 4M, is refused. Returns false when the document is too big.
 */
export function aliasingWithinLimits(v: unknown): boolean {
  const seen = new Set<object>();
  let decodes = 0;
  let aliased = 0;
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    decodes++;
    if (x === null || typeof x !== 'object') continue;
    if (seen.has(x)) aliased++;
    else seen.add(x);
    if (decodes > 400_000 && (decodes > 4_000_000 || aliased / decodes > 0.99)) return false;
    for (const child of Array.isArray(x) ? x : Object.values(x)) stack.push(child);
  }
  return true;
}

/** go-yaml's message for a document refused by aliasingWithinLimits. */
export const EXCESSIVE_ALIASING = 'document contains excessive aliasing';

/** Throws `yaml: document contains excessive aliasing` (a plain Error, for callers that wrap it) when v is an alias bomb. */
export function checkAliasing(v: unknown): void {
  if (!aliasingWithinLimits(v)) throw Object.assign(new Error(`yaml: ${EXCESSIVE_ALIASING}`), { reason: EXCESSIVE_ALIASING });
}
