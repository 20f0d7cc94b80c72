/**
 * `--sort-by`: order objects by a (relaxed) JSONPath expression the way
 * kubectl 1.31+ does: objects without the field first; numbers numerically;
 * strings that both parse as resource quantities by quantity, other strings
 * by plain byte order (kubectl dropped natural sort in 1.31, kubernetes#124514);
 * RFC 3339 timestamps therefore sort chronologically as strings. The first
 * value found is the sort key. Sorting is Go's sort.Sort (not stable) over
 * kubectl's Less, so equal keys end up where kubectl puts them.
 */
import { goTypeName } from './go-format.js';
import { compareCodePoints } from '../codec/json.js';
import { JsonPath, relaxedJsonPathExpression } from './jsonpath.js';
import { compareQuantities, parseQuantity } from './quantity.js';
import { messageOf } from '../errors.js';
import { goSort } from '../describe/go-sort.js';

/**
 * Thrown for fields kubectl refuses to sort by: it exits 1 through klog.Exitf
 * with this message, from the Less of the sorter at `source` (sorter.go:329
 * for objects, sorter.go:375 for table rows).
 */
export class UnsortableError extends Error {
  constructor(
    message: string,
    readonly source = '',
  ) {
    super(message);
  }
}

/** JSON numbers as Go's unstructured decoding types them: int64 when integral, float64 otherwise. */
const goNumberType = (n: number) => (Number.isInteger(n) ? 'int64' : 'float64');

function isLess(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b !== null && b !== undefined;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') {
    // an int64 and a float64 are different dynamic types to kubectl's isLess
    if (goNumberType(a) !== goNumberType(b)) throw new UnsortableError('unsortable interface: interface');
    return a < b;
  }
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
function sortKeys(objects: readonly unknown[], expr: string): { expr: string; keys: Array<{ found: boolean; value: unknown }> } {
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
/**
 * sort.Sort with kubectl's Less over precomputed keys: a missing key is less than any other (even another missing
 * one); values kubectl cannot compare fail with the caller's error.
 */
function sortedByKeys<T>(objects: readonly T[], keys: ReadonlyArray<{ found: boolean; value?: unknown }>, unsortable: (e: unknown) => Error): T[] {
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
        throw unsortable(e);
      }
    },
  );
  return order.map((i) => objects[i]!);
}

export function sortObjectsBy<T>(objects: readonly T[], field: string): T[] {
  const { expr, keys } = sortKeys(objects, relaxedJsonPathExpression(field));
  if (objects.length > 0 && !keys.some((k) => k.found)) {
    throw new Error(`couldn't find any field with path ${JSON.stringify(expr)} in the list of objects`);
  }
  // kubectl's RuntimeSort.Less under sort.Sort: an object without the field is less than any other
  return sortedByKeys(objects, keys, (e) => new UnsortableError(`Field ${expr} in *unstructured.Unstructured is an unsortable type: interface, err: ${messageOf(e)}`, 'sorter.go:329'));
}

/**
 * kubectl's TableSorter over a server table's rows (sort.Sort, Go's pdqsort,
 * with its Less: a row without the field is "less" than any other, even
 * another without it, so those rows gather at the front in an order Go's
 * sort gives them). Undefined when kubectl's sorting printer fails on the
 * table (no row has the field; a field that is no JSONPath, such as an
 * unclosed `{.a`, which it then uses as written): get ignores that
 * printer's error, so the table prints no row at all.
 */
export function sortTableRowsBy<T>(objects: readonly T[], field: string): T[] | undefined {
  let expr: string;
  try {
    expr = relaxedJsonPathExpression(field);
  } catch {
    expr = field;
  }
  let sorted: ReturnType<typeof sortKeys>;
  try {
    sorted = sortKeys(objects, expr);
  } catch (e) {
    if (e instanceof UnsortableError) throw e;
    return undefined;
  }
  const { keys } = sorted;
  if (!keys.some((k) => k.found)) return undefined;
  return sortedByKeys(objects, keys, (e) => new UnsortableError(`Field ${expr} in [][][]reflect.Value is an unsortable type: interface, err: ${messageOf(e)}`, 'sorter.go:375'));
}
