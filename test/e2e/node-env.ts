/**
 * Nodes of a test's own for the node commands (top node, cordon, drain,
 * taint): kwok manages any Node carrying its annotation, so a Node object is
 * all it takes. Each carries the taint `ktl-e2e/private=<name>:NoSchedule`
 * so the other suites' pods never land on it; the pods a test puts there
 * tolerate it (`pinnedPod`). The shared nodes are never touched.
 */
import { kubectl, uniqueNamespace } from './cluster-env.js';
import { until } from './kubelet-env.js';

export const PRIVATE_TAINT_KEY = 'ktl-e2e/private';

async function must(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A unique node name with a prefix. */
export function uniqueNodeName(prefix: string): string {
  return uniqueNamespace(prefix);
}

export function nodeObject(name: string, labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`,
      },
      labels: { type: 'kwok-e2e', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels },
    },
    spec: { taints: [{ key: PRIVATE_TAINT_KEY, value: name, effect: 'NoSchedule' }] },
    status: {
      allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
      capacity: { cpu: '32', memory: '128Gi', pods: '110' },
    },
  };
}

/** Creates kwok nodes and waits until each is Ready. */
export async function createNodes(nodes: Record<string, Record<string, string>>): Promise<void> {
  await must(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: Object.entries(nodes).map(([n, l]) => nodeObject(n, l)) }));
  await must(['wait', '--for=condition=Ready', '--timeout=90s', ...Object.keys(nodes).map((n) => `node/${n}`)]);
}

export async function deleteNodes(...names: string[]): Promise<void> {
  if (names.length) await kubectl(['delete', 'node', '--ignore-not-found', '--wait=false', ...names]);
}

/** A pod bound to `node` (nodeName set: no scheduler), tolerating the node's private taint. */
export function pinnedPod(ns: string, name: string, node: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; containers?: string[] } = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: extra.labels ?? { app: name }, annotations: extra.annotations },
    spec: {
      nodeName: node,
      tolerations: [{ key: PRIVATE_TAINT_KEY, operator: 'Exists', effect: 'NoSchedule' }],
      containers: (extra.containers ?? ['app']).map((c) => ({ name: c, image: 'registry.k8s.io/pause:3.10' })),
      terminationGracePeriodSeconds: 0,
    },
  };
}

/** The node as JSON. */
export async function getNode(name: string): Promise<{ spec?: { unschedulable?: boolean; taints?: Array<{ key: string; value?: string; effect: string }> }; metadata: { resourceVersion: string } }> {
  return JSON.parse(await must(['get', 'node', name, '-o', 'json']));
}

/** Waits until metrics.k8s.io reports the node. */
export async function waitForNodeMetrics(name: string): Promise<void> {
  await until(`metrics.k8s.io to report node ${name}`, async () => {
    const r = await kubectl(['get', '--raw', `/apis/metrics.k8s.io/v1beta1/nodes/${name}`]);
    return r.code === 0 ? true : undefined;
  }, 90_000);
}
