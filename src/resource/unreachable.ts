/**
 * What kubectl's builder says about -f documents when the server cannot be
 * reached at all (a refused dial, an unknown host, a TLS failure): its
 * client-side validation, which fetches the OpenAPI schema before anything
 * else, fails first (`error validating "F": error validating data: failed to
 * download openapi: Get ".../openapi/v2?timeout=32s": ...`); without
 * validation each document's mapping fails on discovery (`unable to
 * recognize "F": Get ".../api?timeout=32s": ...`), each after its own
 * discovery attempt and klog line.
 */
import type { Clients, ResourceMapper } from '../client/index.js';
import { DISCOVERY_TIMEOUT_MS, logDeferredDiscoveryError } from '../client/discovery.js';
import { ConnectionError, KtlError } from '../errors.js';
import { isManifestError, type ManifestItem } from './manifests.js';

const VALIDATE_HINT = '; if you choose to ignore these errors, turn validation off with --validate=false';

/** The server was not reached (as opposed to answering with an error). */
export function isUnreachable(err: unknown): err is ConnectionError {
  return err instanceof ConnectionError;
}

/** kubectl's mapping failure for a document when discovery failed with `err`. */
export function unrecognized(source: string, err: ConnectionError): KtlError {
  return new KtlError(`unable to recognize "${source}": ${err.urlErrorText}`);
}

/**
 * With client-side validation on (create, replace, apply without
 * --validate=false) and a readable document: the discovery that mapping
 * needs, done quietly first. A server out of reach fails as kubectl's schema
 * download fails, with no klog line: the errors in kubectl's order (each
 * unreadable document's own, and for each source the first readable
 * document's validation error; the rest of that source is not looked at).
 * Undefined when the server answered; its other failures are logged and
 * thrown as before.
 */
export async function schemaUnreachableErrors(clients: Clients, manifests: readonly ManifestItem[]): Promise<KtlError[] | undefined> {
  if (!manifests.some((m) => !isManifestError(m))) return undefined;
  try {
    await clients.mapper({ quiet: true });
    return undefined;
  } catch (err) {
    if (!isUnreachable(err)) {
      logDeferredDiscoveryError(err);
      throw err;
    }
    const url = clients.transport.url({ path: '/openapi/v2', defaultTimeoutMs: DISCOVERY_TIMEOUT_MS }).toString();
    const errors: KtlError[] = [];
    const failed = new Set<string>();
    for (const m of manifests) {
      if (isManifestError(m)) errors.push(m.error);
      else if (!failed.has(m.source)) {
        failed.add(m.source);
        errors.push(new KtlError(`error validating "${m.source}": error validating data: failed to download openapi: Get "${url}": ${err.message}${VALIDATE_HINT}`));
      }
    }
    return errors;
  }
}

/**
 * The mapper for a document, or kubectl's `unable to recognize` when the
 * server is out of reach: every document tries discovery again (and logs
 * again), as kubectl's builder does.
 */
export async function mapperFor(clients: Clients, source: string): Promise<ResourceMapper | KtlError> {
  try {
    return await clients.mapper();
  } catch (err) {
    if (isUnreachable(err)) return unrecognized(source, err);
    throw err;
  }
}
