/** The metadata fields describers read, typed once for all of them. */
import type { KubeObject } from '../client/index.js';

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  finalizers?: string[] | null;
  uid?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  ownerReferences?: Array<{ kind?: string; name?: string; uid?: string; controller?: boolean }> | null;
  [k: string]: unknown;
}

export interface Described extends KubeObject {
  metadata?: ObjectMeta;
}

/** The metadata of an object, never undefined. */
export function metaOf(obj: Described): ObjectMeta {
  return obj.metadata ?? {};
}
