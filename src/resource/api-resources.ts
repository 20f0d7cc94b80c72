/** The order kubectl api-resources lists resource types in (shared with shell completion). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** kubectl's order: by group (or the --sort-by field), then by name; stable. */
export function sortRows<T extends { group: string; name: string; kind: string }>(rows: T[], sortBy: '' | 'name' | 'kind'): T[] {
  const field = (r: T) => (sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => cmp(field(a.r), field(b.r)) || cmp(a.r.name, b.r.name) || a.i - b.i)
    .map((x) => x.r);
}
