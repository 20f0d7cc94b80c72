/**
 * Acceptance for the local cluster's kubelet API (issue 12), with the reference
 * kubectl: `port-forward` to a pod and to a service, a page fetched through it
 * (kwok dials the target the pod's PortForward object names), and the cluster
 * default (every pod port echoes).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { kubectl, referenceKubectl, uniqueNamespace } from './cluster-env.js';
import { applyObjects, createPods, fetchText, forwardPodTo, startBackground, startPageServer, type PageServer } from './kubelet-env.js';

const NS = uniqueNamespace('kubelet-pf');
const PAGE = 'hello from the port-forward target\n';
let server: PageServer;

beforeAll(async () => {
  await kubectl(['create', 'ns', NS]);
  server = await startPageServer(PAGE);
  await createPods(NS, { web: { ports: [80], labels: { app: 'web' } }, echo: {} });
  await applyObjects({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { selector: { app: 'web' }, ports: [{ port: 8080, targetPort: 80 }] },
  });
  await forwardPodTo(NS, 'web', server, [80]);
});
afterAll(async () => {
  await kubectl(['delete', 'ns', NS, '--wait=false']);
  await server?.close();
});

async function forwardAndFetch(target: string, remote: string, containerPort: number) {
  const pf = startBackground(referenceKubectl!, ['-n', NS, 'port-forward', target, `:${remote}`]);
  try {
    const m = await pf.waitForOutput(new RegExp(`Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${containerPort}\\n`));
    // both listeners announced before the first connection (a busy machine can print the IPv6 line after it)
    await pf.waitForOutput(new RegExp(`Forwarding from \\[::1\\]:${m[1]} -> ${containerPort}\\n`));
    const body = await fetchText(`http://127.0.0.1:${m[1]}/index.html`);
    await pf.waitForOutput(new RegExp(`Handling connection for ${m[1]}\\n`));
    return { body, port: m[1], pf };
  } finally {
    await pf.stop();
  }
}

describe('kubectl port-forward against kwok', () => {
  test('to a pod: the page comes through', async () => {
    const { body, port, pf } = await forwardAndFetch('pod/web', '80', 80);
    expect(body).toBe(PAGE);
    expect(pf.stdout).toMatch(new RegExp(`^Forwarding from 127\\.0\\.0\\.1:${port} -> 80\\nForwarding from \\[::1\\]:${port} -> 80\\nHandling connection for ${port}\\n`));
  });

  test('to a service: its target port on a pod behind it', async () => {
    const { body } = await forwardAndFetch('svc/web', '8080', 80);
    expect(body).toBe(PAGE);
  });

  test('a pod without its own target echoes (the cluster default)', async () => {
    const pf = startBackground(referenceKubectl!, ['-n', NS, 'port-forward', 'pod/echo', ':7']);
    try {
      const m = await pf.waitForOutput(/Forwarding from 127\.0\.0\.1:(\d+) -> 7\n/);
      const echoed = await new Promise<string>((resolve, reject) => {
        const sock = net.connect(Number(m[1]), '127.0.0.1', () => sock.write('ping over the tunnel\n'));
        let got = '';
        sock.setEncoding('utf8').on('data', (d: string) => {
          got += d;
          if (got.endsWith('\n')) { sock.end(); resolve(got); }
        });
        sock.on('error', reject);
        sock.setTimeout(10_000, () => { sock.destroy(); reject(new Error(`no echo, got ${JSON.stringify(got)}`)); });
      });
      expect(echoed).toBe('ping over the tunnel\n');
    } finally {
      await pf.stop();
    }
  });
});
