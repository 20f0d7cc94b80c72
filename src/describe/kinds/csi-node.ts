/** CSINode (storage.k8s.io/v1): the node's CSI drivers, their node IDs, volume limits and topology keys. */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, timeRFC1123Z } from '../format.js';
import { goStringSlice } from '../label-format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4 } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export interface CSINode extends Described {
  spec?: {
    drivers?: Array<{ name?: string; nodeID?: string; allocatable?: { count?: number | null } | null; topologyKeys?: string[] | null }> | null;
  };
}

export function renderCSINode(csi: CSINode, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(csi);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(md.creationTimestamp)}\n`);
  w.write(LEVEL_0, 'Spec:\n');
  const drivers = csi.spec?.drivers;
  if (drivers) {
    w.write(LEVEL_1, 'Drivers:\n');
    for (const d of drivers) {
      w.write(LEVEL_2, `${d.name ?? ''}:\n`);
      w.write(LEVEL_3, `Node ID:\t${d.nodeID ?? ''}\n`);
      if (d.allocatable && d.allocatable.count !== undefined && d.allocatable.count !== null) {
        w.write(LEVEL_3, 'Allocatables:\n');
        w.write(LEVEL_4, `Count:\t${d.allocatable.count}\n`);
      }
      if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t${goStringSlice(d.topologyKeys)}\n`);
    }
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeCSINode: Describer = async (dc, _ns, name) => {
  const csi = await getObject<CSINode>(dc, gvr('storage.k8s.io', 'v1', 'csinodes'), '', name);
  return renderCSINode(csi, await eventsFor(dc, refOf(csi)), dc.now);
};

registerDescriber('storage.k8s.io', 'CSINode', describeCSINode);
