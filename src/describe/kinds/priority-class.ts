/** PriorityClass (scheduling.k8s.io/v1). */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { formatLabels } from '../label-format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0 } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export interface PriorityClass extends Described {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
  description?: string;
}

export function renderPriorityClass(pc: PriorityClass, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(pc);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
  w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault ? 'true' : 'false'}\n`);
  w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(md.annotations)}\n`);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describePriorityClass: Describer = async (dc, _ns, name) => {
  const pc = await getObject<PriorityClass>(dc, gvr('scheduling.k8s.io', 'v1', 'priorityclasses'), '', name);
  return renderPriorityClass(pc, await eventsFor(dc, refOf(pc)), dc.now);
};

registerDescriber('scheduling.k8s.io', 'PriorityClass', describePriorityClass);
