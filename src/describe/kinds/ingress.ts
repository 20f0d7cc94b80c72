/**
 * Ingress and IngressClass (networking.k8s.io/v1). An Ingress's backends
 * show the ready endpoints of their Service port (from its EndpointSlices),
 * or the error that kept kubectl from reading them.
 */
import { getObject, gvr, listObjects } from '../api.js';
import { formatEndpointSlices, type SliceLike } from '../endpoint-slices.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2 } from '../prefix-writer.js';
import { registerDescriber, type DescribeContext, type Describer } from '../registry.js';

interface ServiceBackend {
  name?: string;
  port?: { name?: string; number?: number };
}

export interface IngressBackend {
  service?: ServiceBackend | null;
  resource?: { apiGroup?: string | null; kind?: string; name?: string } | null;
}

export interface Ingress extends Described {
  spec?: {
    ingressClassName?: string | null;
    defaultBackend?: IngressBackend | null;
    tls?: Array<{ hosts?: string[] | null; secretName?: string }> | null;
    rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; backend?: IngressBackend }> | null } | null }> | null;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> | null } };
}

interface Service extends Described {
  spec?: { ports?: Array<{ name?: string; port?: number }> | null };
}

export interface IngressClass extends Described {
  spec?: { controller?: string; parameters?: { apiGroup?: string | null; kind?: string; name?: string } | null };
}

const NET = (resource: string) => gvr('networking.k8s.io', 'v1', resource);

/** serviceBackendStringer: "name:port". */
function serviceBackendString(b: ServiceBackend): string {
  const port = b.port?.number ? String(b.port.number) : (b.port?.name ?? '');
  return `${b.name ?? ''}:${port}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** describeBackendV1 */
async function describeBackend(dc: DescribeContext, ns: string, backend: IngressBackend): Promise<string> {
  if (backend.service) {
    const svcBackend = backend.service;
    const sb = serviceBackendString(svcBackend);
    let slices: SliceLike[];
    let service: Service;
    try {
      slices = await listObjects<SliceLike & Described>(dc, gvr('discovery.k8s.io', 'v1', 'endpointslices'), ns, {
        labelSelector: `kubernetes.io/service-name=${svcBackend.name ?? ''}`,
      });
      service = await getObject<Service>(dc, gvr('', 'v1', 'services'), ns, svcBackend.name ?? '');
    } catch (err) {
      return `${sb} (<error: ${errorText(err)}>)`;
    }
    let portName = '';
    for (const sp of service.spec?.ports ?? []) {
      const number = svcBackend.port?.number ?? 0;
      const name = svcBackend.port?.name ?? '';
      if (number !== 0 && number === sp.port) portName = sp.name ?? '';
      else if (name.length > 0 && name === sp.name) portName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([portName]))})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    const apiGroup = r.apiGroup === undefined || r.apiGroup === null ? '<none>' : r.apiGroup;
    return `APIGroup: ${apiGroup}, Kind: ${r.kind ?? ''}, Name: ${r.name ?? ''}`;
  }
  return '';
}

/** ingressLoadBalancerStatusStringerV1, wide: the distinct IPs/hostnames, sorted. */
function loadBalancerAddress(ing: Ingress): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort(compareStrings).join(',');
}

/** The backend texts an Ingress shows, looked up ahead (kubectl reads the Services and slices as it writes). */
export type BackendTexts = Map<IngressBackend, string>;

export function renderIngress(ing: Ingress, backends: BackendTexts, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(ing);
  const spec = ing.spec ?? {};
  const text = (b: IngressBackend | null | undefined) => (b ? (backends.get(b) ?? '') : '');
  const defaultBackend = spec.defaultBackend ? text(spec.defaultBackend) : '<default>';
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Address:\t${loadBalancerAddress(ing)}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
  if ((spec.tls ?? []).length > 0) {
    w.write(LEVEL_0, 'TLS:\n');
    for (const t of spec.tls!) {
      const hosts = (t.hosts ?? []).join(',');
      if (t.secretName) w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      else w.write(LEVEL_1, `SNI routes ${hosts}\n`);
    }
  }
  w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(LEVEL_1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths ?? []) w.write(LEVEL_2, `\t${p.path ?? ''} \t${text(p.backend)}\n`);
  }
  if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeIngress: Describer = async (dc, ns, name) => {
  const ing = await getObject<Ingress>(dc, NET('ingresses'), ns, name);
  const events = await eventsFor(dc, refOf(ing));
  const namespace = metaOf(ing).namespace ?? '';
  const backends: BackendTexts = new Map();
  const spec = ing.spec ?? {};
  if (spec.defaultBackend) backends.set(spec.defaultBackend, await describeBackend(dc, namespace, spec.defaultBackend));
  for (const rule of spec.rules ?? []) {
    for (const p of rule.http?.paths ?? []) if (p.backend) backends.set(p.backend, await describeBackend(dc, namespace, p.backend));
  }
  return renderIngress(ing, backends, events, dc.now);
};

export function renderIngressClass(ic: IngressClass, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(ic);
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const params = ic.spec?.parameters;
  if (params) {
    w.write(LEVEL_0, 'Parameters:\n');
    if (params.apiGroup !== undefined && params.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${params.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${params.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${params.name ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeIngressClass: Describer = async (dc, _ns, name) => {
  const ic = await getObject<IngressClass>(dc, NET('ingressclasses'), '', name);
  return renderIngressClass(ic, await eventsFor(dc, refOf(ic)), dc.now);
};

registerDescriber('networking.k8s.io', 'Ingress', describeIngress);
registerDescriber('networking.k8s.io', 'IngressClass', describeIngressClass);
