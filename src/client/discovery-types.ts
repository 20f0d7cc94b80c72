/** What discovery tells us about the server's APIs, in ktl's own shape. */

export interface ApiResourceInfo {
  group: string;
  version: string;
  /** plural resource name, e.g. "deployments" */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** e.g. ["status", "scale"] */
  subresources: string[];
}

export interface ApiGroupInfo {
  /** "" for the core group */
  name: string;
  /** in the server's preference order */
  versions: string[];
  preferredVersion: string;
}

export interface DiscoveryDocument {
  /** core first, then /apis in the server's order */
  groups: ApiGroupInfo[];
  resources: ApiResourceInfo[];
  /** group-versions that could not be read (not cached when non-empty) */
  failed: Array<{ groupVersion: string; message: string }>;
}

export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
