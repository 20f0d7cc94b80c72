/** What `ktl apply` was asked to do: the command's flags, read and checked. */
import type { Context } from '../context.js';
import type { Factory } from '../factory.js';
import type { PrintOptions } from '../flags/print.js';
import type { DryRun } from '../mutate/report.js';

export interface ApplyOptions {
  ctx: Context;
  /** --record: kubernetes.io/change-cause set on each object before it is applied (so also in last-applied) */
  changeCause?: string;
  factory: Factory;
  path: string;
  filenames: string[];
  recursive: boolean;
  serverSide: boolean;
  forceConflicts: boolean;
  fieldManager: string;
  dryRun: DryRun;
  validate: 'Strict' | 'Warn' | 'Ignore';
  /** -o as given ('' or 'name' print as each object is applied; anything else prints at the end) */
  output: string;
  /**
   * --template without -o: kubectl's printer for each applied (and pruned)
   * object is then go-template, used where the "configured" line would be.
   */
  templateOnly: boolean;
  /**
   * The print flags, read when the objects are printed: as in kubectl, a
   * format apply cannot print (custom-columns, wide, a typo) fails only then,
   * after the objects were applied.
   */
  print: () => PrintOptions;
  prune: boolean;
  selector: string;
  all: boolean;
  pruneAllowlist: string[];
  force: boolean;
  gracePeriod: number;
  cascade: string;
  wait: boolean;
  /** ktl: --wait=DURATION / --wait-ready: wait until the applied objects are ready (ms, 0 no limit) */
  readyTimeoutMs?: number;
  timeoutMs: number;
  concurrency: number;
  /** --overwrite: false refuses to patch fields changed on the server since the last apply */
  overwrite: boolean;
  /** --openapi-patch */
  openapiPatch: boolean;
  /** --subresource (server-side only) */
  subresource: string;
  /** --applyset (only with KUBECTL_APPLYSET=true, as kubectl) */
  applySet?: string;
  args: string[];
}
