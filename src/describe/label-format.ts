/**
 * Label renderings describers share with apimachinery's rules:
 * metav1.FormatLabelSelector (requirements sorted by key, set values
 * sorted, "<none>" for an empty selector) and labels.FormatLabels (the
 * "k=v" strings sorted as whole strings, comma joined, "<none>" when empty).
 */
import { compareStrings } from './format.js';

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

const OPERATORS: Record<string, string> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** One requirement as labels.Requirement.String writes it. */
function requirementString(key: string, op: string, values: string[]): string {
  if (op === '!') return `!${key}`;
  if (op === 'exists') return key;
  const vals = values.length === 1 ? values[0]! : [...values].sort(compareStrings).join(',');
  if (op === '=') return `${key}=${vals}`;
  return `${key} ${op} (${vals})`;
}

/**
 * metav1.FormatLabelSelector. A nil selector selects nothing and an empty
 * one everything; both print "<none>". An invalid operator gives "<error>".
 */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  if (!sel) return '<none>';
  const reqs: Array<{ key: string; text: string }> = [];
  // Go ranges over matchLabels in random order; the sort by key below
  // settles it (keys are unique there).
  for (const key of Object.keys(sel.matchLabels ?? {})) {
    reqs.push({ key, text: requirementString(key, '=', [sel.matchLabels![key]!]) });
  }
  for (const e of sel.matchExpressions ?? []) {
    const op = OPERATORS[e.operator ?? ''];
    if (!op) return '<error>';
    const key = e.key ?? '';
    reqs.push({ key, text: requirementString(key, op, e.values ?? []) });
  }
  // sort.Sort(ByKey): equal keys keep their order here (Go's insertion sort
  // for short lists does the same).
  const sorted = reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => compareStrings(a.r.key, b.r.key) || a.i - b.i)
    .map((x) => x.r.text);
  const s = sorted.join(',');
  return s === '' ? '<none>' : s;
}

/** labels.FormatLabels (also used for annotations and parameters). */
export function formatLabels(m: Record<string, string> | null | undefined): string {
  const parts = Object.entries(m ?? {}).map(([k, v]) => `${k}=${v}`);
  parts.sort(compareStrings);
  const s = parts.join(',');
  return s === '' ? '<none>' : s;
}

/** Go's %v of a []string: "[a b c]". */
export function goStringSlice(values: readonly string[] | null | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}
