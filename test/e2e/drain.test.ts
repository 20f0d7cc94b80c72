/**
 * cordon, uncordon and drain against kubectl 1.33, each on its own twin: a
 * kwok node of the test's own (never a shared node) with a namespace holding
 * a Deployment's pod, a DaemonSet's pod, a bare pod and a bare pod with an
 * emptyDir, the Deployment protected by a PodDisruptionBudget with
 * maxUnavailable 0 until the test relaxes it. Names are normalised (node,
 * namespace, generated pod suffixes); lines printed by concurrent evictions
 * and the items of Go maps (kubectl's warnings and refusals) are compared
 * as sets, everything else byte for byte. Server state is checked after
 * each step.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, ktlBin, referenceKubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { applyObjects, startBackground, until } from './kubelet-env.js';
import { createNodes, deleteNodes, getNode, pinnedPod, PRIVATE_TAINT_KEY, uniqueNodeName } from './node-env.js';

const RUN = uniqueNamespace('drain');
type Who = 'kubectl' | 'ktl';
const twins: Record<Who, { node: string; ns: string }> = {
  kubectl: { node: uniqueNodeName('drain-k'), ns: `${RUN}-k` },
  ktl: { node: uniqueNodeName('drain-t'), ns: `${RUN}-t` },
};
const run = (who: Who, args: string[]) => (who === 'kubectl' ? kubectl(args) : ktl(args));

function workloads(ns: string, node: string): object[] {
  const template = (app: string) => ({
    metadata: { labels: { app } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': node },
      tolerations: [{ key: PRIVATE_TAINT_KEY, operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }],
      terminationGracePeriodSeconds: 0,
    },
  });
  const scratch = pinnedPod(ns, 'scratch', node) as { spec: Record<string, unknown> };
  scratch.spec.volumes = [{ name: 'tmp', emptyDir: {} }];
  return [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template('web') } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: ns }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: ns }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } } },
    pinnedPod(ns, 'bare', node),
    scratch,
  ];
}

async function podsOnNode(who: Who): Promise<string[]> {
  const { node, ns } = twins[who];
  const r = await kubectl(['get', 'pods', '-n', ns, '-o', 'json']);
  const items = (JSON.parse(r.stdout) as { items: Array<{ metadata: { name: string; deletionTimestamp?: string }; spec: { nodeName?: string } }> }).items;
  return items.filter((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp).map((p) => normPodName(p.metadata.name)).sort();
}

function normPodName(s: string): string {
  return s.replace(/\bweb-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, 'web-POD').replace(/\bagent-[a-z0-9]{5}\b/g, 'agent-POD');
}

/** The output with this twin's names replaced and Go-map-ordered items sorted. */
function norm(who: Who, text: string): string {
  const { node, ns } = twins[who];
  let t = normPodName(text.replaceAll(node, 'NODE').replaceAll(ns, 'NS'));
  // utilerrors.Aggregate and the warnings come from Go maps: their order varies
  t = t.replace(/\[(cannot delete [^\]]*)\]/g, (_m, inner: string) => `[${inner.split(/, (?=cannot delete)/).sort().join(', ')}]`);
  t = t.replace(/^Warning: (.*)$/gm, (_m, inner: string) => `Warning: ${inner.split('; ').sort().join('; ')}`);
  const lines = t.split('\n');
  // consecutive "cannot delete ..." lines (the aggregate's members) in any order
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.startsWith('cannot delete ')) {
      let j = i;
      while (j < lines.length && lines[j]!.startsWith('cannot delete ')) j++;
      out.push(...lines.slice(i, j).sort());
      i = j;
    } else out.push(lines[i++]!);
  }
  return out.join('\n');
}

/** stdout lines as a sorted multiset (evictions run concurrently) */
const sortedLines = (s: string) => s.split('\n').filter(Boolean).sort();

async function both(args: (who: Who) => string[]): Promise<Record<Who, ProcResult>> {
  const [k, t] = await Promise.all([run('kubectl', args('kubectl')), run('ktl', args('ktl'))]);
  return { kubectl: k, ktl: t };
}

function expectSame(r: Record<Who, ProcResult>, o: { sortStdout?: boolean } = {}): void {
  const view = (who: Who) => ({
    code: r[who].code,
    stdout: o.sortStdout ? sortedLines(norm(who, r[who].stdout)) : norm(who, r[who].stdout),
    stderr: norm(who, r[who].stderr).replaceAll(who === 'ktl' ? 'ktl' : 'kubectl', 'BIN'),
  });
  expect(view('ktl')).toEqual(view('kubectl'));
}

