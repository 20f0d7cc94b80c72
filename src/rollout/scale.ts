/**
 * Scaling through the scale subresource, as kubectl's scaler does: a merge
 * patch when there is no precondition, else GET, check, PUT (retried on
 * conflicts); optionally polling until status.replicas catches up.
 */
import { ApiError, KtlError } from '../errors.js';
import type { V1Scale } from '@kubernetes/client-node';
import type { RestClient } from '../client/rest.js';

/** The scale subresource as JSON (status.replicas may be missing). */
type Scale = Omit<V1Scale, 'status'> & { status?: { replicas?: number } };

export interface ScaleRequest {
  replicas: number;
  /** -1: no precondition */
  currentReplicas: number;
  resourceVersion: string;
  serverDryRun: boolean;
}

/** kubectl's precondition failure text. */
export function checkPreconditions(scale: Scale | undefined, r: Pick<ScaleRequest, 'currentReplicas' | 'resourceVersion'>): void {
  const current = scale?.spec?.replicas ?? 0;
  if (r.currentReplicas !== -1 && current !== r.currentReplicas) {
    throw new KtlError(`Expected replicas to be ${r.currentReplicas}, was ${current}`);
  }
  const rv = scale?.metadata?.resourceVersion ?? '';
  if (r.resourceVersion && rv !== r.resourceVersion) {
    throw new KtlError(`Expected resource version to be ${r.resourceVersion}, was ${rv}`);
  }
}

export async function scaleOne(
  rest: RestClient,
  scalePath: string,
  r: ScaleRequest,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((res) => setTimeout(res, ms)),
): Promise<void> {
  const query = r.serverDryRun ? { dryRun: 'All' } : undefined;
  if (r.currentReplicas === -1 && !r.resourceVersion) {
    await rest.patch(scalePath, 'merge', { spec: { replicas: r.replicas } }, query);
    return;
  }
  for (let attempt = 0; ; attempt++) {
    const scale = await rest.getJson<Scale>(scalePath);
    checkPreconditions(scale, r);
    scale.spec = { ...(scale.spec ?? {}), replicas: r.replicas };
    try {
      await rest.update(scalePath, scale, query);
      return;
    } catch (err) {
      // a conflict means someone else wrote in between: look again
      if (err instanceof ApiError && err.statusCode === 409 && attempt < 60) {
        await sleep(1000);
        continue;
      }
      throw err;
    }
  }
}

/** Polls the scale subresource each second until status.replicas equals the wanted count. */
export async function waitForReplicas(
  rest: RestClient,
  scalePath: string,
  replicas: number,
  name: string,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((res) => setTimeout(res, ms)),
  now: () => number = () => Date.now(),
): Promise<void> {
  const end = now() + timeoutMs;
  for (;;) {
    const scale = await rest.getJson<Scale>(scalePath);
    const spec = scale?.spec?.replicas ?? 0;
    if (spec !== replicas) return; // someone else changed the target: stop waiting
    if ((scale?.status?.replicas ?? 0) === replicas) return;
    if (now() + 1000 > end) throw new KtlError(`timed out waiting for ${JSON.stringify(name)} to be synced`);
    await sleep(1000);
  }
}
