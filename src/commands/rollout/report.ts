/**
 * kubectl's way of ending a command that visited many objects: one failure
 * is reported as that error alone; several are printed one per line, as
 * their bare messages, and the command exits 1.
 */
import { write, type IO } from '../../context.js';
import { ApiError, ExitError, KtlError } from '../../errors.js';

/** A failure that kubectl prints with its own "error: " already in the text when aggregated. */
export class PrefixedError extends KtlError {}

export function aggregateLine(err: unknown): string {
  if (err instanceof PrefixedError) return `error: ${err.message}`;
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export async function finish(io: IO, failures: unknown[]): Promise<number> {
  if (failures.length === 0) return 0;
  if (failures.length === 1) throw failures[0];
  await write(io.errOut, failures.map((f) => `${aggregateLine(f)}\n`).join(''));
  throw new ExitError(1);
}
