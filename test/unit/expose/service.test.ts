import { describe, expect, test } from '@jest/globals';
import { serviceFor } from '../../../src/commands/expose.js';

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
});
