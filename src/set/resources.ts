/** `set resources`: parse --limits/--requests and apply them to matching containers. Pure. */
import type { V1PodSpec } from '@kubernetes/client-node';
import { KtlError } from '../errors.js';
import { parseQuantity } from '../printers/quantity.js';
import { globMatch } from './pod-spec.js';

export function parseResourceList(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new KtlError(`invalid resource specification: ${part}`);
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!parseQuantity(value)) throw new KtlError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    out[name] = value;
  }
  return out;
}

/** Applies limits/requests to containers matching the -c pattern; false when none match. */
export function applyResources(spec: V1PodSpec | undefined, pattern: string, limits: Record<string, string>, requests: Record<string, string>): boolean {
  let found = false;
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
    if (!globMatch(pattern, c.name)) continue;
    found = true;
    c.resources ??= {};
    if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
    if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
  }
  return found;
}
