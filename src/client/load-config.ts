/**
 * Seam to the kubeconfig loader in src/config (kubectl's loading rules and
 * flag overrides). Loaded lazily so the client can be built from hand-made
 * RestConfigs in tests without pulling the loader in.
 */
import type { RestConfig } from '../config/types.js';
import type { Context } from '../context.js';
import type { GlobalFlags } from '../flags/global.js';

export async function loadRestConfig(ctx: Context, flags: GlobalFlags): Promise<RestConfig> {
  const config = await import('../config/index.js');
  return config.loadRestConfig(ctx, flags);
}
