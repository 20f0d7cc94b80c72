/**
 * What write commands print: "<kind>.<group>/<name> <operation>" lines, and
 * at the end the failures, one per line, as kubectl lists them.
 */
import { ApiError, InputErrors, KtlError, PreformattedError } from '../errors.js';
import { formatApiError } from '../errors-format.js';

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
  if (err instanceof Error) return new KtlError(text + err.message);
  return err;
}

/** One failure as a line of kubectl's multi-error list. */
function lineOf(err: unknown): string {
  if (err instanceof ApiError) {
    const reason = err.status.reason;
    if (reason && err.statusCode !== 401) return `Error from server (${reason}): ${err.status.message ?? ''}`;
    return formatApiError(err).replace(/^error: /, '');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Throws the failures of a multi-object command the way kubectl reports
 * them: one failure as a normal error, several as one line each; the
 * failures found while reading the input (builder) are one bracketed line
 * when they are several and others are listed too. They come first when the
 * command read all its input before acting (apply), last when it acted on
 * each object as it was read (create, replace, delete, patch).
 */
export function throwFailures(builderErrors: unknown[], runErrors: unknown[], opts: { builderLast?: boolean } = {}): void {
  const builder: unknown[] = [];
  if (builderErrors.length === 1) builder.push(builderErrors[0]);
  else if (builderErrors.length > 1) builder.push(new InputErrors(builderErrors));
  const all = opts.builderLast ? [...runErrors, ...builder] : [...builder, ...runErrors];
  if (all.length === 0) return;
  const text = (e: unknown): string => (e instanceof InputErrors ? `[${e.errors.map(lineOf).join(', ')}]` : lineOf(e));
  if (all.length === 1) {
    const only = all[0];
    if (only instanceof InputErrors) throw new PreformattedError(only.errors.map(lineOf).join('\n'));
    throw only;
  }
  throw new PreformattedError(all.map(text).join('\n'));
}
