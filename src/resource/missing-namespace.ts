/**
 * cli-runtime's Info.Get: when a named object is not found in a namespace
 * (other than `default`), kubectl asks whether the namespace itself exists,
 * and reports `namespaces "X" not found` instead when it does not.
 */
import type { Clients } from '../client/index.js';
import { escapePathSegment } from '../client/path-segment.js';
import { ApiError } from '../errors.js';

/** apimachinery's IsNotFound: the NotFound reason, or a 404 without a reason of its own. */
export function isNotFound(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.reason === 'NotFound' || (err.statusCode === 404 && err.reason === ''));
}

/** The error to report for a failed read of a named object: the namespace's NotFound when that is the cause. */
export async function notFoundCause(clients: Clients, err: unknown, namespace: string | undefined): Promise<unknown> {
  if (!isNotFound(err) || !namespace || namespace === 'default') return err;
  try {
    await clients.rest.getJson(`/api/v1/namespaces/${escapePathSegment(namespace)}`);
  } catch (nsErr) {
    if (isNotFound(nsErr)) return nsErr;
  }
  return err;
}

/** getJson of a named object with that rule applied to its failure. */
export async function getNamed<T>(clients: Clients, path: string, namespace: string | undefined, opts?: Parameters<Clients['rest']['getJson']>[1]): Promise<T> {
  try {
    return await clients.rest.getJson<T>(path, opts);
  } catch (err) {
    throw await notFoundCause(clients, err, namespace);
  }
}
