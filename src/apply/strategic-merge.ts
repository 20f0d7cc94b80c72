/**
 * kubectl's three-way strategic merge patch, as `kubectl apply` builds it:
 *
 *   delta     = diff(current -> modified), additions and changes only
 *   deletions = diff(original -> modified), deletions only
 *   patch     = merge(deletions, delta)
 *
 * original is the last-applied configuration, modified the new manifest (with
 * its new annotation), current the live object. Lists are merged by the patch
 * metadata (merge key, merge / retainKeys strategies) looked up through a
 * PatchSchema; the directives emitted are $patch: delete, $setElementOrder/,
 * $retainKeys and $deleteFromPrimitiveList/. The result is a plain object;
 * serialise it with compactJson (sorted keys) to get kubectl's bytes.
 *
 * Behaviours that users can observe and that are reproduced on purpose:
 * - list elements are compared after sorting by the merge key's printed
 *   value, with equal keys ending up in reverse order (kubectl's sort treats
 *   "equal" as "less"), which is why two ports with the same containerPort
 *   produce `{"$patch":"delete","containerPort":80,"protocol":"TCP"}`;
 * - changed elements follow the order of the new manifest, deletions go last.
 */

export type { Json, JsonMap } from '../codec/value.js';
import type { Json, JsonMap } from '../codec/value.js';
import { marshalYaml } from '../printers/yaml.js';

export interface PatchMeta {
  /** e.g. ['merge'], ['retainKeys'], ['merge', 'retainKeys'] */
  strategies: string[];
  mergeKey: string;
}

/** Patch metadata for the fields of one object schema. */
export interface PatchSchema {
  /** a field holding an object (or map) */
  forStruct(key: string): { schema: PatchSchema; meta: PatchMeta };
  /** a field holding a list; schema is the list items' schema */
  forSlice(key: string): { schema: PatchSchema; meta: PatchMeta };
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };

/** A schema that knows nothing: every list is atomic, every map merged. */
export const EMPTY_SCHEMA: PatchSchema = {
  forStruct: () => ({ schema: EMPTY_SCHEMA, meta: NO_META }),
  forSlice: () => ({ schema: EMPTY_SCHEMA, meta: NO_META }),
};

export class PatchError extends Error {}

/**
 * kubectl's mergepatch.ErrConflict (apply --overwrite=false): the patch
 * changes fields that were changed differently since the last apply. The
 * message holds both sides as YAML, as kubectl words it.
 */
export class PatchConflictError extends PatchError {
  constructor(patch: JsonMap, changed: JsonMap) {
    super(`patch:\n${marshalYaml(patch)}\nconflicts with changes made from original to current:\n${marshalYaml(changed)}\n`);
  }
}

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList';
const SET_ORDER = '$setElementOrder';

interface DiffOptions {
  ignoreDeletions?: boolean;
  ignoreChangesAndAdditions?: boolean;
  setElementOrder?: boolean;
  buildRetainKeys?: boolean;
}

type Kind = 'null' | 'bool' | 'number' | 'string' | 'list' | 'map';

function kindOf(v: Json | undefined): Kind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'map';
  }
}

const isMap = (v: Json | undefined): v is JsonMap => kindOf(v) === 'map';

