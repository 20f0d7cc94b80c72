/**
 * cli-runtime's Info.Get: an object not found in a namespace other than
 * "default" is reported as the namespace's NotFound when the namespace is
 * missing too (`Error from server (NotFound): namespaces "x" not found`).
 */
import type { Clients } from '../client/index.js';
import { resourcePath } from '../client/rest.js';
import { ApiError } from '../errors.js';
import type { KubeObject } from './types.js';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

/** The error to report for a failed GET of one object in `namespace`: the namespace's NotFound when it is missing. */
export async function missingNamespace(clients: Clients, error: unknown, namespace: string): Promise<unknown> {
  if (!(error instanceof ApiError) || error.statusCode !== 404 || namespace === '' || namespace === 'default') return error;
  try {
    await clients.rest.getJson<KubeObject>(resourcePath(NAMESPACES, { name: namespace }));
  } catch (nsError) {
    if (nsError instanceof ApiError && nsError.statusCode === 404) return nsError;
  }
  return error;
}

/** For a GET's catch: rethrows its error, or the namespace's NotFound when the namespace is missing. */
export function rethrowMissingNamespace(clients: Clients, namespace: string): (error: unknown) => Promise<never> {
  return async (error) => {
    throw await missingNamespace(clients, error, namespace);
  };
}
