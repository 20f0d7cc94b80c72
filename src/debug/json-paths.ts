/**
 * Reading and filling in pods as plain JSON (what the server serves), the
 * way kubectl's typed structs behave: a missing struct is there empty, a
 * missing list is empty.
 */
import { isJsonMap, type Json, type JsonMap } from '../codec/value.js';

/** The object at `key`, put there (empty) first when absent or not an object. */
export function childMap(p: JsonMap, key: string): JsonMap {
  const v = p[key];
  if (isJsonMap(v)) return v;
  const m: JsonMap = {};
  p[key] = m;
  return m;
}

/** Whether v is a list of objects. */
export function isMapList(v: Json | undefined): v is JsonMap[] {
  return Array.isArray(v) && v.every(isJsonMap);
}

/** The list itself (not a copy, to edit in place) when it is a list of objects, else []. */
export function mapList(v: Json | undefined): JsonMap[] {
  return isMapList(v) ? v : [];
}
