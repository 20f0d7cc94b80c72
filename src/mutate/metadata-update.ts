/**
 * The pure part of `label` and `annotate`: splitting arguments into
 * resources and KEY=VALUE / KEY- changes, validating them with kubectl's
 * messages, applying them to an object and naming what changed.
 */
import { KtlError } from '../errors.js';
import { compactJson } from '../codec/json.js';
import type { KubeObject } from '../resource/types.js';

export type MetadataField = 'labels' | 'annotations';

export interface MetadataChanges {
  /** in argument order; a later KEY=VALUE wins */
  set: Map<string, string>;
  remove: string[];
}

/**
 * Resource arguments come first, then changes: an argument is a change when
 * it holds "=" (not first) or ends in "-" (and is not "-" itself).
 */
export function splitResourcesAndPairs(args: string[], pairType: 'label' | 'annotation' | 'image'): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    const isPair = (a.includes('=') && !a.startsWith('=')) || (a.endsWith('-') && a !== '-');
    if (isPair) pairs.push(a);
    else if (pairs.length > 0) throw new KtlError(`all resources must be specified before ${pairType} changes: ${a}`);
    else resources.push(a);
  }
  return { resources, pairs };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** apimachinery's IsValidLabelValue messages, joined as kubectl joins them. */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}

/** KEY=VALUE / KEY- for labels: one "=" only, values checked. */
export function parseLabelChanges(pairs: string[]): MetadataChanges {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const p of pairs) {
    if (p.includes('=')) {
      const parts = p.split('=');
      if (parts.length !== 2) throw new KtlError(`invalid label spec: ${p}`);
      const errs = labelValueErrors(parts[1]!);
      if (errs.length) throw new KtlError(`invalid label value: ${JSON.stringify(p)}: ${errs.join('; ')}`);
      set.set(parts[0]!, parts[1]!);
    } else if (p.endsWith('-')) remove.push(p.slice(0, -1));
    else throw new KtlError(`unknown label spec: ${p}`);
  }
  if (remove.some((k) => set.has(k))) throw new KtlError('can not both modify and remove a label in the same command');
  return { set, remove };
}

/** KEY=VALUE / KEY- for annotations: the value is everything after the first "=". */
export function parseAnnotationChanges(pairs: string[]): MetadataChanges {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq > 0) set.set(p.slice(0, eq), p.slice(eq + 1));
    else if (p.endsWith('-')) remove.push(p.slice(0, -1));
    else throw new KtlError(`invalid annotation format: ${p}`);
  }
  const both = remove.filter((k) => set.has(k));
  if (both.length) {
    throw new KtlError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  }
  return { set, remove };
}

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/**
 * kubectl's overwrite check. Labels: one error per key ("[a, b]" when
 * several); annotations: one error listing them. Keys are sorted (Go's map
 * order is random).
 */
export function checkNoOverwrite(field: MetadataField, current: Record<string, string> | undefined, set: Map<string, string>): void {
  const found: Array<[string, string]> = [];
  for (const key of [...set.keys()].sort()) {
    if (field === 'annotations' && key === CHANGE_CAUSE) continue;
    const cur = current?.[key];
    if (cur !== undefined && cur !== set.get(key)) found.push([key, cur]);
  }
  if (found.length === 0) return;
  if (field === 'annotations') {
    const parts = found.map(([k, v]) => `'${k}' already has a value (${v})`);
    throw new KtlError(`--overwrite is false but found the following declared annotation(s): ${parts.join('; ')}`);
  }
  const msgs = found.map(([k, v]) => `'${k}' already has a value (${v}), and --overwrite is false`);
  throw new KtlError(msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`);
}

/**
 * Applies the changes in place, as kubectl's labelFunc / annotateFunc: the
 * map always ends up present (possibly empty), and --resource-version is
 * written into the object so the patch carries it.
 */
export function applyMetadataChanges(
  obj: KubeObject,
  field: MetadataField,
  changes: MetadataChanges,
  opts: { overwrite: boolean; resourceVersion: string },
): void {
  const md = (obj.metadata ??= {});
  const current = md[field];
  if (!opts.overwrite) checkNoOverwrite(field, current, changes.set);
  const next: Record<string, string> = { ...(current ?? {}) };
  for (const [k, v] of changes.set) next[k] = v;
  for (const k of changes.remove) delete next[k];
  md[field] = next;
  if (opts.resourceVersion) md.resourceVersion = opts.resourceVersion;
}

/** Go's json.Marshal of an unstructured object (sorted keys, HTML escaped). */
export function goJson(obj: unknown): string {
  return compactJson(obj, { sortKeys: true });
}

/** label's message: "not labeled" when the bytes are equal, "unlabeled" when they shrank (without --overwrite). */
export function labelChangeMessage(before: string, after: string, overwrite: boolean): string {
  if (before === after) return 'not labeled';
  if (!overwrite && Buffer.byteLength(after) < Buffer.byteLength(before)) return 'unlabeled';
  return 'labeled';
}
