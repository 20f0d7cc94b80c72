/** Endpoints (core/v1) and EndpointSlice (discovery.k8s.io/v1). */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

export interface Endpoints extends Described {
  subsets?: Array<{
    addresses?: Array<{ ip?: string }> | null;
    notReadyAddresses?: Array<{ ip?: string }> | null;
    ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
  }> | null;
}

export interface EndpointSlice extends Described {
  addressType?: string;
  ports?: Array<{ name?: string | null; port?: number | null; protocol?: string | null }> | null;
  endpoints?: Array<{
    addresses?: string[] | null;
    conditions?: { ready?: boolean | null };
    hostname?: string | null;
    targetRef?: { kind?: string; name?: string } | null;
    nodeName?: string | null;
    zone?: string | null;
  }> | null;
}

const orNone = (s: string) => (s === '' ? '<none>' : s);
const orUnset = (v: string | null | undefined) => (v === undefined || v === null ? '<unset>' : v);

export function renderEndpoints(ep: Endpoints, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(ep);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, 'Subsets:\n');
  for (const subset of ep.subsets ?? []) {
    w.write(LEVEL_1, `Addresses:\t${orNone((subset.addresses ?? []).map((a) => a.ip ?? '').join(','))}\n`);
    w.write(LEVEL_1, `NotReadyAddresses:\t${orNone((subset.notReadyAddresses ?? []).map((a) => a.ip ?? '').join(','))}\n`);
    const ports = subset.ports ?? [];
    if (ports.length > 0) {
      w.write(LEVEL_1, 'Ports:\n');
      w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_2, '----\t----\t--------\n');
      for (const p of ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port ?? 0}\t${p.protocol ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeEndpoints: Describer = async (dc, ns, name) => {
  const ep = await getObject<Endpoints>(dc, gvr('', 'v1', 'endpoints'), ns, name);
  return renderEndpoints(ep, await eventsFor(dc, refOf(ep)), dc.now);
};

export function renderEndpointSlice(eps: EndpointSlice, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(eps);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
  const ports = eps.ports ?? [];
  if (ports.length === 0) {
    w.write(LEVEL_0, 'Ports: <unset>\n');
  } else {
    w.write(LEVEL_0, 'Ports:\n');
    w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const p of ports) {
      const port = p.port === undefined || p.port === null ? '<unset>' : String(p.port);
      w.write(LEVEL_1, `${p.name || '<unset>'}\t${port}\t${p.protocol ?? ''}\n`);
    }
  }
  const endpoints = eps.endpoints ?? [];
  if (endpoints.length === 0) {
    w.write(LEVEL_0, 'Endpoints: <none>\n');
  } else {
    w.write(LEVEL_0, 'Endpoints:\n');
    for (const e of endpoints) {
      w.write(LEVEL_1, `- Addresses:\t${orNone((e.addresses ?? []).join(', '))}\n`);
      w.write(LEVEL_2, 'Conditions:\n');
      const ready = e.conditions?.ready;
      w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? '<unset>' : String(ready)}\n`);
      w.write(LEVEL_2, `Hostname:\t${orUnset(e.hostname)}\n`);
      if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
      w.write(LEVEL_2, `NodeName:\t${orUnset(e.nodeName)}\n`);
      w.write(LEVEL_2, `Zone:\t${orUnset(e.zone)}\n`);
    }
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeEndpointSlice: Describer = async (dc, ns, name) => {
  const eps = await getObject<EndpointSlice>(dc, gvr('discovery.k8s.io', 'v1', 'endpointslices'), ns, name);
  return renderEndpointSlice(eps, await eventsFor(dc, refOf(eps)), dc.now);
};

registerDescriber('', 'Endpoints', describeEndpoints);
registerDescriber('discovery.k8s.io', 'EndpointSlice', describeEndpointSlice);