beforeAll(async () => {
  await createNodes({ [twins.kubectl.node]: { 'ktl-drain': RUN }, [twins.ktl.node]: { 'ktl-drain': RUN } });
  await Promise.all(Object.values(twins).map(({ ns }) => kubectl(['create', 'ns', ns])));
  await applyObjects(...workloads(twins.kubectl.ns, twins.kubectl.node), ...workloads(twins.ktl.ns, twins.ktl.node));
  for (const who of ['kubectl', 'ktl'] as Who[]) {
    await until(`the four pods running on ${twins[who].node}`, async () => {
      const r = await kubectl(['get', 'pods', '-n', twins[who].ns, '--field-selector', 'status.phase=Running', '-o', 'name']);
      return r.stdout.trim().split('\n').filter(Boolean).length === 4 ? true : undefined;
    }, 120_000);
    await until('the PDB observed', async () => {
      const r = await kubectl(['get', 'pdb', 'web', '-n', twins[who].ns, '-o', 'jsonpath={.status.observedGeneration} {.status.expectedPods}']);
      return r.stdout === '1 1' ? true : undefined;
    });
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(twins).map(({ ns }) => kubectl(['delete', 'ns', ns, '--wait=false'])));
  await deleteNodes(twins.kubectl.node, twins.ktl.node);
});

describe('cordon and uncordon', () => {
  test('usage errors and refusals', async () => {
    for (const args of [['cordon'], ['uncordon', 'a', '-l', 'x=y'], ['cordon', 'no-such-node-xyz'], ['drain'], ['drain', 'a', '-l', 'x=y'], ['drain', 'a', '--pod-selector', 'a b'], ['cordon', '--dry-run=maybe', 'x']]) {
      expectSame(await both(() => args));
    }
  });

  test('a round trip: cordoned, already cordoned, dry runs that change nothing, uncordoned', async () => {
    const steps: Array<[(who: Who) => string[], boolean | undefined]> = [
      [(w) => ['uncordon', twins[w].node], undefined],
      [(w) => ['cordon', twins[w].node, '--dry-run=server'], undefined],
      [(w) => ['cordon', twins[w].node, '--dry-run=client'], undefined],
      [(w) => ['cordon', `node/${twins[w].node}`], true],
      [(w) => ['cordon', '-l', `ktl-drain=${RUN},kubernetes.io/hostname=${twins[w].node}`], true],
      [(w) => ['uncordon', twins[w].node], undefined],
    ];
    for (const [args, unschedulable] of steps) {
      const r = await both(args);
      expectSame(r);
      expect(r.ktl.code).toBe(0);
      for (const who of ['kubectl', 'ktl'] as Who[]) expect((await getNode(twins[who].node)).spec?.unschedulable).toBe(unschedulable);
    }
  });
});

