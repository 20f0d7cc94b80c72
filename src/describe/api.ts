/**
 * What a describer reads from the server: one object, lists (paged with
 * --chunk-size, as kubectl's FollowContinue does), in a fixed group/version
 * (kubectl's typed clients read e.g. apps/v1 whatever the user typed).
 */
import { resourcePath, type KubeObject } from '../client/index.js';
import type { Query } from '../client/transport.js';
import type { DescribeContext } from './registry.js';

export interface GVR {
  group: string;
  version: string;
  resource: string;
}

/** Short constructor: gvr('apps', 'v1', 'deployments'). */
export function gvr(group: string, version: string, resource: string): GVR {
  return { group, version, resource };
}

/** GET one object; errors (NotFound, Forbidden ...) are thrown as ApiError. */
export async function getObject<T = KubeObject>(dc: DescribeContext, g: GVR, namespace: string, name: string): Promise<T> {
  return dc.clients.rest.getJson<T>(resourcePath(g, { namespace: namespace || undefined, name }));
}

/** LIST all pages; namespace '' lists across namespaces (or a cluster-scoped type). */
export async function listObjects<T = KubeObject>(
  dc: DescribeContext,
  g: GVR,
  namespace: string,
  query: { labelSelector?: string; fieldSelector?: string } = {},
): Promise<T[]> {
  const q: Query = {};
  if (query.labelSelector) q.labelSelector = query.labelSelector;
  if (query.fieldSelector) q.fieldSelector = query.fieldSelector;
  const list = await dc.clients.rest.list<T>(resourcePath(g, { namespace: namespace || undefined }), {
    query: q,
    limit: dc.settings.chunkSize,
  });
  return list.items;
}
