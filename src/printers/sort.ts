/**
 * `--sort-by`: order objects by a (relaxed) JSONPath expression the way
 * kubectl 1.31+ does: objects without the field first; numbers numerically;
 * strings that both parse as resource quantities by quantity, other strings
 * by plain byte order (kubectl dropped natural sort in 1.31, kubernetes#124514);
 * RFC 3339 timestamps therefore sort chronologically as strings. The first
 * value found is the sort key. Sorting is stable.
 */
import { goTypeName } from './go-format.js';
import { compareCodePoints } from '../codec/json.js';
import { JsonPath, relaxedJsonPathExpression } from './jsonpath.js';
import { compareQuantities, parseQuantity } from './quantity.js';
import { messageOf } from '../errors.js';
import { goSort } from '../describe/go-sort.js';

/** Thrown for fields kubectl refuses to sort by (it exits with a fatal error). */
export class UnsortableError extends Error {}

function isLess(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b !== null && b !== undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a);
    const qb = qa && parseQuantity(b);
    if (qa && qb) return compareQuantities(qa, qb) < 0;
    return compareCodePoints(a, b) < 0;
  }
  if (typeof a === typeof b && typeof a !== 'object') {
    throw new UnsortableError(`unsortable type: ${goTypeName(a)}`);
  }
  if (typeof a !== 'object') throw new UnsortableError(`unsortable interface: interface`);
  throw new UnsortableError(`unsortable type: ${goTypeName(a)}`);
}

/** The --sort-by expression and, per object, the first value it finds (found: false when none). */
function sortKeys(objects: readonly unknown[], field: string): { expr: string; keys: Array<{ found: boolean; value: unknown }> } {
  const expr = relaxedJsonPathExpression(field);
  const jp = new JsonPath(expr, { allowMissingKeys: true });
  const keys = objects.map((o) => {
    const r = jp.findResults(o);
    return r.length > 0 && r[0].length > 0 ? { found: true, value: r[0][0] } : { found: false, value: undefined };
  });
  return { expr, keys };
}

/**
 * Returns the objects sorted by `field` (a new array; the input is untouched).
 * Throws `couldn't find any field with path "{...}" in the list of objects`
 * when no object has the field.
 */
export function sortObjectsBy<T>(objects: readonly T[], field: string): T[] {
  const { expr, keys } = sortKeys(objects, field);
  if (objects.length > 0 && !keys.some((k) => k.found)) {
    throw new Error(`couldn't find any field with path ${JSON.stringify(expr)} in the list of objects`);
  }
  const idx = objects.map((_, i) => i);
  idx.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (!a.found || !b.found) return (a.found ? 1 : 0) - (b.found ? 1 : 0);
    try {
      if (isLess(a.value, b.value)) return -1;
      if (isLess(b.value, a.value)) return 1;
    } catch (e) {
      // kubectl exits through klog here; the message after its "F... sorter.go:NNN] " prefix is this.
      throw new UnsortableError(`Field ${expr} in *unstructured.Unstructured is an unsortable type: interface, err: ${messageOf(e)}`);
    }
    return 0;
  });
  return idx.map((i) => objects[i]);
}

/**
 * kubectl's TableSorter over a server table's rows (sort.Sort, Go's pdqsort,
 * with its Less: a row without the field is "less" than any other, even
 * another without it, so those rows gather at the front in an order Go's
 * sort gives them). Undefined when no row has the field: kubectl then prints
 * no row at all.
 */
export function sortTableRowsBy<T>(objects: readonly T[], field: string): T[] | undefined {
  const { expr, keys } = sortKeys(objects, field);
  if (!keys.some((k) => k.found)) return undefined;
  const order = goSort(
    objects.map((_, i) => i),
    (i, j) => {
      const a = keys[i]!;
      const b = keys[j]!;
      if (!a.found) return true;
      if (!b.found) return false;
      try {
        return isLess(a.value, b.value);
      } catch (e) {
        throw new UnsortableError(`Field ${expr} in [][][]reflect.Value is an unsortable type: interface, err: ${messageOf(e)}`);
      }
    },
  );
  return order.map((i) => objects[i]!);
}
