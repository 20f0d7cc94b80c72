/**
 * kubectl's generic describer, for custom resources and every kind without
 * a describer of its own: Name, Namespace, Labels, Annotations, then the
 * whole object field by field (sorted keys, "smart" labels such as
 * "Creation Timestamp"), then Events.
 */
import type { KubeObject } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import { stringMapAt } from '../codec/value.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from './events.js';
import { goV, printAnnotationsMultiline, printLabelsMultiline, sortedKeys } from './format.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer.js';
import type { Describer } from './registry.js';

const SKIPPED = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters; "PDFLoader" -> PDF, Loader. */
export function camelSplit(src: string): string[] {
  const classOf = (ch: string): number => {
    if (/\p{Ll}/u.test(ch)) return 1;
    if (/\p{Lu}/u.test(ch)) return 2;
    if (/\p{Nd}/u.test(ch)) return 3;
    return 4;
  };
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const c = classOf(ch);
    if (c === last && runs.length > 0) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i]!;
    const next = runs[i + 1]!;
    if (cur.length > 0 && next.length > 0 && /\p{Lu}/u.test(cur[0]!) && /\p{Ll}/u.test(next[0]!)) {
      next.unshift(cur.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor: "creationTimestamp" -> "Creation Timestamp", "apiVersion" -> "API Version". */
export function smartLabelFor(field: string): string {
  // names with anything but letters and '-' are shown as they are
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .map((part) => (ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : titleWord(part)))
    .join(' ');
}

/** strings.Title of a run of one character class: the first letter upper-cased. */
function titleWord(s: string): string {
  const first = [...s][0] ?? '';
  return first.toUpperCase() + s.slice(first.length);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** printUnstructuredContent */
export function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  skipPrefix: string,
  skip: ReadonlySet<string>,
): void {
  for (const field of sortedKeys(content)) {
    const value = content[field];
    const path = `${skipPrefix}.${field}`;
    if (skip.has(path)) continue;
    if (isMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isMap(child)) printUnstructuredContent(w, level + 1, child, path, skip);
        else w.write(level + 1, `${goV(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goV(value)}\n`);
    }
  }
}

/** The text for an object already in hand (events: undefined for no section). */
export function renderGeneric(obj: KubeObject, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const md = obj.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', stringMapAt(md, 'labels'));
    printAnnotationsMultiline(w, 'Annotations', stringMapAt(md, 'annotations'));
    printUnstructuredContent(w, LEVEL_0, obj, '', SKIPPED);
    if (events) describeEvents(w, events, now);
  });
}

/** The generic describer: the object as the resolved mapping serves it. */
export const describeGeneric: Describer = async (dc, namespace, name) => {
  const obj = await dc.clients.rest.getJson<KubeObject>(
    resourcePath(dc.mapping, { namespace: dc.mapping.namespaced ? namespace || undefined : undefined, name }),
  );
  const events = await eventsFor(dc, refOf(obj));
  return renderGeneric(obj, events, dc.now);
};
