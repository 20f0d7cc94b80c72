/**
 * The objects an imperative write command (label, annotate, patch, edit)
 * works on: the resource builder with ContinueOnError + Latest — TYPE NAME
 * and TYPE/NAME are each a GET, a type with -l / --field-selector / --all is
 * a LIST, -f manifests are re-read from the server — or, with --local, the
 * manifests as they are. Failures keep their place among the objects.
 */
import type { Factory } from '../factory.js';
import type { BuilderResult } from '../resource/builder.js';
import type { KubeObject, ResourceInfo } from '../resource/types.js';
import { throwFailures } from './report.js';

/** A found object: after latest() (or from -f with --local) every info carries one. */
export type LiveInfo = ResourceInfo & { object: KubeObject };

export interface TargetQuery {
  args: string[];
  filenames: string[];
  recursive: boolean;
  selector: string;
  fieldSelector: string;
  all: boolean;
  allNamespaces: boolean;
  /** GET this subresource of each named object (patch --subresource) */
  subresource?: string;
}

/** The live objects for the query (or the -f objects as they are with `local`). */
export function findTargets(f: Factory, q: TargetQuery, o: { local?: boolean } = {}): Promise<BuilderResult> {
  const b = f.builder().filenames(q);
  if (o.local) return b.local().do();
  return b
    .args(q.args)
    .selector(q.selector)
    .fieldSelector(q.fieldSelector)
    // cli-runtime's ResourceTypeOrNameArgs(all, ...): --all selects everything only when no name is given
    .selectAllParam(q.all && q.args.length <= 1 && !q.args.some((a) => a.includes('/')))
    .allNamespaces(q.allNamespaces)
    .subresource(q.subresource)
    .latest()
    .flatten()
    .continueOnError()
    .do();
}

/**
 * Visits each found target in order, keeping going past failures, then
 * reports them all and exits 1 if any. Lookup errors are listed in their
 * place (label, annotate: kubectl re-reads each object as it visits it);
 * with `builderLast` input errors come at the end (patch).
 */
export async function forEachTarget(
  r: BuilderResult,
  visit: (info: LiveInfo) => Promise<void>,
  opts: { builderLast?: boolean } = {},
): Promise<void> {
  const live = (info: ResourceInfo) => (info.object ? visit({ ...info, object: info.object }) : Promise.resolve());
  const failures = await r.visit(live, { errors: opts.builderLast ? 'input-last' : 'in-place' });
  throwFailures([], failures);
}
