import { describe, expect, test } from '@jest/globals';
import { serviceFor, type ExposeCarry } from '../../../src/commands/expose.js';

const deploy = {
  metadata: { name: 'web', namespace: 'ex', labels: { tier: 'fe', app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] }, { ports: [{ containerPort: 9090 }] }] } },
  },
};

describe('expose: the service generator', () => {
  test('ports, protocols, labels and selector from a deployment (as kubectl 1.33 prints them)', () => {
    // the namespace is the command's (-n on a client-side dry run), never the exposed object's
    expect(serviceFor(deploy, 'Deployment', {}, 'apps', 'ex')).toEqual({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: { name: 'web', namespace: 'ex', creationTimestamp: null, labels: { app: 'web', tier: 'fe' } },
      spec: {
        ports: [
          { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
          { name: 'port-2', protocol: 'UDP', port: 53, targetPort: 53 },
          { name: 'port-3', protocol: 'TCP', port: 9090, targetPort: 9090 },
        ],
        selector: { app: 'web' },
      },
      status: { loadBalancer: {} },
    });
  });

  test('flags win: one port (its protocol looked up on the object), named target port, labels, selector, type', () => {
    const svc = serviceFor(deploy, 'Deployment', { port: '53', targetPort: 'dns', labels: 'x=y', selector: 'k=v', type: 'NodePort', name: 'w2' }, 'apps');
    expect(svc.metadata).toEqual({ name: 'w2', creationTimestamp: null, labels: { x: 'y' } });
    expect(svc.spec).toEqual({ ports: [{ protocol: 'UDP', port: 53, targetPort: 'dns' }], selector: { k: 'v' }, type: 'NodePort' });
  });

  test('the default name is the object\'s cut to 63 characters', () => {
    const long = 'kubernetes-serve-hostname-testing-sixty-three-characters-in-length';
    const pod = { metadata: { name: long, labels: { a: 'b' } }, spec: {} };
    expect((serviceFor(pod, 'Pod', { port: '80' }).metadata as { name: string }).name).toBe('kubernetes-serve-hostname-testing-sixty-three-characters-in-len');
  });

  test("kubectl's errors", () => {
    expect(() => serviceFor({ metadata: { name: 'p' }, spec: {} }, 'Pod', {})).toThrow(
      "couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
    );
    expect(() => serviceFor({ ...deploy, spec: { ...deploy.spec, template: { spec: { containers: [{}] } } } }, 'Deployment', {})).toThrow(
      "couldn't find port via --port flag or introspection",
    );
  });

  test('a port served over two protocols: one entry per protocol, each port number once (kubectl 1.33)', () => {
    const pod = { metadata: { name: 'dns', labels: { app: 'dns' } }, spec: { containers: [{ ports: [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }, { containerPort: 8080 }] }] } };
    expect((serviceFor(pod, 'Pod', {}).spec as { ports: unknown }).ports).toEqual([
      { name: 'port-1-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      { name: 'port-1-udp', protocol: 'UDP', port: 53, targetPort: 53 },
      { name: 'port-2', protocol: 'TCP', port: 8080, targetPort: 8080 },
    ]);
    // --protocol stamps every port with itself
    expect((serviceFor(pod, 'Pod', { protocol: 'SCTP' }).spec as { ports: unknown }).ports).toEqual([
      { name: 'port-1', protocol: 'SCTP', port: 53, targetPort: 53 },
      { name: 'port-2', protocol: 'SCTP', port: 8080, targetPort: 8080 },
    ]);
  });

  test('a headless service needs no port', () => {
    const bare = { metadata: { name: 'd', labels: { app: 'd' } }, spec: { selector: { matchLabels: { app: 'd' } }, template: { spec: { containers: [{}] } } } };
    expect(serviceFor(bare, 'Deployment', { clusterIp: 'None' }, 'apps').spec).toEqual({ selector: { app: 'd' }, clusterIP: 'None' });
  });

  test('several objects in one run: selector, ports and labels come from the first, protocols from each (kubectl 1.33)', () => {
    const carry: ExposeCarry = {};
    const first = serviceFor(deploy, 'Deployment', {}, 'apps', '', carry);
    const other = {
      metadata: { name: 'b', labels: { app: 'b' } },
      spec: { selector: { matchLabels: { app: 'b' } }, template: { spec: { containers: [{ ports: [{ containerPort: 53, protocol: 'SCTP' }] }] } } },
    };
    const second = serviceFor(other, 'Deployment', {}, 'apps', '', carry);
    expect(second.metadata).toEqual({ name: 'b', creationTimestamp: null, labels: (first.metadata as { labels: unknown }).labels });
    expect(second.spec).toEqual({
      ports: [
        { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
        { name: 'port-2', protocol: 'SCTP', port: 53, targetPort: 53 },
        { name: 'port-3', protocol: 'TCP', port: 9090, targetPort: 9090 },
      ],
      selector: { app: 'web' },
    });
    // a first object without labels leaves them to the next one
    const later: ExposeCarry = {};
    serviceFor({ metadata: { name: 'p' }, spec: { containers: [{ ports: [{ containerPort: 1 }] }] } }, 'Pod', { selector: 'a=b' }, '', '', later);
    expect(serviceFor(other, 'Deployment', {}, 'apps', '', later).metadata).toEqual({ name: 'b', creationTimestamp: null, labels: { app: 'b' } });
  });
});
