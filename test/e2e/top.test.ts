/**
 * `top node` and `top pod` against kubectl 1.33 on the same metrics
 * (metrics-server over kwok). CPU is a rate and may move between two scrapes,
 * so each comparison is kubectl, ktl, kubectl: when kubectl printed the same
 * twice, ktl must have printed exactly that (bytes, stderr, exit code).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, uniqueNamespace, type ProcResult } from './cluster-env.js';
import { applyObjects, setPodUsage } from './kubelet-env.js';
import { createNodes, deleteNodes, pinnedPod, uniqueNodeName, waitForNodeMetrics } from './node-env.js';

const NS = uniqueNamespace('top');
const EMPTY_NS = uniqueNamespace('top-empty');
const RUN = NS; // a label value unique to this run
const NODE_A = uniqueNodeName('top-a');
const NODE_B = uniqueNodeName('top-b');

beforeAll(async () => {
  await Promise.all([kubectl(['create', 'ns', NS]), kubectl(['create', 'ns', EMPTY_NS]), createNodes({ [NODE_A]: { 'ktl-top': RUN }, [NODE_B]: { 'ktl-top': RUN } })]);
  await applyObjects(
    pinnedPod(NS, 'busy', NODE_A, { containers: ['app', 'sidecar'], labels: { run: RUN, tier: 'web' } }),
    pinnedPod(NS, 'quiet', NODE_A, { labels: { run: RUN, tier: 'db' } }),
    pinnedPod(NS, 'heavy', NODE_B, { labels: { run: RUN, tier: 'db' } }),
  );
  const w = await kubectl(['wait', '-n', NS, '--for=condition=Ready', '--timeout=90s', 'pod/busy', 'pod/quiet', 'pod/heavy']);
  if (w.code !== 0) throw new Error(w.stderr);
  await Promise.all([
    setPodUsage(NS, 'busy', { cpu: '250m', memory: '64Mi' }),
    setPodUsage(NS, 'quiet', { cpu: '20m', memory: '300Mi' }),
    setPodUsage(NS, 'heavy', { cpu: '900m', memory: '2Gi' }),
    waitForNodeMetrics(NODE_A),
    waitForNodeMetrics(NODE_B),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([kubectl(['delete', 'ns', NS, '--wait=false']), kubectl(['delete', 'ns', EMPTY_NS, '--wait=false'])]);
  await deleteNodes(NODE_A, NODE_B);
});

const norm = (r: ProcResult, bin = 'kubectl') => ({ code: r.code, stdout: r.stdout.replaceAll(bin, 'BIN'), stderr: r.stderr.replaceAll(bin, 'BIN') });

/** kubectl, ktl, kubectl until kubectl is stable; then ktl must equal it. Returns kubectl's result. */
async function same(args: string[]): Promise<ProcResult> {
  for (let i = 0; i < 8; i++) {
    const a = await kubectl(args);
    const b = await ktl(args);
    const c = await kubectl(args);
    if (JSON.stringify(norm(a)) !== JSON.stringify(norm(c))) continue;
    expect(norm(b, 'ktl')).toEqual(norm(a));
    return a;
  }
  throw new Error(`kubectl ${args.join(' ')} never printed the same twice`);
}

describe('top pod', () => {
  test.each([
    [[]],
    [['--containers']],
    [['--sum']],
    [['--containers', '--sum']],
    [['--sort-by=cpu']],
    [['--sort-by=memory', '--sum']],
    [['--no-headers', '--sum']],
    [['-l', 'tier=db']],
    [['--field-selector', 'metadata.name=busy']],
    [['busy', '--containers']],
    [['po', 'quiet', '--use-protocol-buffers=false']],
  ])('-n NS top pod %j', async (extra) => {
    const args = extra[0] === 'po' ? ['-n', NS, 'top', ...extra] : ['-n', NS, 'top', 'pod', ...extra];
    const r = await same(args);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe('');
  });

  test('-A with a selector: the NAMESPACE column, sorted by namespace then name', async () => {
    const r = await same(['top', 'pod', '-A', '-l', `run=${RUN}`, '--sum', '--containers']);
    expect(r.stdout).toMatch(/^NAMESPACE +POD +NAME +CPU\(cores\) +MEMORY\(bytes\) +\n/);
    // the sum of the memory of every container: 2x64Mi + 300Mi + 2048Mi
    expect(r.stdout.trimEnd().split('\n').at(-1)!.trim()).toMatch(/^\d+m +2476Mi$/);
  });

  test('what kubectl prints: columns, units and trailing padding', async () => {
    const r = await same(['-n', NS, 'top', 'pod', '--sort-by=memory']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('NAME    CPU(cores)   MEMORY(bytes)   ');
    expect(lines.slice(1, 4).map((l) => [l.split(/\s+/)[0], l.split(/\s+/)[2]])).toEqual([
      ['heavy', '2048Mi'],
      ['quiet', '300Mi'],
      ['busy', '128Mi'],
    ]);
  });

  test.each([
    [['top', 'pod', 'nope']],
    [['top', 'pod', 'a', 'b']],
    [['top', 'pod', '--sort-by=disk']],
    [['top', 'pod', 'busy', '-l', 'a=b']],
    [['top', 'pod', '-l', 'a b']],
    [['top', 'pod', '-l', 'nothing=here']],
  ])('errors and empty results: %j', async (args) => {
    await same(['-n', NS, ...args]);
  });

  test('an empty namespace: "No resources found in NS namespace." on stderr, exit 0', async () => {
    const r = await same(['-n', EMPTY_NS, 'top', 'pod']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: `No resources found in ${EMPTY_NS} namespace.\n` });
  });
});

describe('top node', () => {
  test.each([
    [[]],
    [['--show-capacity']],
    [['--sort-by=cpu']],
    [['--sort-by=memory', '--no-headers']],
  ])('top node -l (this run\'s two nodes) %j', async (extra) => {
    const r = await same(['top', 'node', '-l', `ktl-top=${RUN}`, ...extra]);
    expect(r.code).toBe(0);
  });

  test('a node by name, with the percentages of its allocatable or capacity', async () => {
    const r = await same(['top', 'no', NODE_B]);
    // 2Gi of 64Gi allocatable is 3%
    expect(r.stdout).toMatch(new RegExp(`^NAME +CPU\\(cores\\) +CPU\\(%\\) +MEMORY\\(bytes\\) +MEMORY\\(%\\) +\\n${NODE_B} +\\d+m +\\d+% +2048Mi +3% +\\n$`));
    const cap = await same(['top', 'node', NODE_B, '--show-capacity']);
    expect(cap.stdout).toMatch(/ 2048Mi +1% +\n$/);
  });

  test.each([
    [['top', 'node', 'nope-no-such-node']],
    [['top', 'node', 'a', 'b']],
    [['top', 'node', '--sort-by=x']],
    [['top', 'node', 'x', '-l', 'a=b']],
    [['top', 'node', '-l', 'ktl-top=no-such-run']],
    [['top']],
    [['top', 'foo']],
    [['top', 'node', '--help']],
    [['top', 'pod', '--help']],
  ])('%j', async (args) => {
    await same(args);
  });
});
