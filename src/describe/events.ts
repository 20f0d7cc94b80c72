/**
 * The Events section: the events whose involvedObject is the described
 * object (kubectl's field-selector search), and their table with kubectl's
 * "(xN over M)" ages.
 */
import type { KubeObject } from '../client/index.js';
import { parseTimestamp } from '../printers/age.js';
import { listObjects, gvr } from './api.js';
import { compareStrings, since } from './format.js';
import { goSort } from './go-sort.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.js';
import type { DescribeContext } from './registry.js';

/** The fields of a core/v1 Event that describe and `events` read. */
export interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string | null } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; fieldPath?: string };
}

export const EVENTS = gvr('', 'v1', 'events');

/** What identifies the object in the search (reference.GetReference, possibly adjusted by the describer). */
export interface EventRef {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

/** The reference kubectl builds from an object: its kind, namespace, name and uid. */
export function refOf(obj: { kind?: string; metadata?: { name?: string; namespace?: string; uid?: string } }): EventRef {
  const md = obj.metadata ?? {};
  return { kind: obj.kind, namespace: md.namespace, name: md.name, uid: md.uid };
}

/** The involvedObject field selector (client-go's GetFieldSelector: empty parts left out, keys sorted). */
export function eventFieldSelector(ref: EventRef): string {
  const parts: Array<[string, string | undefined]> = [
    ['involvedObject.kind', ref.kind || undefined],
    ['involvedObject.name', ref.name ?? ''],
    ['involvedObject.namespace', ref.namespace ?? ''],
    ['involvedObject.uid', ref.uid || undefined],
  ];
  return parts
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeFieldValue(v)}`)
    .join(',');
}

/** fields.EscapeValue */
function escapeFieldValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

/**
 * searchEvents. Failures give no events (kubectl ignores the error and shows
 * what it collected, which is "<none>").
 */
export async function searchEvents(dc: DescribeContext, ref: EventRef): Promise<CoreEvent[]> {
  try {
    return await listObjects<CoreEvent>(dc, EVENTS, ref.namespace ?? '', { fieldSelector: eventFieldSelector(ref) });
  } catch {
    return [];
  }
}

/** searchEvents whose failure fails the describer (kubectl's ConfigMap describer). */
export async function searchEventsStrict(dc: DescribeContext, ref: EventRef): Promise<CoreEvent[]> {
  return listObjects<CoreEvent>(dc, EVENTS, ref.namespace ?? '', { fieldSelector: eventFieldSelector(ref) });
}

/** The events of an object when --show-events is on, else undefined (no section). */
export async function eventsFor(dc: DescribeContext, ref: EventRef): Promise<CoreEvent[] | undefined> {
  return dc.settings.showEvents ? searchEvents(dc, ref) : undefined;
}

function time(value: unknown): number {
  return parseTimestamp(value)?.getTime() ?? Number.NEGATIVE_INFINITY;
}

/** sort.Sort(event.SortableEvents): by lastTimestamp (unset first), ties in Go's order. */
export function sortEvents(events: readonly CoreEvent[]): CoreEvent[] {
  return goSort(events, (a, b) => time(a.lastTimestamp) < time(b.lastTimestamp));
}

/** The age cell: "5m", or "2m (x4 over 10m)" for repeated events. */
export function eventInterval(e: CoreEvent, now: Date): string {
  const first = parseTimestamp(e.eventTime) ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** DescribeEvents: "Events: <none>" or the Type/Reason/Age/From/Message table (aligned on its own). */
export function describeEvents(w: PrefixWriter, events: readonly CoreEvent[], now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEvents(events)) {
    const source = e.source?.component || (e.reportingComponent ?? '');
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${eventInterval(e, now)}\t${source}\t${(e.message ?? '').trim()}\n`);
  }
}

/** Sorts names as Go's sort.Strings would (used by several describers). */
export { compareStrings };
