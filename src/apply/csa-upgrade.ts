/**
 * Moving an object from client-side to server-side apply the way kubectl
 * 1.33 does (client-go's util/csaupgrade plus kubectl apply's
 * saveLastApplyAnnotationIfNecessary / migrateToSSAIfNecessary): the
 * client-side managers' fields are merged into the server-side manager's
 * entry, so that fields later dropped from the manifest are removed.
 *
 * managedFields' fieldsV1 is a trie: keys "f:name", "k:{...}", "v:...",
 * "i:N"; an empty object is a leaf member, "." marks a node that is itself a
 * member as well as a parent.
 */
import type { JsonMap } from './strategic-merge.js';
import { LAST_APPLIED } from './last-applied.js';

export interface ManagedEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonMap;
  subresource?: string;
  [k: string]: unknown;
}

/** The path of the last-applied annotation in a field set. */
export const LAST_APPLIED_PATH = ['f:metadata', 'f:annotations', `f:${LAST_APPLIED}`];

function isMap(v: unknown): v is JsonMap {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Whether the field set holds the path as a member. */
export function setHas(fields: JsonMap | undefined, path: string[]): boolean {
  let node: unknown = fields ?? {};
  for (const key of path) {
    if (!isMap(node) || !(key in node)) return false;
    node = node[key];
  }
  return isMap(node) && (Object.keys(node).length === 0 || '.' in node);
}

/** The union of two field sets (as fieldpath.Set.Union). */
export function unionSets(a: JsonMap, b: JsonMap): JsonMap {
  const member = (n: JsonMap) => Object.keys(n).length === 0 || '.' in n;
  const out: JsonMap = {};
  for (const k of [...Object.keys(a), ...Object.keys(b)]) {
    if (k === '.' || k in out) continue;
    const x = a[k];
    const y = b[k];
    out[k] = isMap(x) && isMap(y) ? unionSets(x, y) : isMap(x) ? x : y;
  }
  if ((member(a) || member(b)) && Object.keys(out).length > 0) return { '.': {}, ...out };
  return out;
}

function managedFieldsOf(obj: JsonMap): ManagedEntry[] {
  const md = obj.metadata;
  const mf = isMap(md) ? md.managedFields : undefined;
  const out: ManagedEntry[] = [];
  if (Array.isArray(mf)) for (const e of mf) if (isManagedEntry(e)) out.push(e);
  return out;
}

const STRING_FIELDS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'subresource'];

/** An entry of metadata.managedFields: an object whose known fields, when present, have their types. */
function isManagedEntry(v: unknown): v is ManagedEntry {
  if (!isMap(v)) return false;
  const fields = v.fieldsV1;
  return STRING_FIELDS.every((k) => v[k] === undefined || typeof v[k] === 'string') && (fields === undefined || isMap(fields));
}

/** The entries of an operation whose fields include the path (csaupgrade.FindFieldsOwners). */
export function findFieldsOwners(entries: ManagedEntry[], operation: string, path: string[]): ManagedEntry[] {
  return entries.filter((e) => e.operation === operation && setHas(e.fieldsV1, path));
}

const sub = (e: ManagedEntry) => e.subresource ?? '';

/** One client-side manager folded into the server-side one (csaupgrade's upgradedManagedFields). */
function upgradedManagedFields(entries: ManagedEntry[], csaName: string, ssaName: string): ManagedEntry[] {
  const fields = entries.map((e) => ({ ...e }));
  let target = fields.findIndex((e) => e.manager === ssaName && e.operation === 'Apply' && sub(e) === '');
  if (target < 0) {
    target = fields.findIndex((e) => e.manager === csaName && e.operation === 'Update' && sub(e) === '');
    if (target < 0) return fields;
    fields[target] = { ...fields[target], operation: 'Apply', manager: ssaName };
  }
  const ssa = fields[target]!;
  const csa = fields.find((e) => e.manager === csaName && e.operation === 'Update' && sub(e) === '' && e.apiVersion === ssa.apiVersion);
  let set: JsonMap = ssa.fieldsV1 ?? {};
  if (csa) set = unionSets(set, csa.fieldsV1 ?? {});
  fields[target] = { ...ssa, fieldsV1: set };
  return fields.filter((e) => !(e.manager === csaName && e.operation === 'Update' && sub(e) === ''));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The JSON patch that migrates the named client-side managers into the
 * server-side manager (csaupgrade.UpgradeManagedFieldsPatch), or undefined
 * when there is nothing to migrate. It also replaces resourceVersion, so a
 * concurrent write makes it fail with a Conflict.
 */
export function upgradeManagedFieldsPatch(obj: JsonMap, csaNames: string[], ssaName: string): unknown[] | undefined {
  const before = managedFieldsOf(obj);
  let after = before;
  for (const name of csaNames) after = upgradedManagedFields(after, name, ssaName);
  if (sameJson(before, after)) return undefined;
  const md = isMap(obj.metadata) ? obj.metadata : {};
  return [
    { op: 'replace', path: '/metadata/managedFields', value: after },
    { op: 'replace', path: '/metadata/resourceVersion', value: md.resourceVersion ?? '' },
  ];
}

/** The Update managers that own the last-applied annotation: the ones kubectl migrates. */
export function csaManagerNames(obj: JsonMap): string[] {
  const names: string[] = [];
  for (const e of findFieldsOwners(managedFieldsOf(obj), 'Update', LAST_APPLIED_PATH)) {
    if (e.manager !== undefined && !names.includes(e.manager)) names.push(e.manager);
  }
  return names;
}

/** Whether a server-side manager already owns the annotation (then kubectl does not re-apply it). */
export function lastAppliedOwnedByApply(obj: JsonMap): boolean {
  return findFieldsOwners(managedFieldsOf(obj), 'Apply', LAST_APPLIED_PATH).length > 0;
}
