/** PodDisruptionBudget (policy/v1). */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { formatLabelSelector, type LabelSelector } from '../label-format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_2 } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export interface PodDisruptionBudget extends Described {
  spec?: { minAvailable?: number | string | null; maxUnavailable?: number | string | null; selector?: LabelSelector | null };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

export function renderPodDisruptionBudget(pdb: PodDisruptionBudget, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(pdb);
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  if (present(spec.minAvailable)) w.write(LEVEL_0, `Min available:\t${String(spec.minAvailable)}\n`);
  else if (present(spec.maxUnavailable)) w.write(LEVEL_0, `Max unavailable:\t${String(spec.maxUnavailable)}\n`);
  w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
  w.write(LEVEL_2, `Current:\t${status.currentHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Total:\t${status.expectedPods ?? 0}\n`);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describePodDisruptionBudget: Describer = async (dc, ns, name) => {
  const pdb = await getObject<PodDisruptionBudget>(dc, gvr('policy', 'v1', 'poddisruptionbudgets'), ns, name);
  return renderPodDisruptionBudget(pdb, await eventsFor(dc, refOf(pdb)), dc.now);
};

registerDescriber('policy', 'PodDisruptionBudget', describePodDisruptionBudget);
