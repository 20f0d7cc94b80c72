/**
 * The small renderings every describer shares, with kubectl's rules:
 * multi-line labels/annotations/taints/tolerations/pod lists, `<none>`,
 * times (RFC 1123 with numeric zone, in local time, as Go formats them),
 * ages, and Go's %v for decoded JSON values.
 */
import { parseTimestamp, humanDuration } from '../printers/age.js';
import { formatGoValue } from '../printers/go-format.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

/** The annotation kubectl never shows (kubectl.kubernetes.io/last-applied-configuration). */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

type Dict = Record<string, string> | undefined | null;

/** Go's byte-wise string order (sort.Strings). */
export function compareStrings(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** Keys of a map in sort.Strings order. */
export function sortedKeys(m: Record<string, unknown> | undefined | null): string[] {
  return Object.keys(m ?? {}).sort(compareStrings);
}

/**
 * A stable sort: what Go's sort.Sort/sort.Slice give for up to 12 elements
 * (insertion sort); beyond that Go's order of equal elements is its own.
 */
export function stableSort<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return items
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (less(a.v, b.v) ? -1 : less(b.v, a.v) ? 1 : a.i - b.i))
    .map((x) => x.v);
}

/** "<none>" for an empty string. */
export function stringOrNone(s: string | undefined | null): string {
  return stringOrDefault(s, '<none>');
}

export function stringOrDefault(s: string | undefined | null, dflt: string): string {
  return s ? s : dflt;
}

/** printBoolPtr: "<unset>" for nil. */
export function boolPtr(v: boolean | undefined | null): string {
  return v === undefined || v === null ? '<unset>' : v ? 'True' : 'False';
}

/** printBool */
export function boolText(v: boolean | undefined | null): string {
  return v ? 'True' : 'False';
}

/** Go's %v of a decoded JSON value (ints as ints, floats as %g, maps as map[k:v], nil as <nil>). */
export function goV(v: unknown): string {
  return formatGoValue(v);
}

/** printLabelsMultilineWithIndent */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Dict,
  opts: { initialIndent?: string; innerIndent?: string; skip?: ReadonlySet<string> } = {},
): void {
  const initialIndent = opts.initialIndent ?? '';
  const innerIndent = opts.innerIndent ?? '\t';
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels).filter((k) => !opts.skip?.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** Cuts a string to `max` bytes (as Go slices strings) and marks the cut. */
function shorten(s: string, max: number): string {
  const b = Buffer.from(s);
  return b.length > max ? b.subarray(0, max).toString() + '...' : s;
}

/** printAnnotationsMultiline: long or multi-line values on their own lines, last-applied skipped. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Dict): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => k !== LAST_APPLIED_ANNOTATION);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (Buffer.byteLength(value) + Buffer.byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

export interface Taint {
  key?: string;
  value?: string;
  effect?: string;
}

/** Taint.ToString */
export function taintString(t: Taint): string {
  const key = t.key ?? '';
  if (!t.effect) return t.value ? `${key}=${t.value}:` : key;
  return t.value ? `${key}=${t.value}:${t.effect}` : `${key}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect then key. */
export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: Taint[] | undefined,
  opts: { initialIndent?: string; innerIndent?: string } = {},
): void {
  const initialIndent = opts.initialIndent ?? '';
  const innerIndent = opts.innerIndent ?? '\t';
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Taint) => `${t.effect ?? ''},${t.key ?? ''}`;
  stableSort(taints, (a, b) => compareStrings(key(a), key(b)) < 0).forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent: sorted by key; `op=Exists`, `for Ns`. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  opts: { initialIndent?: string; innerIndent?: string } = {},
): void {
  const initialIndent = opts.initialIndent ?? '';
  const innerIndent = opts.innerIndent ?? '\t';
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  stableSort(tolerations, (a, b) => compareStrings(a.key ?? '', b.key ?? '') < 0).forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** printPodsMultilineWithIndent: pod names, sorted. */
export function printPodsMultiline(
  w: PrefixWriter,
  title: string,
  podNames: string[],
  opts: { initialIndent?: string; innerIndent?: string } = {},
): void {
  const initialIndent = opts.initialIndent ?? '';
  const innerIndent = opts.innerIndent ?? '\t';
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (podNames.length === 0) {
    w.writeLine('<none>');
    return;
  }
  [...podNames].sort(compareStrings).forEach((name, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${name}\n`);
  });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.Format(time.RFC1123Z) in local time: "Mon, 02 Jan 2006 15:04:05 -0700". */
export function formatRFC1123Z(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const zone = `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone}`;
}

/**
 * A metav1.Time field formatted with RFC1123Z; Go's zero time (a missing
 * field) prints as "Mon, 01 Jan 0001 00:00:00 +0000".
 */
export function timeRFC1123Z(value: unknown): string {
  const d = parseTimestamp(value);
  return d ? formatRFC1123Z(d) : 'Mon, 01 Jan 0001 00:00:00 +0000';
}

/** translateTimestampSince: HumanDuration of the time since, "<unknown>" when unset. */
export function since(value: unknown, now: Date): string {
  const d = parseTimestamp(value);
  return d ? humanDuration(now.getTime() - d.getTime()) : '<unknown>';
}

/** Go's strings.Title-like capitalisation kubectl uses for some enum values. */
export function upperFirst(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}