/** v when it is a JSON object, else undefined (a field read from parsed JSON). */
export const mapOf = (v: Json | undefined): JsonMap | undefined => (isMap(v) ? v : undefined);

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's fmt "%v" for the scalars that appear as merge keys and list items. */
export function goPrint(v: Json | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  return `map[${Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
}

/** %v of a float64: shortest representation, exponent form from 1e21 (as Go's %g with shortest precision). */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * kubectl sorts with a "less" that is really "less or equal"; over its
 * insertion sort that reverses runs of equal keys. Reproduced exactly.
 */
function sortLikeKubectl<T>(items: T[], key: (t: T) => string): T[] {
  const out = [...items];
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && cmpStr(key(out[j]!), key(out[j - 1]!)) <= 0; j--) {
      const t = out[j]!;
      out[j] = out[j - 1]!;
      out[j - 1] = t;
    }
  }
  return out;
}

function sortScalars(list: Json[]): Json[] {
  return sortLikeKubectl(list, goPrint);
}

function dedupeScalars(list: Json[]): Json[] {
  const out: Json[] = [];
  for (const v of list) if (!out.some((x) => x === v)) out.push(v);
  return out;
}

function strategiesOf(meta: PatchMeta): { retainKeys: boolean; strategy: string } {
  const s = meta.strategies.filter(Boolean);
  if (s.length === 0) return { retainKeys: false, strategy: '' };
  if (s.length === 1) return s[0] === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: s[0]! };
  if (s.length === 2) {
    if (s[0] === 'retainKeys') return { retainKeys: true, strategy: s[1]! };
    if (s[1] === 'retainKeys') return { retainKeys: true, strategy: s[0]! };
  }
  throw new PatchError(`unexpected patch strategy: [${s.join(' ')}]`);
}

function diffMaps(original: JsonMap, modified: JsonMap, schema: PatchSchema, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: Json[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key]!;
    if (opts.buildRetainKeys && mv !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key]!;
    if (key === DIRECTIVE) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw new PatchError(`invalid value for special key: ${DIRECTIVE}`);
      if (ov !== mv) patch[key] = mv;
      continue;
    }
    if (kindOf(ov) !== kindOf(mv)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    if (isMap(ov) && isMap(mv)) diffMapField(key, ov, mv, patch, schema, opts);
    else if (Array.isArray(ov) && Array.isArray(mv)) diffSliceField(key, ov, mv, patch, schema, opts);
    else if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

function hasAdditionalField(original: JsonMap, modified: JsonMap): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !(k in modified));
}

function diffMapField(key: string, ov: JsonMap, mv: JsonMap, patch: JsonMap, schema: PatchSchema, opts: DiffOptions): void {
  const { schema: sub, meta } = schema.forStruct(key);
  const { retainKeys, strategy } = strategiesOf(meta);
  if (strategy === 'replace') {
    if (!opts.ignoreChangesAndAdditions) patch[key] = mv;
    return;
  }
  const value = diffMaps(ov, mv, sub, { ...opts, buildRetainKeys: retainKeys });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function diffSliceField(key: string, ov: Json[], mv: Json[], patch: JsonMap, schema: PatchSchema, opts: DiffOptions): void {
  const { schema: sub, meta } = schema.forSlice(key);
  const { retainKeys, strategy } = strategiesOf(meta);
  if (strategy !== 'merge') {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
    return;
  }
  const { add, del, order } = diffLists(ov, mv, sub, meta.mergeKey, { ...opts, buildRetainKeys: retainKeys });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_PRIMITIVE}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ORDER}/${key}`] = order;
}

function elementKind(...lists: Json[][]): 'map' | 'scalar' {
  let kind: Kind | undefined;
  for (const l of lists) {
    for (const v of l) {
      const k = kindOf(v);
      if (k === 'list') throw new PatchError('lists of lists are not supported');
      const norm = k === 'map' ? 'map' : 'scalar';
      if (kind && (kind === 'map') !== (norm === 'map')) throw new PatchError('list elements are not all of the same type');
      kind = k;
    }
  }
  return kind === 'map' ? 'map' : 'scalar';
}

function diffLists(
  original: Json[],
  modified: Json[],
  schema: PatchSchema,
  mergeKey: string,
  opts: DiffOptions,
): { add: Json[]; del: Json[]; order: Json[] } {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return { add: [], del: [], order: [] };
    return { add: modified, del: [], order: [] };
  }
  const kind = elementKind(original, modified);
  if (kind === 'map') {
    if (!mergeKey) throw new PatchError('cannot merge lists without merge key');
    // elementKind has checked that every element of both lists is an object
    const originalMaps = original.filter(isMap);
    const modifiedMaps = modified.filter(isMap);
    const { patch, deletions } = diffListsOfMaps(originalMaps, modifiedMaps, schema, mergeKey, opts);
    const add = [...normalizeOrder(patch, modified, mergeKey, 'map'), ...deletions];
    let order: Json[] = [];
    const orderSame = sameOrder(originalMaps, modifiedMaps, mergeKey);
    // kubectl lists the order whenever this pass changes the list's content, or the order differs
    if (opts.setElementOrder && (add.length > 0 || !orderSame)) {
      order = modifiedMaps.map((m) => ({ [mergeKey]: m[mergeKey]! }));
    }
    return { add, del: [], order };
  }
  const { add, del } = diffListsOfScalars(original, modified, opts);
  const sorted = normalizeOrder(add, modified, '', 'scalar');
  let order: Json[] = [];
  if (
    opts.setElementOrder &&
    ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    order = modified;
  }
  return { add: sorted, del, order };
}

