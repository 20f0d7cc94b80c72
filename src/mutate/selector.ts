/** Label selectors matched client-side (objects read from files, `apply -l`). */
import type { V1LabelSelector, V1LabelSelectorRequirement } from '@kubernetes/client-node';
import { isRecord, listAt, mapsAt, stringAt, stringMapAt } from '../codec/value.js';
import { KtlError } from '../errors.js';

/**
 * A metav1.LabelSelector read from JSON: undefined when `v` is not an object;
 * fields of the wrong shape read as absent (a requirement's missing key or
 * operator as '', non-string values skipped).
 */
export function labelSelectorOf(v: unknown): V1LabelSelector | undefined {
  if (!isRecord(v)) return undefined;
  const sel: V1LabelSelector = {};
  const labels = stringMapAt(v, 'matchLabels');
  if (labels) sel.matchLabels = labels;
  if (Array.isArray(v.matchExpressions)) {
    sel.matchExpressions = mapsAt(v, 'matchExpressions').map((e) => {
      const r: V1LabelSelectorRequirement = { key: stringAt(e, 'key') ?? '', operator: stringAt(e, 'operator') ?? '' };
      if (Array.isArray(e.values)) r.values = listAt(e, 'values').filter((x): x is string => typeof x === 'string');
      return r;
    });
  }
  return sel;
}

export type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** Parses "a=b,c!=d,e,!f,g in (x,y),h notin (z)". */
export function parseSelector(s: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((raw) => {
    const p = raw.trim();
    let m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(p);
    if (m) return { op: m[2] === '!=' ? 'notin' : 'in', key: m[1]!, values: [m[3]!] };
    m = /^([^\s]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    if (m) return { op: m[2] === 'notin' ? 'notin' : 'in', key: m[1]!, values: m[3]!.split(',').map((v) => v.trim()) };
    m = /^!\s*([^\s]+)$/.exec(p);
    if (m) return { op: 'notexists', key: m[1]! };
    if (/^[^\s!=(),]+$/.test(p)) return { op: 'exists', key: p };
    throw new KtlError(`unable to parse requirement: ${p}`);
  });
}

export function matchesSelector(reqs: Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]!);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]!);
    }
  });
}
