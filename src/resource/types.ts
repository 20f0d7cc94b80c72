import type { ResourceMapping } from '../client/mapper.js';

/** An API object as JSON (unstructured). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    creationTimestamp?: string | null;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A JSON object (not null, not an array): what an unstructured object is read as. */
export function isKubeObject(v: unknown): v is KubeObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One thing the user named: a whole list (name '') or one object, with its mapping. */
export interface ResourceInfo {
  mapping: ResourceMapping;
  /** '' for cluster-scoped resources and for lists across all namespaces */
  namespace: string;
  /** '' when the info stands for a whole list */
  name: string;
  /** the manifest (for -f), or the object once fetched */
  object?: KubeObject;
  /** after the builder's latest() on -f input: the object as the manifest gave it (namespace filled in) */
  manifest?: KubeObject;
  /** file path, URL or "STDIN" for -f */
  source?: string;
  docIndex?: number;
}
