/**
 * JSON values as they come off the wire or out of a YAML document, and the
 * narrowing helpers that read them without type assertions. Every helper
 * checks what it returns at run time: a field of the wrong shape reads as
 * absent (undefined, or an empty list where that is what callers want), never
 * as a value of a type it is not.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonMap = { [k: string]: Json };

/** A plain object (not null, not an array). */
export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A plain object seen as a record of unknown values. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object whose values are all strings (labels, annotations, data). */
export function isStringMap(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** The object at `key`, or undefined when absent or not an object. */
export function mapAt(obj: unknown, key: string): JsonMap | undefined {
  if (!isRecord(obj)) return undefined;
  const v = obj[key];
  return isJsonMap(v) ? v : undefined;
}

/** The list at `key`, or [] when absent or not a list. */
export function listAt(obj: unknown, key: string): Json[] {
  if (!isRecord(obj)) return [];
  const v = obj[key];
  return Array.isArray(v) ? v : [];
}

/** The objects of the list at `key` (other elements skipped). */
export function mapsAt(obj: unknown, key: string): JsonMap[] {
  return listAt(obj, key).filter(isJsonMap);
}

/** The string at `key`, or undefined when absent or not a string. */
export function stringAt(obj: unknown, key: string): string | undefined {
  if (!isRecord(obj)) return undefined;
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** The number at `key`, or undefined when absent or not a number. */
export function numberAt(obj: unknown, key: string): number | undefined {
  if (!isRecord(obj)) return undefined;
  const v = obj[key];
  return typeof v === 'number' ? v : undefined;
}

/** The string map at `key` (labels, annotations), or undefined. */
export function stringMapAt(obj: unknown, key: string): Record<string, string> | undefined {
  if (!isRecord(obj)) return undefined;
  const v = obj[key];
  return isStringMap(v) ? v : undefined;
}

/** Follows `path` through nested objects; undefined where a step is missing or not an object. */
export function pathAt(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** How Go's encoding/json names a JSON value's kind in its unmarshal errors ("cannot unmarshal array into ..."). */
export function goJsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** Whether a thrown value is a Node system error with a `code` (ENOENT, EPIPE ...). */
export function isErrnoException(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && 'code' in e && typeof e.code === 'string';
}
