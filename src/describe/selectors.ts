/**
 * Label selectors as kubectl prints them (labels.FormatLabels,
 * metav1.LabelSelectorAsSelector(...).String(), FormatLabelSelector) and
 * the owner helpers describers share (GetControllerOf, IsControlledBy).
 */
import type { KubeObject } from '../client/index.js';
import { mapsAt, stringAt } from '../codec/value.js';
import { compareStrings, sortedKeys, stableSort } from './format.js';

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key?: string; operator?: string; values?: string[] | null }> | null;
}

/** labels.FormatLabels: "a=1,b=2" in key order, "<none>" when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = sortedKeys(m);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${m![k]}`).join(',');
}

/**
 * LabelSelectorAsSelector(sel).String(): requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; '' for nil or empty.
 * Throws on an operator the API would refuse (kubectl then prints an error).
 */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: Array<{ key: string; text: string }> = [];
  for (const k of sortedKeys(sel.matchLabels)) reqs.push({ key: k, text: `${k}=${sel.matchLabels![k]}` });
  for (const e of sel.matchExpressions ?? []) {
    const key = e.key ?? '';
    const values = [...new Set(e.values ?? [])].sort(compareStrings).join(',');
    switch (e.operator) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        throw new Error(`"${e.operator ?? ''}" is not a valid label selector operator`);
    }
  }
  return stableSort(reqs, (a, b) => compareStrings(a.key, b.key) < 0)
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  try {
    return selectorString(sel) || '<none>';
  } catch {
    return '<error>';
  }
}

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** metav1.GetControllerOf */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  const ref = mapsAt(obj.metadata, 'ownerReferences').find((r) => r.controller === true);
  if (!ref) return undefined;
  return { apiVersion: stringAt(ref, 'apiVersion'), kind: stringAt(ref, 'kind'), name: stringAt(ref, 'name'), uid: stringAt(ref, 'uid'), controller: true };
}

/** printController: "ReplicaSet/web-5d4f" or ''. */
export function controllerText(obj: KubeObject): string {
  const c = controllerOf(obj);
  return c ? `${c.kind ?? ''}/${c.name ?? ''}` : '';
}

/** metav1.IsControlledBy */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const c = controllerOf(obj);
  return !!c && c.uid === owner.metadata?.uid;
}
