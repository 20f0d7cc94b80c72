/**
 * kubeconfig for ktl: kubectl's loading and merge rules, flag overrides,
 * in-cluster config, and safe write-back.
 *
 *   loadRestConfig(ctx, flags)       what API commands connect with
 *   loadMergedKubeconfig(ctx, path)  the merged files + where each stanza came from
 *   modifyKubeconfig(paths, edited)  write changes back, kubectl's rules
 */
import type { Context } from '../context.js';
import { kubeconfigPaths, loadKubeconfig } from './loader.js';
import type { LoadedKubeconfig } from './types.js';

export { loadRestConfig, DEFAULT_SERVER, IN_CLUSTER_ROOT, type RestConfigOptions } from './rest-config.js';
export {
  kubeconfigPaths,
  loadKubeconfig,
  loadKubeconfigFile,
  loadingPrecedence,
  mergeKubeconfigs,
  resolveLocalPaths,
  cloneKubeconfig,
  type KubeconfigPaths,
} from './loader.js';
export { modifyKubeconfig, writeKubeconfigFile, atomicWrite, type EditableKubeconfig } from './writer.js';
export { encodeKubeconfig, emptyKubeconfig } from './codec.js';
export { decodeKubeconfig } from './decode-text.js';
export { parseRequestTimeout, parseGoDuration, formatGoDuration } from './duration.js';
export type * from './types.js';

/**
 * The merged kubeconfig as `ktl config` sees it: paths as written, a missing
 * --kubeconfig file reads as empty.
 */
export function loadMergedKubeconfig(ctx: Context, explicitPath?: string): Promise<LoadedKubeconfig> {
  return loadKubeconfig(kubeconfigPaths(ctx, explicitPath), { missingExplicitIsEmpty: true });
}
