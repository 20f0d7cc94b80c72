/**
 * `ktl describe` of networking kinds against kubectl.1.33 on the same
 * objects: NetworkPolicy (every rule shape), Ingress (TLS, several rules,
 * default backend, a missing Service, a resource backend), IngressClass,
 * Endpoints and EndpointSlices (hand-made and controller-made). Outputs
 * must match byte for byte with ages masked.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, uniqueNamespace } from './cluster-env.js';
import { describeBoth, views } from './describe-helpers.js';

const NS = uniqueNamespace('ktl-desc-net');
const CLASS = `${NS}-nginx`;

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${NS}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: external-db, namespace: ${NS}}
spec:
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external-db, namespace: ${NS}, labels: {tier: db}, annotations: {owner: team-data}}
subsets:
- addresses: [{ip: 192.168.10.1}, {ip: 192.168.10.2}]
  notReadyAddresses: [{ip: 192.168.10.3}]
  ports: [{name: pg, port: 5432, protocol: TCP}, {name: pg-admin, port: 5433}]
- addresses: [{ip: 192.168.20.1}]
  ports: [{port: 6432, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-db-manual
  namespace: ${NS}
  labels: {kubernetes.io/service-name: external-db, endpointslice.kubernetes.io/managed-by: ops.example.com}
addressType: IPv4
ports: [{name: pg, port: 5432, protocol: TCP}, {name: "", protocol: UDP}]
endpoints:
- addresses: [192.168.10.1]
  conditions: {ready: true}
  hostname: db-0
  nodeName: kwok-node-0
  zone: zone-a
  targetRef: {kind: Pod, name: db-0, namespace: ${NS}}
- addresses: [192.168.10.3]
  conditions: {ready: false, serving: true, terminating: true}
- addresses: [192.168.10.4]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: empty-slice, namespace: ${NS}}
addressType: IPv6
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${CLASS}
  labels: {app.kubernetes.io/component: controller}
  annotations: {ingressclass.kubernetes.io/is-default-class: "false"}
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb, scope: Cluster}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${CLASS}-plain}
spec:
  controller: example.com/ingress
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  namespace: ${NS}
  labels: {app: web}
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /, note: "${'n'.repeat(150)}"}
spec:
  ingressClassName: ${CLASS}
  defaultBackend:
    service: {name: web, port: {name: http}}
  tls:
  - hosts: [a.example.com, b.example.com]
    secretName: site-tls
  - hosts: [c.example.com]
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Exact, backend: {service: {name: api, port: {number: 8080}}}}
  - host: b.example.com
  - http:
      paths:
      - {path: /static, pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}
      - {path: /metrics, pathType: Prefix, backend: {service: {name: web, port: {name: metrics}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback, namespace: ${NS}}
spec:
  defaultBackend:
    resource: {kind: StorageBucket, name: static-site}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-allow, namespace: ${NS}, labels: {team: api}}
spec:
  podSelector:
    matchLabels: {app: api, tier: backend}
    matchExpressions: [{key: env, operator: In, values: [prod, staging]}, {key: canary, operator: DoesNotExist}]
  policyTypes: [Ingress, Egress]
  ingress:
  - ports:
    - {port: 8080}
    - {protocol: UDP, port: dns}
    - {protocol: TCP, port: 32000, endPort: 32768}
    from:
    - podSelector: {matchLabels: {role: frontend}}
      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}
    - podSelector: {matchExpressions: [{key: role, operator: NotIn, values: [batch, cron]}]}
    - namespaceSelector: {matchLabels: {team: ops}}
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}
  - {}
  egress:
  - to:
    - ipBlock: {cidr: 0.0.0.0/0}
    ports: [{protocol: UDP, port: 53}, {protocol: SCTP, port: 9000}]
  - to: [{namespaceSelector: {}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ${NS}}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ingress-only, namespace: ${NS}}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {}}]}]
---
apiVersion: networking.k8s.io/v1
kind: ServiceCIDR
metadata: {name: ${NS}-extra, labels: {purpose: test}}
spec:
  cidrs: [10.96.100.0/24, fd00:10:96::/112]
`;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  const r = await kubectl(['apply', '-f', '-'], { input: manifests });
  if (r.code !== 0) throw new Error(r.stderr);
  // the Service's controller-made slices have both pods once they run
  await kubectl(['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=90s']);
});

afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await kubectl(['delete', 'ingressclass', CLASS, `${CLASS}-plain`, '--ignore-not-found']);
  await kubectl(['delete', 'servicecidr', `${NS}-extra`, '--ignore-not-found', '--wait=false']);
});

async function same(args: string[]): Promise<string> {
  const [a, b] = views(await describeBoth(args));
  expect(a).toEqual(b);
  expect(a.code).toBe(0);
  return a.stdout;
}

describe('describe networking kinds (ktl vs kubectl.1.33)', () => {
  test('NetworkPolicy: selectors, ports, port ranges, ipBlock with except, empty rules', async () => {
    const out = await same(['describe', '-n', NS, 'networkpolicy', 'api-allow']);
    expect(out).toContain('To Port Range: 32000-32768/TCP');
    expect(out).toContain('Except: 10.1.0.0/16, 10.2.0.0/16');
  });
  test('NetworkPolicy: isolating everything, and ingress only (policy types defaulted)', async () => {
    const out = await same(['describe', '-n', NS, 'networkpolicy', 'deny-all', 'ingress-only']);
    expect(out).toContain('<none> (Selected pods are isolated for egress connectivity)');
    expect(out).toContain('Not affecting egress traffic');
  });
  test('Ingress: TLS, rules, default backend, endpoints, a missing Service and a resource backend', async () => {
    const out = await same(['describe', '-n', NS, 'ingress', 'site']);
    expect(out).toContain('api:8080 (<error: services "api" not found>)');
    expect(out).toContain('APIGroup: k8s.example.com, Kind: StorageBucket, Name: assets');
  });
  test('Ingress with only a default backend', async () => {
    await same(['describe', '-n', NS, 'ingress', 'fallback']);
  });
  test('IngressClass with and without parameters', async () => {
    await same(['describe', 'ingressclass', CLASS, `${CLASS}-plain`]);
  });
  test('Endpoints with several subsets, not-ready addresses and unnamed ports', async () => {
    await same(['describe', '-n', NS, 'endpoints', 'external-db']);
  });
  test('EndpointSlices: hand-made, empty, and the controller-made ones (by label)', async () => {
    await same(['describe', '-n', NS, 'endpointslice', 'external-db-manual', 'empty-slice']);
    const out = await same(['describe', '-n', NS, 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    expect(out).toContain('TargetRef:  Pod/web-');
  });
  test('ServiceCIDRs (the default one with its conditions, an added dual-stack one) and the IPAddress of a Service', async () => {
    const out = await same(['describe', 'servicecidr', 'kubernetes', `${NS}-extra`]);
    expect(out).toContain('CIDRs:        10.96.100.0/24, fd00:10:96::/112');
    const ip = await kubectl(['get', '-n', NS, 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    const desc = await same(['describe', 'ipaddress', ip.stdout]);
    expect(desc).toContain('Parent Reference:');
  });
});
