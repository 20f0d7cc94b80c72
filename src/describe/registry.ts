/**
 * Describers by group and kind. Each file under kinds/ registers the kinds
 * it renders (kinds/index.ts imports them all); a kind without one gets the
 * generic describer (generic.ts). A describer fetches what it needs itself,
 * as kubectl's do: the object (in the version kubectl's typed client reads),
 * related objects, and events when settings.showEvents is on.
 */
import type { Clients, ResourceMapping } from '../client/index.js';

export interface DescriberSettings {
  /** --show-events */
  showEvents: boolean;
  /** --chunk-size for the lists a describer makes (0: unpaged) */
  chunkSize: number;
}

export interface DescribeContext {
  clients: Clients;
  /** the mapping the command resolved the object with */
  mapping: ResourceMapping;
  settings: DescriberSettings;
  /** the clock ages are computed against */
  now: Date;
}

/** Returns the whole description of one object (kubectl's Describe(namespace, name)). */
export type Describer = (dc: DescribeContext, namespace: string, name: string) => Promise<string>;

const describers = new Map<string, Describer>();

function keyOf(group: string, kind: string): string {
  return `${kind}.${group}`;
}

/** Registers a describer for a group ('' for core) and kind. */
export function registerDescriber(group: string, kind: string, describer: Describer): void {
  const key = keyOf(group, kind);
  if (describers.has(key)) throw new Error(`describer for ${key} registered twice`);
  describers.set(key, describer);
}

/** The kind-specific describer, if there is one. */
export function describerFor(group: string, kind: string): Describer | undefined {
  return describers.get(keyOf(group, kind));
}

/** Every registered group/kind (for tests and docs). */
export function registeredKinds(): Array<{ group: string; kind: string }> {
  return [...describers.keys()].map((k) => {
    const dot = k.indexOf('.');
    return { kind: k.slice(0, dot), group: k.slice(dot + 1) };
  });
}
