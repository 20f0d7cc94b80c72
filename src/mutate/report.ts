/**
 * What write commands print: "<kind>.<group>/<name> <operation>" lines, and
 * at the end the failures, one per line, as kubectl lists them.
 */
import { ApiError, ConnectionError, failIfAny, InputErrors, KtlError } from '../errors.js';

export type DryRun = 'none' | 'client' | 'server';

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/** "deployment.apps/web" (kind lower-cased, group when not core). */
export function objectRef(kind: string, group: string, name: string): string {
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name}`;
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

/** An API error whose message gains kubectl's "error when <verb> "<file>": " prefix. */
export function withSource(err: unknown, verb: string, source: string): unknown {
  if (!source) return err;
  const text = `error when ${verb} "${source}": `;
  if (err instanceof ApiError) {
    return new ApiError(err.statusCode, { ...err.status, message: text + (err.status.message ?? '') }, err.method, err.url);
  }
  // a failed request is named as Go's url.Error names it (`Get "URL": ...`)
  if (err instanceof ConnectionError) return new KtlError(text + err.urlErrorText);
  if (err instanceof Error) return new KtlError(text + err.message);
  return err;
}

/**
 * Ends a multi-object write command kubectl's way (see failIfAny): the
 * failures found while reading the input (builder) are one group when they
 * are several and come first when the command read all its input before
 * acting (apply), last when it acted on each object as it was read (create,
 * replace, delete, patch).
 */
export function throwFailures(builderErrors: unknown[], runErrors: unknown[], opts: { builderLast?: boolean } = {}): void {
  // as one entry among the run's failures, the builder's errors are one flat group
  const flat = runErrors.length ? builderErrors.flatMap((e) => (e instanceof InputErrors ? e.errors : [e])) : builderErrors;
  const builder = builderErrors.length > 1 ? [new InputErrors(flat)] : builderErrors;
  failIfAny(opts.builderLast ? [...runErrors, ...builder] : [...builder, ...runErrors], 'server');
}
