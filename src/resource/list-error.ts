/**
 * cli-runtime's Selector visitor words a list the server refused as bad
 * request or not found: the resource and the selectors go in front of the
 * server's message, which stays an API error ("Error from server
 * (BadRequest): Unable to find "/v1, Resource=pods" that match label
 * selector "!!!", field selector "": ...").
 */
import type { ResourceMapping } from '../client/mapper.js';
import { ApiError } from '../errors.js';
import { goQuote } from '../printers/go-format.js';

/** A list the server refused, with the resource and selectors in front of its message. */
export class ListError extends ApiError {}

export function listError(err: unknown, m: Pick<ResourceMapping, 'group' | 'version' | 'resource'>, labelSelector = '', fieldSelector = ''): unknown {
  if (!(err instanceof ApiError) || (err.statusCode !== 400 && err.statusCode !== 404)) return err;
  // schema.GroupVersionResource's String(): "apps/v1, Resource=deployments", "/v1, Resource=pods" for the core group
  const gvr = goQuote(`${m.group}/${m.version}, Resource=${m.resource}`);
  const message =
    labelSelector === '' && fieldSelector === ''
      ? `Unable to list ${gvr}: ${err.message}`
      : `Unable to find ${gvr} that match label selector ${goQuote(labelSelector)}, field selector ${goQuote(fieldSelector)}: ${err.message}`;
  return new ListError(err.statusCode, { ...err.status, message }, err.method, err.url);
}
