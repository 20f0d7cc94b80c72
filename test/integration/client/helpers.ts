import type { RestConfig } from '../../../src/config/types.js';

/** A hand-built RestConfig for a fake server. */
export function restConfig(server: string, cacheDir: string, extra: Partial<RestConfig> = {}): RestConfig {
  return {
    contextName: 'test',
    clusterName: 'test',
    userName: 'test',
    namespace: 'default',
    namespaceFromFlag: false,
    cluster: { server },
    user: {},
    requestTimeoutMs: 0,
    inCluster: false,
    verbosity: 0,
    cacheDir,
    ...extra,
  };
}