function mergeKeyValue(m: JsonMap, mergeKey: string): Json {
  if (!(mergeKey in m)) throw new PatchError(`map: ${goPrint(m)} does not contain declared merge key: ${mergeKey}`);
  return m[mergeKey]!;
}

function diffListsOfMaps(
  original: JsonMap[],
  modified: JsonMap[],
  schema: PatchSchema,
  mergeKey: string,
  opts: DiffOptions,
): { patch: JsonMap[]; deletions: JsonMap[] } {
  const keyOf = (m: JsonMap) => goPrint(mergeKeyValue(m, mergeKey));
  const os = sortLikeKubectl(original, keyOf);
  const ms = sortLikeKubectl(modified, keyOf);
  const patch: JsonMap[] = [];
  const deletions: JsonMap[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const o = os[i];
    const m = ms[j];
    const ok = o ? keyOf(o) : '';
    const mk = m ? keyOf(m) : '';
    if (o && m && ok === mk) {
      const value = diffMaps(o, m, schema, opts);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = m[mergeKey]!;
        patch.push(value);
      }
      i++;
      j++;
    } else if (!o || (m && ok > mk)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m!);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: o[mergeKey]!, [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return { patch, deletions };
}

function diffListsOfScalars(original: Json[], modified: Json[], opts: DiffOptions): { add: Json[]; del: Json[] } {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const add: Json[] = [];
  const del: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oin = i < os.length;
    const min = j < ms.length;
    const o = oin ? goPrint(os[i]) : '';
    const m = min ? goPrint(ms[j]) : '';
    if (oin && min && o === m) {
      i++;
      j++;
    } else if (!oin || (min && o > m)) {
      if (!opts.ignoreChangesAndAdditions) add.push(ms[j]!);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(os[i]!);
      i++;
    }
  }
  return { add, del: dedupeScalars(del) };
}

function sameOrder(a: JsonMap[], b: JsonMap[], mergeKey: string): boolean {
  if (a.length !== b.length) return false;
  return b.every((m, i) => mergeKeyValue(a[i]!, mergeKey) === mergeKeyValue(m, mergeKey));
}

function indexIn(order: Json[], item: Json, mergeKey: string, kind: 'map' | 'scalar'): number {
  if (kind === 'map') {
    const v = isMap(item) ? item[mergeKey] : undefined;
    return order.findIndex((o) => isMap(o) && mergeKey in o && o[mergeKey] === v);
  }
  return order.findIndex((o) => o === item);
}

const isDeleteDirective = (v: Json) => isMap(v) && v[DIRECTIVE] === 'delete';

/** Stable sort of items by their position in `order`; for maps, delete directives go last. */
function normalizeOrder<T extends Json>(items: T[], order: Json[], mergeKey: string, kind: 'map' | 'scalar'): T[] {
  let rest = items;
  let deletes: T[] = [];
  if (kind === 'map') {
    rest = items.filter((v) => !isDeleteDirective(v));
    deletes = items.filter((v) => isDeleteDirective(v));
  }
  const sorted = rest
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.v);
  return [...sorted, ...deletes];
}

// ---- merging two patches (deletions + delta) --------------------------------