describe('drain', () => {
  test('without flags: cordons, then refuses with the pods that block it; nothing evicted', async () => {
    const r = await both((w) => ['drain', twins[w].node]);
    expectSame(r);
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toContain('There are pending nodes to be drained:\n');
    for (const who of ['kubectl', 'ktl'] as Who[]) {
      expect((await getNode(twins[who].node)).spec?.unschedulable).toBe(true);
      expect(await podsOnNode(who)).toEqual(['agent-POD', 'bare', 'scratch', 'web-POD']);
    }
  });

  test('--dry-run=client and server list the pods and change nothing', async () => {
    // (a server dry run still meets the PDB's 429 and retries forever, in kubectl too: the PDB's pod is left out)
    for (const dry of ['client', 'server']) {
      const r = await both((w) => ['drain', twins[w].node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', `--dry-run=${dry}`, '--pod-selector=app!=web']);
      expectSame(r, { sortStdout: true });
      expect(r.ktl.code).toBe(0);
    }
    for (const who of ['kubectl', 'ktl'] as Who[]) expect(await podsOnNode(who)).toEqual(['agent-POD', 'bare', 'scratch', 'web-POD']);
  });

  test('--chunk-size pages both the node list (-l) and the pod list, as kubectl requests them', async () => {
    // -v=6 names every request; only the URLs are compared (timings and klog headers differ)
    const requests = (who: Who, stderr: string) =>
      norm(who, stderr)
        .split('\n')
        .map((l) => /verb="(GET|PATCH)" url="https:\/\/[^/]+([^"]*)"/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]} ${m[2]!.replace(/continue=[^&]*/, 'continue=TOKEN')}`);
    const r = await both((w) => ['drain', '-l', `ktl-drain=${RUN},kubernetes.io/hostname=${twins[w].node}`, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--dry-run=server', '--pod-selector=app!=web', '--chunk-size=1', '-v=6']);
    expect(r.ktl.code).toBe(r.kubectl.code);
    const seen = requests('ktl', r.ktl.stderr);
    expect(seen).toEqual(requests('kubectl', r.kubectl.stderr));
    expect(seen).toContain(`GET /api/v1/nodes?labelSelector=ktl-drain%3D${RUN}%2Ckubernetes.io%2Fhostname%3DNODE&limit=1`);
    // three pods pass the selector: three pages of one, then the empty page the last continue token leads to
    const pages = seen.filter((l) => l.startsWith('GET /api/v1/pods?') && l.endsWith('&limit=1'));
    expect(pages).toHaveLength(4);
    expect(pages.filter((l) => l.includes('continue=TOKEN'))).toHaveLength(3);
  });

  test('--timeout while the PDB refuses: the retry message, then the timeout and the pending pods', async () => {
    const r = await both((w) => ['drain', twins[w].node, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=2s', '--pod-selector=app=web']);
    expectSame(r, { sortStdout: true });
    expect(r.ktl.code).toBe(1);
    expect(r.ktl.stderr).toContain(`(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n`);
    expect(r.ktl.stderr).toContain('global timeout reached: 2s');
    for (const who of ['kubectl', 'ktl'] as Who[]) expect(await podsOnNode(who)).toEqual(['agent-POD', 'bare', 'scratch', 'web-POD']);
  }, 60_000);

  test('evicts past the PDB once it is relaxed, waits until the pods are gone; the DaemonSet pod stays', async () => {
    const bg = (['kubectl', 'ktl'] as Who[]).map((who) =>
      startBackground(who === 'kubectl' ? referenceKubectl! : process.execPath, [
        ...(who === 'ktl' ? [ktlBin] : []),
        'drain',
        twins[who].node,
        '--ignore-daemonsets',
        '--delete-emptydir-data',
        '--force',
        '--grace-period=0',
      ]),
    );
    await Promise.all(bg.map((b) => b.waitForOutput(/will retry after 5s/, 60_000)));
    for (const who of ['kubectl', 'ktl'] as Who[]) {
      const p = await kubectl(['patch', 'pdb', 'web', '-n', twins[who].ns, '--type=merge', '-p', '{"spec":{"maxUnavailable":1}}']);
      expect(p.code).toBe(0);
    }
    const ends = await Promise.all(bg.map((b) => b.exited));
    const r: Record<Who, ProcResult> = {
      kubectl: { code: ends[0]!.code ?? -1, stdout: bg[0]!.stdout, stderr: bg[0]!.stderr },
      ktl: { code: ends[1]!.code ?? -1, stdout: bg[1]!.stdout, stderr: bg[1]!.stderr },
    };
    // the number of 429 retries depends on when the PDB change is seen: compare with the retries counted once
    for (const who of ['kubectl', 'ktl'] as Who[]) {
      const { ns } = twins[who];
      const webPod = /evicting pod [^/]+\/(web-\S+)/.exec(r[who].stdout)![1]!;
      expect(new Set(r[who].stdout.split('\n').filter((l) => l.includes(webPod) && l.startsWith('evicting')))).toEqual(new Set([`evicting pod ${ns}/${webPod}`]));
      expect(r[who].stderr.split('\n').filter((l) => l.includes('will retry')).every((l) => l === `error when evicting pods/"${webPod}" -n "${ns}" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`)).toBe(true);
    }
    const dedupe = (s: string) => [...new Set(s.split('\n'))].join('\n');
    expectSame({
      kubectl: { ...r.kubectl, stdout: dedupe(r.kubectl.stdout), stderr: dedupe(r.kubectl.stderr) },
      ktl: { ...r.ktl, stdout: dedupe(r.ktl.stdout), stderr: dedupe(r.ktl.stderr) },
    }, { sortStdout: true });
    expect(r.ktl.code).toBe(0);
    expect(r.ktl.stdout).toContain(`node/${twins.ktl.node} drained\n`);
    for (const who of ['kubectl', 'ktl'] as Who[]) expect(await podsOnNode(who)).toEqual(['agent-POD']);
  }, 120_000);

  test('--disable-eviction deletes even a pod a PDB protects; then uncordon', async () => {
    for (const who of ['kubectl', 'ktl'] as Who[]) {
      const { ns, node } = twins[who];
      await applyObjects(pinnedPod(ns, 'late', node), { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'late', namespace: ns }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'late' } } } });
      const w = await kubectl(['wait', '-n', ns, '--for=condition=Ready', '--timeout=60s', 'pod/late']);
      expect(w.code).toBe(0);
    }
    const r = await both((w) => ['drain', twins[w].node, '--ignore-daemonsets', '--force', '--disable-eviction', '--grace-period=0']);
    expectSame(r);
    expect(norm('ktl', r.ktl.stdout)).toBe('node/NODE already cordoned\npod/late deleted\nnode/NODE drained\n');
    for (const who of ['kubectl', 'ktl'] as Who[]) expect(await podsOnNode(who)).toEqual(['agent-POD']);
    const u = await both((w) => ['uncordon', twins[w].node]);
    expectSame(u);
    for (const who of ['kubectl', 'ktl'] as Who[]) expect((await getNode(twins[who].node)).spec?.unschedulable).toBeUndefined();
  }, 90_000);
});
