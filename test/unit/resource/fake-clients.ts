import type { Clients } from '../../../src/client/index.js';
import { ResourceMapper } from '../../../src/client/mapper.js';
import type { DiscoveryDocument } from '../../../src/client/discovery-types.js';
import { UnknownResourceError } from '../../../src/errors.js';

const RW = ['get', 'list', 'watch', 'create', 'delete', 'patch', 'update'];

/** A discovery document like a small cluster's. */
export function fakeDoc(): DiscoveryDocument {
  const r = (group: string, version: string, name: string, kind: string, namespaced: boolean, x: { shortNames?: string[]; categories?: string[] } = {}) => ({
    group, version, name, singularName: kind.toLowerCase(), kind, namespaced, verbs: RW,
    shortNames: x.shortNames ?? [], categories: x.categories ?? [], subresources: [],
  });
  return {
    groups: [
      { name: '', versions: ['v1'], preferredVersion: 'v1' },
      { name: 'apps', versions: ['v1'], preferredVersion: 'v1' },
      { name: 'example.com', versions: ['v1'], preferredVersion: 'v1' },
    ],
    resources: [
      r('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'] }),
      r('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'] }),
      r('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
      r('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'] }),
      r('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'] }),
      r('example.com', 'v1', 'widgets', 'Widget', true, { shortNames: ['wd'] }),
    ],
    failed: [],
  };
}

/** Just enough of Clients for resolveResourceArgs: mapper, resolve, discovery.get. */
export function fakeClients(doc: DiscoveryDocument = fakeDoc()): Clients & { refreshes: number } {
  const c = {
    refreshes: 0,
    mapper: async () => new ResourceMapper(doc),
    resolve: async (arg: string) => new ResourceMapper(doc).resolve(arg),
    discovery: {
      get: async (o: { fresh?: boolean } = {}) => {
        if (o.fresh) c.refreshes++;
        return { doc, fromCache: false };
      },
    },
  };
  return c as unknown as Clients & { refreshes: number };
}

export { UnknownResourceError };