function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === 'replace') {
      const { [DIRECTIVE]: _drop, ...rest } = patch;
      return rest;
    }
    if (d === 'delete') return {};
    throw new PatchError(`unknown patch type: ${goPrint(d)} in map: ${goPrint(patch)}`);
  }
  const out: JsonMap = { ...original };
  const rest: JsonMap = { ...patch };
  if (RETAIN_KEYS in rest) {
    if (!(RETAIN_KEYS in out)) out[RETAIN_KEYS] = rest[RETAIN_KEYS]!;
    else if (!deepEqual(out[RETAIN_KEYS], rest[RETAIN_KEYS])) throw new PatchError('$retainKeys lists differ between patches');
    delete rest[RETAIN_KEYS];
  }
  for (const key of Object.keys(rest)) {
    if (!key.startsWith(`${SET_ORDER}/`)) continue;
    if (key in out && !deepEqual(out[key], rest[key])) throw new PatchError('invalid patch: $setElementOrder lists differ');
    out[key] = rest[key]!;
    delete rest[key];
  }
  for (const key of Object.keys(rest)) {
    const pv = rest[key]!;
    if (key.startsWith(`${DELETE_PRIMITIVE}/`)) {
      out[key] = pv;
      continue;
    }
    if (pv === null) {
      out[key] = null;
      continue;
    }
    if (!(key in out)) {
      out[key] = pv;
      continue;
    }
    const ov = out[key]!;
    if (kindOf(ov) !== kindOf(pv)) {
      out[key] = pv;
      continue;
    }
    if (isMap(ov) && isMap(pv)) {
      const { schema: sub, meta } = schema.forStruct(key);
      out[key] = strategiesOf(meta).strategy === 'replace' ? pv : mergeMap(ov, pv, sub);
    } else if (Array.isArray(ov) && Array.isArray(pv)) {
      const { schema: sub, meta } = schema.forSlice(key);
      out[key] = strategiesOf(meta).strategy === 'merge' ? mergeSlice(ov, pv, sub, meta.mergeKey) : pv;
    } else {
      out[key] = pv;
    }
  }
  return out;
}

function mergeSlice(original: Json[], patch: Json[], schema: PatchSchema, mergeKey: string): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: Json[];
  let base = original;
  if (kind === 'scalar') {
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new PatchError('cannot merge lists without merge key');
    // elementKind has checked that every element of both lists is an object
    const special = applySpecialElements(original.filter(isMap), patch.filter(isMap), mergeKey);
    base = special.base;
    const maps = [...special.base];
    for (const item of special.plain) {
      const v = mergeKeyValue(item, mergeKey);
      const at = maps.findIndex((m) => m[mergeKey] === v);
      const found = maps[at];
      if (found) maps[at] = mergeMap(found, item, schema);
      else maps.push(item);
    }
    merged = maps;
  }
  // keep the patch's order for its items, the original's for the rest
  const inPatch = (v: Json) =>
    kind === 'map' ? patch.some((p) => isMap(p) && isMap(v) && p[mergeKey] === v[mergeKey]) : patch.some((p) => p === v);
  const patchItems = normalizeOrder(merged.filter(inPatch), patch, mergeKey, kind);
  const serverOnly = normalizeOrder(merged.filter((v) => !inPatch(v)), base, mergeKey, kind);
  return mergeSorted(serverOnly, patchItems, base, mergeKey, kind);
}

function applySpecialElements(original: JsonMap[], patch: JsonMap[], mergeKey: string): { base: JsonMap[]; plain: JsonMap[] } {
  let base = original;
  const plain: JsonMap[] = [];
  let replace = false;
  for (const item of patch) {
    if (!(DIRECTIVE in item)) {
      plain.push(item);
      continue;
    }
    const d = item[DIRECTIVE];
    if (d === 'delete') {
      const v = mergeKeyValue(item, mergeKey);
      base = base.filter((m) => m[mergeKey] !== v);
    } else if (d === 'replace') replace = true;
    else if (d === 'merge') throw new PatchError('merging lists cannot yet be specified in the patch');
    else throw new PatchError(`unknown patch type: ${goPrint(d)} in map: ${goPrint(item)}`);
  }
  return replace ? { base: plain, plain: [] } : { base, plain };
}

