/** ServiceCIDR and IPAddress (networking.k8s.io/v1). */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, timeRFC1123Z } from '../format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1 } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export interface ServiceCIDR extends Described {
  spec?: { cidrs?: string[] | null };
  status?: { conditions?: Array<{ type?: string; status?: string; lastTransitionTime?: string | null; reason?: string; message?: string }> | null };
}

export interface IPAddress extends Described {
  spec?: { parentRef?: { group?: string; resource?: string; namespace?: string; name?: string } | null };
}

export function renderServiceCIDR(svc: ServiceCIDR, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(svc);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `CIDRs:\t${(svc.spec?.cidrs ?? []).join(', ')}\n`);
  const conditions = svc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${timeRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

export function renderIPAddress(ip: IPAddress, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(ip);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  const ref = ip.spec?.parentRef;
  if (ref) {
    w.write(LEVEL_0, 'Parent Reference:\n');
    w.write(LEVEL_1, `Group:\t${ref.group ?? ''}\n`);
    w.write(LEVEL_1, `Resource:\t${ref.resource ?? ''}\n`);
    w.write(LEVEL_1, `Namespace:\t${ref.namespace ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${ref.name ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeServiceCIDR: Describer = async (dc, _ns, name) => {
  const svc = await getObject<ServiceCIDR>(dc, gvr('networking.k8s.io', 'v1', 'servicecidrs'), '', name);
  return renderServiceCIDR(svc, await eventsFor(dc, refOf(svc)), dc.now);
};

const describeIPAddress: Describer = async (dc, _ns, name) => {
  const ip = await getObject<IPAddress>(dc, gvr('networking.k8s.io', 'v1', 'ipaddresses'), '', name);
  return renderIPAddress(ip, await eventsFor(dc, refOf(ip)), dc.now);
};

registerDescriber('networking.k8s.io', 'ServiceCIDR', describeServiceCIDR);
registerDescriber('networking.k8s.io', 'IPAddress', describeIPAddress);
