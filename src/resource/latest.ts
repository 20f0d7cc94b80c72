/**
 * The builder's Latest() and Flatten() for commands that act on what the
 * server holds now (scale, rollout, wait, set): named and -f objects are read
 * again, whole types are listed into one info per item.
 */
import { resourcePath, type Clients } from '../client/index.js';
import type { KtlError } from '../errors.js';
import type { KubeObject, ResourceInfo } from './types.js';

export async function fetchLatest(
  clients: Clients,
  infos: ResourceInfo[],
  o: { selector?: string; fieldSelector?: string },
): Promise<{ infos: ResourceInfo[]; errors: KtlError[] }> {
  const out: ResourceInfo[] = [];
  const errors: KtlError[] = [];
  for (const info of infos) {
    const namespace = info.namespace || undefined;
    if (info.name === '') {
      const list = await clients.rest.list(resourcePath(info.mapping, { namespace }), {
        query: { labelSelector: o.selector || undefined, fieldSelector: o.fieldSelector || undefined },
      });
      // list items come without their type; the builder's unstructured lists fill it in
      const apiVersion = info.mapping.group ? `${info.mapping.group}/${info.mapping.version}` : info.mapping.version;
      for (const item of list.items) {
        const object: KubeObject = { apiVersion, kind: info.mapping.kind, ...item };
        out.push({ mapping: info.mapping, namespace: item.metadata?.namespace ?? '', name: item.metadata?.name ?? '', object });
      }
      continue;
    }
    try {
      const object = (await clients.rest.getJson(resourcePath(info.mapping, { namespace, name: info.name }))) as KubeObject;
      out.push({ ...info, object });
    } catch (err) {
      errors.push(err as KtlError);
    }
  }
  return { infos: out, errors };
}