function mergeSorted(left: Json[], right: Json[], serverOrder: Json[], mergeKey: string, kind: 'map' | 'scalar'): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

// ---- conflicts (overwrite=false) -------------------------------------------

/** Do two patches set a field they share differently? (strategic merge semantics) */
function fieldsConflict(left: Json, right: Json, schema: PatchSchema, strategy: string, mergeKey: string): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    // a directive acts on the whole map: one side with it and the other without, or two different ones, conflict
    if (DIRECTIVE in left || DIRECTIVE in right) {
      if (DIRECTIVE in left !== DIRECTIVE in right || left[DIRECTIVE] !== right[DIRECTIVE]) return true;
    }
    if (strategy === 'replace') return false;
    return mapsConflict(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesConflict(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsConflict(left: JsonMap, right: JsonMap, schema: PatchSchema): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || !(key in right)) continue;
    const lv = left[key]!;
    let sub = EMPTY_SCHEMA;
    let meta = NO_META;
    if (Array.isArray(lv)) ({ schema: sub, meta } = schema.forSlice(key));
    else if (isMap(lv)) ({ schema: sub, meta } = schema.forStruct(key));
    if (fieldsConflict(lv, right[key]!, sub, strategiesOf(meta).strategy, meta.mergeKey)) return true;
  }
  return false;
}

function slicesConflict(left: Json[], right: Json[], schema: PatchSchema, strategy: string, mergeKey: string): boolean {
  if (left.length === 0 && right.length === 0) throw new PatchError('no elements in any of the given slices');
  const kind = elementKind(left, right);
  if (strategy === 'merge') {
    // merging lists of scalars cannot conflict; lists of maps are compared element by merge key
    if (kind !== 'map') return false;
    const byKey = (list: Json[]) => {
      const out = new Map<string, JsonMap>();
      for (const v of list) {
        if (!isMap(v)) throw new PatchError(`invalid element type in merging list:${goPrint(list)}`);
        if (!(mergeKey in v)) throw new PatchError(`cannot find merge key \`${mergeKey}\` in merging list element:${goPrint(v)}`);
        out.set(goPrint(v[mergeKey]), v);
      }
      return out;
    };
    const l = byKey(left);
    const r = byKey(right);
    for (const [k, lv] of l) {
      const rv = r.get(k);
      if (rv && fieldsConflict(lv, rv, schema, '', '')) return true;
    }
    return false;
  }
  // atomic lists: same length, then element by element (scalars deduplicated and sorted first)
  if (left.length !== right.length) return true;
  const norm = (l: Json[]) => (kind === 'map' ? l : sortScalars(dedupeScalars(l)));
  const a = norm(left);
  const b = norm(right);
  for (let i = 0; i < a.length; i++) {
    if (i >= b.length || fieldsConflict(a[i]!, b[i]!, schema, '', '')) return true;
  }
  return false;
}

/**
 * The patch kubectl apply sends for a built-in type. An empty object means
 * nothing to change ("unchanged"). original may be undefined (no
 * last-applied annotation). With overwrite false (apply --overwrite=false),
 * a patch that changes a field which also changed from original to current
 * fails with a PatchConflictError.
 */
export function createThreeWayMergePatch(
  original: JsonMap | undefined,
  modified: JsonMap,
  current: JsonMap,
  schema: PatchSchema,
  overwrite = true,
): JsonMap {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(original ?? {}, modified, schema, { ignoreChangesAndAdditions: true, setElementOrder: true });
  const patch = mergeMap(deletions, delta, schema);
  if (!overwrite) {
    const changed = diffMaps(original ?? {}, current, schema, {});
    if (mapsConflict(patch, changed, schema)) throw new PatchConflictError(patch, changed);
  }
  return patch;
}

/** A two-way strategic merge patch (original -> modified), as `kubectl edit` sends. */
export function createTwoWayMergePatch(original: JsonMap, modified: JsonMap, schema: PatchSchema): JsonMap {
  return diffMaps(original, modified, schema, { setElementOrder: true });
}
