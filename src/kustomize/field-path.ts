/**
 * Walks an object along a kustomize field spec ("spec/template/metadata/labels",
 * "spec/containers[]/image") and calls back on the value found, creating the
 * missing maps when the spec says so. Lists met on the way are walked element
 * by element, as kustomize's field spec filter does.
 */
import { KtlError } from '../errors.js';
import { isMap, parseApiVersion, type Json, type JsonMap } from './resource.js';

export interface FieldSpec {
  kind: string;
  group: string;
  version: string;
  path: string;
  create: boolean;
}

/** "Kind|group|version|path[|+]" -> FieldSpec */
export function spec(s: string): FieldSpec {
  const [kind = '', group = '', version = '', path = '', create] = s.split('|');
  return { kind, group, version, path, create: create === '+' };
}

export function specMatches(fs: FieldSpec, obj: JsonMap): boolean {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const gv = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  return (!fs.kind || fs.kind === kind) && (!fs.group || fs.group === gv.group) && (!fs.version || fs.version === gv.version);
}

/** Splits a path on "/" except inside [...] (kustomize allows "a/[name=x/y]/b"). */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of path) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '/' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export type CreateKind = 'map' | 'scalar' | undefined;

/** Where a field path leads: a map (key: the field) or a list (key: the index). */
export type Holder = JsonMap | Json[];

/** holder[key], for a map or a list. */
export function getAt(holder: Holder, key: string | number): Json | undefined {
  return Array.isArray(holder) ? holder[Number(key)] : holder[String(key)];
}

/** holder[key] = value, for a map or a list. */
export function setAt(holder: Holder, key: string | number, value: Json): void {
  if (Array.isArray(holder)) holder[Number(key)] = value;
  else holder[String(key)] = value;
}

/**
 * Calls `set(holder, key)` for each place the spec's path leads to in obj;
 * the callback reads holder[key] (possibly undefined when created) and may
 * assign it. createKind tells what a missing last field becomes (undefined:
 * never created).
 */
export function walkSpec(
  obj: JsonMap,
  fs: FieldSpec,
  createKind: CreateKind,
  set: (holder: JsonMap | Json[], key: string | number) => void,
): void {
  if (!specMatches(fs, obj)) return;
  const parts = splitPath(fs.path);
  const step = (node: Json | undefined, i: number, holder: JsonMap | Json[] | undefined, key: string | number | undefined): void => {
    if (i === parts.length) {
      set(holder!, key!);
      return;
    }
    if (node === null || node === undefined) return;
    if (Array.isArray(node)) {
      node.forEach((_, j) => step(node[j], i, node, j));
      return;
    }
    if (!isMap(node)) throw new KtlError(`considering field '${fs.path}' of object: expected sequence or mapping node`);
    const raw = parts[i]!;
    const isSeq = raw.endsWith('[]');
    const field = isSeq ? raw.slice(0, -2) : raw;
    const last = i === parts.length - 1;
    if (!(field in node) || node[field] === null) {
      if (!fs.create || isSeq || !createKind) {
        if (field in node && last) set(node, field);
        return;
      }
      if (!last || createKind === 'map') node[field] = {};
      else if (!(field in node)) {
        set(node, field);
        return;
      }
    }
    step(node[field], i + 1, node, field);
  };
  step(obj, 0, undefined, undefined);
}
