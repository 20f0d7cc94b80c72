/**
 * Service: type, IP families, cluster IPs, ports with their endpoints
 * (from the service's EndpointSlices, at most three shown), affinity and
 * traffic policies.
 */
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { LEVEL_0, tabbedString } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';
import { formatLabels } from '../selectors.js';
import type { EndpointSlice, Service } from '../wire.js';
import { escapePathSegment } from '../../client/path-segment.js';

type Endpoint = EndpointSlice['endpoints'][number];
type LoadBalancerIngress = NonNullable<NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress']>[number];

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpointSlices: ready endpoints of the named port, "a,b,c + N more...", "<none>" without slices. */
export function formatEndpointSlices(slices: EndpointSlice[], portName: string | undefined): string {
  if (slices.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  const ready = (e: Endpoint) => e.conditions?.ready === undefined || e.conditions?.ready === null || e.conditions.ready === true;
  for (const s of slices) {
    const endpoints = s.endpoints ?? [];
    const ports = s.ports ?? [];
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses?.[0] ?? '');
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if (portName !== undefined && (p.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses?.[0] ?? '', String(p.port ?? 0)));
        count++;
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

function ingressText(ingress: LoadBalancerIngress[]): string {
  return ingress.map((i) => (i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : (i.hostname ?? ''))).join(', ');
}

export function renderService(svc: Service, slices: EndpointSlice[], events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    if (spec.externalIPs && spec.externalIPs.length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressText(ingress)}\n`);
    for (const p of spec.ports ?? []) {
      const name = p.name || '<unset>';
      const proto = p.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${p.port ?? 0}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? 0}/${proto}\n`);
      if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges && spec.loadBalancerSourceRanges.length > 0) {
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    }
    if (events) describeEvents(w, events, now);
  });
}

const describeService: Describer = async (dc, namespace, name) => {
  const svc = await getObject<Service>(dc, gvr('', 'v1', 'services'), namespace, name);
  // kubectl lists the slices in one request (no --chunk-size) and ignores a failure
  const slices = await dc.clients.rest
    .list<EndpointSlice>(`/apis/discovery.k8s.io/v1/namespaces/${escapePathSegment(namespace)}/endpointslices`, {
      query: { labelSelector: `kubernetes.io/service-name=${name}` },
      limit: 0,
    })
    .then((l) => l.items)
    .catch((): EndpointSlice[] => []);
  const events = await eventsFor(dc, refOf(svc));
  return renderService(svc, slices, events, dc.now);
};

registerDescriber('', 'Service', describeService);
